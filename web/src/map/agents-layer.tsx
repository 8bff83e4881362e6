/**
 * Simulated people as dots, on a canvas over the SVG: tens of thousands of SVG circles would
 * cost more than the whole rest of the console. The canvas follows the SVG's own fit
 * (xMidYMid meet) through `fitTransform`, so both share one projection.
 */
import { useEffect, useRef } from 'react';
import { fitTransform } from './projection.ts';
import type { Projection } from './projection.ts';
import { useElementSize } from './use-element-size.ts';

export function AgentsLayer({ projection, positions }: { projection: Projection; positions: readonly number[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(canvasRef);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (canvas === null || canvas === undefined || ctx === null || ctx === undefined || size.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * dpr);
    canvas.height = Math.round(size.height * dpr);
    const t = fitTransform(projection, size.width, size.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.width, size.height);
    // Dark dots read on every level colour (green to red) without hiding it.
    ctx.fillStyle = 'rgba(10, 12, 16, 0.65)';
    // About 0.4 m across (a person), never under 1 px so that a dot stays visible on a small screen.
    const r = Math.max(0.5, 0.2 * t.scale);
    for (let i = 0; i + 1 < positions.length; i += 2) {
      const sx = t.offsetX + projection.x(positions[i]!) * t.scale;
      const sy = t.offsetY + projection.y(positions[i + 1]!) * t.scale;
      ctx.fillRect(sx - r, sy - r, 2 * r, 2 * r);
    }
  }, [projection, positions, size]);

  return <canvas ref={canvasRef} className="agents-layer" data-testid="agents-layer" data-count={Math.floor(positions.length / 2)} />;
}
