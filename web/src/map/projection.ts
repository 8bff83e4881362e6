/**
 * Venue metres to screen. Venue y points north and screen y points down, so y is flipped:
 * screen (sx, sy) = (x − minX + pad, maxY − y + pad). The SVG viewBox and the agents canvas
 * both use this one mapping, so dots land inside the zones drawn under them.
 */
export interface VenueBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Projection {
  /** SVG viewBox: "0 0 width height" in metres. */
  width: number;
  height: number;
  x(venueX: number): number;
  y(venueY: number): number;
}

export function projectionFor(b: VenueBounds, padM: number): Projection {
  return {
    width: b.maxX - b.minX + 2 * padM,
    height: b.maxY - b.minY + 2 * padM,
    x: (vx) => vx - b.minX + padM,
    y: (vy) => b.maxY - vy + padM,
  };
}

export function pointsAttr(p: Projection, polygon: readonly (readonly [number, number])[]): string {
  return polygon.map(([x, y]) => `${round2(p.x(x))},${round2(p.y(y))}`).join(' ');
}

/**
 * How the viewBox sits in a box of `pxWidth` × `pxHeight` under SVG's default
 * preserveAspectRatio (xMidYMid meet): one uniform scale, centred.
 */
export function fitTransform(p: Projection, pxWidth: number, pxHeight: number): { scale: number; offsetX: number; offsetY: number } {
  const scale = Math.min(pxWidth / p.width, pxHeight / p.height);
  return { scale, offsetX: (pxWidth - p.width * scale) / 2, offsetY: (pxHeight - p.height * scale) / 2 };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
