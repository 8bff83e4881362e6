/**
 * Every zone in words: level, density, the 10-minute forecast, the chance of congestion and its ETA.
 * Ordered by level only, then venue order, so rows do not reshuffle with every second's figures.
 */
import { memo } from 'react';
import type { SnapshotZone, VenueSummary } from '../api/index.ts';
import { congestionOutlook, etaCell } from '../forecast/index.ts';
import { formatDensityShort, zoneDensity, zoneLevel } from '../map/index.ts';
import type { ZoneLevel } from '../map/index.ts';
import { LevelBadge } from './level-badge.tsx';

/** Blind spots rank just below WARNING: a zone nobody can see needs eyes before a calm one. */
const ORDER: Record<ZoneLevel, number> = { CRITICAL: 0, WARNING: 1, unknown: 2, CAUTION: 3, SAFE: 4 };

export interface ZoneListProps {
  venue: VenueSummary;
  zones: ReadonlyMap<string, SnapshotZone>;
  /** The figures are older than the staleness limit: shown greyed and flagged. */
  stale: boolean;
  selectedZoneId: string | null;
  /** The snapshot's time, from which the time to congestion is counted (default: each forecast's). */
  nowTs?: number;
  onSelectZone: (zoneId: string) => void;
}

export const ZoneList = memo(function ZoneList(p: ZoneListProps) {
  const rows = p.venue.zones
    .map((z, index) => ({ z, index, snap: p.zones.get(z.id) }))
    .map((r) => ({ ...r, level: zoneLevel(r.snap) }))
    .sort((a, b) => ORDER[a.level] - ORDER[b.level] || a.index - b.index);
  return (
    <section className={`panel zone-panel${p.stale ? ' is-stale' : ''}`} aria-labelledby="zones-heading">
      <header className="panel-head">
        <h2 id="zones-heading">Zones</h2>
        {p.stale && <span className="stale-flag">NOT CURRENT</span>}
      </header>
      <div className="zone-table-wrap">
        <table className="zone-table" data-testid="zones-table">
          <thead>
            <tr><th scope="col">Zone</th><th scope="col">Level</th><th scope="col">p/m²</th><th scope="col" title="Forecast density in 10 minutes (median), p/m²">+10′</th><th scope="col" title="Probability of congestion within the forecast horizon">P(cong)</th><th scope="col" title="Expected time to congestion (forecast median reaches the zone's threshold)">ETA</th></tr>
          </thead>
          <tbody>
            {rows.map(({ z, snap, level }) => {
              const in10 = snap?.forecast?.points.find((pt) => pt.horizonMin === 10);
              const f = level === 'unknown' ? null : snap?.forecast ?? null;
              const pCong = snap?.forecast?.pCongestion;
              const outlook = f === null ? null : congestionOutlook(f, p.nowTs ?? f.ts);
              return (
                <tr
                  key={z.id} className={p.selectedZoneId === z.id ? 'is-selected' : undefined}
                  onClick={() => p.onSelectZone(z.id)} data-testid={`zones-row-${z.id}`}
                >
                  <th scope="row">
                    <button type="button" className="link" title={z.name} onClick={() => p.onSelectZone(z.id)}>{z.name}</button>
                  </th>
                  <td><LevelBadge level={level} /></td>
                  <td className="num">{formatDensityShort(zoneDensity(snap))}</td>
                  <td className="num">{in10 === undefined || level === 'unknown' ? '–' : in10.density.p50.toFixed(1)}</td>
                  <td className="num">{pCong === undefined || level === 'unknown' ? '–' : `${Math.round(pCong * 100)}%`}</td>
                  <td className="num eta" data-testid={`zones-eta-${z.id}`} data-eta={outlook?.kind ?? 'none'}>{etaCell(outlook)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
});
