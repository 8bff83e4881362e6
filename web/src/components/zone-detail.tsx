/** The selected zone in full: what the sensors say now and what the forecast expects. */
import type { SnapshotZone, VenueSummary } from '../api/index.ts';
import { ForecastBand } from '../forecast/index.ts';
import { formatDensity, zoneDensity, zoneLevel } from '../map/index.ts';
import { LevelBadge } from './level-badge.tsx';

type Zone = VenueSummary['zones'][number];

const num = (v: number | null | undefined, digits: number, unit: string): string =>
  v === null || v === undefined ? '–' : `${v.toFixed(digits)}${unit}`;

/** `nowTs`: the snapshot's time, from which the time to congestion is counted (default: the forecast's). */
export function ZoneDetail({ zone, snap, nowTs, onClose }: { zone: Zone; snap: SnapshotZone | undefined; nowTs?: number; onClose: () => void }) {
  // Figures of a zone nobody can see are not shown, even where the record carries a number.
  const s = snap !== undefined && zoneLevel(snap) !== 'unknown' ? snap.state : undefined;
  const f = s === undefined ? null : snap?.forecast ?? null;
  const sensors = snap?.state;
  const staleSources = sensors?.sources.filter((src) => src.stale).length ?? 0;
  return (
    <section className="zone-detail" data-testid="selected-zone" aria-label={`Details of ${zone.name}`}>
      <h3>
        <span>{zone.name}</span>
        <LevelBadge level={zoneLevel(snap)} />
        <button type="button" className="close" onClick={onClose} aria-label="Back to the venue overview">×</button>
      </h3>
      <dl>
        <dt>Density</dt><dd>{formatDensity(zoneDensity(snap))} (congestion at {zone.congestionDensity})</dd>
        <dt>Occupancy</dt><dd>{num(s?.occupancy, 0, '')} / {zone.capacity}</dd>
        <dt>In / out</dt><dd>{num(s?.inflowPerMin, 0, '')} / {num(s?.outflowPerMin, 0, '')} per min</dd>
        <dt>Speed</dt><dd>{num(s?.speed, 2, ' m/s')}{s?.speed != null && s.speedEstimated ? ' (estimated)' : ''}</dd>
        <dt>Surge</dt><dd>{num(s?.surgeRate, 2, ' p/m² per min')}</dd>
        <dt>Risk score</dt><dd>{s === undefined || snap?.risk.score == null ? '–' : `${Math.round(snap.risk.score * 100)}%`}</dd>
        <dt>Sensors</dt><dd>{sensors === undefined ? 'no data' : `${sensors.status}, ${sensors.sources.length} sources${staleSources > 0 ? `, ${staleSources} stale` : ''}`}</dd>
        {f === null && <><dt>Forecast</dt><dd data-testid="forecast-none">none</dd></>}
      </dl>
      {f !== null && <ForecastBand forecast={f} densityNow={s?.density ?? null} nowTs={nowTs ?? f.ts} />}
    </section>
  );
}
