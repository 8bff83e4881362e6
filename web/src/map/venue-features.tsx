/** What does not change during an event: walls, passages, gates, stages and facilities. */
import { memo } from 'react';
import type { VenueSummary } from '../api/index.ts';
import { gateLabel } from './gate-label.ts';
import type { Projection } from './projection.ts';

type Pt = readonly [number, number];

const FACILITY_MARK: Record<string, string> = { bar: 'B', toilet: 'WC', food: 'F', first_aid: '+', merch: 'M' };

export const VenueFeatures = memo(function VenueFeatures({ venue, projection: p, baseFont, zoneAnchors }: {
  venue: VenueSummary;
  projection: Projection;
  baseFont: number;
  /** A point inside each zone, on screen: gate names go on the far side of the gate from it. */
  zoneAnchors: ReadonlyMap<string, readonly [number, number]>;
}) {
  const seg = ([a, b]: readonly [Pt, Pt]) => ({ x1: p.x(a[0]), y1: p.y(a[1]), x2: p.x(b[0]), y2: p.y(b[1]) });
  const small = baseFont * 0.6;
  return (
    <g className="venue-features" aria-hidden="true">
      {venue.walls.map((w, i) => (
        <polyline key={`wall-${i}`} className="wall" points={w.map(([x, y]) => `${p.x(x)},${p.y(y)}`).join(' ')} />
      ))}
      {venue.passages.map((ps) => <line key={ps.id} className="passage" {...seg(ps.opening)} />)}
      {venue.gates.map((g) => {
        const s = seg(g.opening);
        const mid: readonly [number, number] = [(s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2];
        const at = gateLabel([s.x1, s.y1], [s.x2, s.y2], zoneAnchors.get(g.zone) ?? mid, small * 0.9);
        return (
          <g key={g.id} className="gate">
            <line {...s} />
            <text
              x={at.x} y={at.y} fontSize={small} textAnchor="middle" dominantBaseline="central"
              transform={`rotate(${at.angleDeg} ${at.x} ${at.y})`}
            >{g.name}</text>
          </g>
        );
      })}
      {venue.stages.map((st) => (
        <g key={st.id} className="stage">
          <circle cx={p.x(st.position[0])} cy={p.y(st.position[1])} r={small} />
          <text x={p.x(st.position[0])} y={p.y(st.position[1]) + small * 2} fontSize={small} textAnchor="middle">{st.name}</text>
        </g>
      ))}
      {venue.facilities.map((f) => (
        <g key={f.id} className={`facility facility-${f.kind}`}>
          <circle cx={p.x(f.position[0])} cy={p.y(f.position[1])} r={small * 0.75} />
          <text x={p.x(f.position[0])} y={p.y(f.position[1])} fontSize={small * 0.75} textAnchor="middle" dominantBaseline="central">
            {FACILITY_MARK[f.kind] ?? '?'}
          </text>
        </g>
      ))}
    </g>
  );
});
