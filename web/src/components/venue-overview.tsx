/**
 * The whole venue in one box, shown while no zone is selected: people counted against capacity,
 * and how many zones sit at each level. Occupancy sums only the zones that can be seen, and
 * says how many cannot, rather than pretend the blind zones are empty.
 */
import type { SnapshotZone, VenueSummary } from '../api/index.ts';
import { LEVEL_STYLES, zoneLevel } from '../map/index.ts';
import type { ZoneLevel } from '../map/index.ts';

export interface VenueTotals {
  counts: Record<ZoneLevel, number>;
  /** Sum over zones with a known occupancy. */
  occupancy: number;
  unknownZones: number;
}

export function venueTotals(venue: VenueSummary, zones: ReadonlyMap<string, SnapshotZone>): VenueTotals {
  const counts: Record<ZoneLevel, number> = { SAFE: 0, CAUTION: 0, WARNING: 0, CRITICAL: 0, unknown: 0 };
  let occupancy = 0;
  for (const z of venue.zones) {
    const snap = zones.get(z.id);
    const level = zoneLevel(snap);
    counts[level] += 1;
    if (level !== 'unknown' && snap?.state.occupancy != null) occupancy += snap.state.occupancy;
  }
  return { counts, occupancy, unknownZones: counts.unknown };
}

/** The same precedence as the zone list: blind spots just below WARNING. */
const SHOWN: readonly ZoneLevel[] = ['CRITICAL', 'WARNING', 'unknown', 'CAUTION', 'SAFE'];

export function VenueOverview({ venue, zones }: { venue: VenueSummary; zones: ReadonlyMap<string, SnapshotZone> }) {
  const t = venueTotals(venue, zones);
  return (
    <section className="zone-detail venue-overview" data-testid="venue-overview" aria-label="Venue overview">
      <h3>{venue.name}</h3>
      <p className="overview-occupancy">
        <span className={`big${t.occupancy > venue.capacity ? ' over' : ''}`}>{Math.round(t.occupancy).toLocaleString()}</span> / {venue.capacity.toLocaleString()} people
        {t.unknownZones > 0 && <span className="overview-note"> (+ {t.unknownZones} zones without data)</span>}
      </p>
      <ul className="overview-levels">
        {SHOWN.map((level) => (
          <li key={level} className={t.counts[level] === 0 ? 'is-zero' : undefined}>
            <span className="level-badge" style={{ background: LEVEL_STYLES[level].fill, color: LEVEL_STYLES[level].ink }}>
              {LEVEL_STYLES[level].label}
            </span>
            <span className="overview-count">{t.counts[level]}</span>
          </li>
        ))}
      </ul>
      <p className="overview-hint">Select a zone on the map or in the list for its details.</p>
    </section>
  );
}
