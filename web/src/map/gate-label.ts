/**
 * Where a gate's name goes: along the gate, just outside the zone it opens, and never upside
 * down. All in screen coordinates (y down).
 */
export interface PlacedLabel {
  x: number;
  y: number;
  /** Rotation in degrees, in (−90, 90]. */
  angleDeg: number;
}

export function gateLabel(
  a: readonly [number, number], b: readonly [number, number], inside: readonly [number, number], offset: number,
): PlacedLabel {
  const mx = (a[0] + b[0]) / 2;
  const my = (a[1] + b[1]) / 2;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  let nx = -dy / len;
  let ny = dx / len;
  // Point the normal away from the zone's inside.
  if (nx * (mx - inside[0]) + ny * (my - inside[1]) < 0) {
    nx = -nx;
    ny = -ny;
  }
  let angleDeg = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (angleDeg <= -90) angleDeg += 180;
  else if (angleDeg > 90) angleDeg -= 180;
  return { x: mx + nx * offset, y: my + ny * offset, angleDeg };
}
