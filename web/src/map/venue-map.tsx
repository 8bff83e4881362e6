/**
 * The venue map: zones coloured by risk with their density, venue features, and optionally
 * the simulator's agents, then the words on top. When the data is stale the map says so
 * across its top and greys its colours.
 */
import { useMemo, useRef } from 'react';
import type { SnapshotZone, VenueSummary } from '../api/index.ts';
import type { AgentFrames } from '../state/index.ts';
import { AgentsLayer } from './agents-layer.tsx';
import { zoneDensity, zoneLevel } from './levels.ts';
import { MapLegend } from './map-legend.tsx';
import { fitTransform } from './projection.ts';
import { LiveStaleBanner } from './stale-banner.tsx';
import { useElementSize } from './use-element-size.ts';
import { venueGeometry } from './venue-geometry.ts';
import { VenueFeatures } from './venue-features.tsx';
import { ZoneLabelText } from './zone-label-text.tsx';
import { ZoneShape } from './zone-shape.tsx';

export interface VenueMapProps {
  venue: VenueSummary;
  zones: ReadonlyMap<string, SnapshotZone>;
  /** Simulator agents, drawn as dots when `showAgents`. */
  agentFrames: AgentFrames | null;
  showAgents: boolean;
  selectedZoneId: string | null;
  onSelectZone: (zoneId: string) => void;
  /** Wall time the latest snapshot arrived (null before the first): drives the stale banner. */
  snapshotReceivedAtMs: number | null;
}

/** Smallest label size on screen, in CSS pixels. */
const MIN_LABEL_PX = 12;

export function VenueMap(p: VenueMapProps) {
  const geo = useMemo(() => venueGeometry(p.venue), [p.venue]);
  const { projection } = geo;
  const hatch = geo.baseFont * 0.6;
  // Labels never below MIN_LABEL_PX on screen: on a small screen or a big venue they grow in
  // metres, and the label fitting then drops what no longer fits rather than print it unreadable.
  const canvasRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(canvasRef);
  const pxPerMetre = size.width > 0 ? fitTransform(projection, size.width, size.height).scale : 0;
  const baseFont = pxPerMetre > 0 ? Math.max(geo.baseFont, MIN_LABEL_PX / pxPerMetre) : geo.baseFont;
  const zoneAnchors = useMemo(
    () => new Map(geo.zones.map((z) => [z.id, [z.labelX, z.labelY] as const])), [geo],
  );
  return (
    <figure className="venue-map" data-testid="venue-map">
      <div className="map-canvas" ref={canvasRef}>
        <LiveStaleBanner receivedAtMs={p.snapshotReceivedAtMs} />
        <svg
          viewBox={`0 0 ${projection.width} ${projection.height}`} role="group"
          aria-label={`Map of ${p.venue.name}, north up`}
        >
          <defs>
            <pattern id="hatch-unknown" patternUnits="userSpaceOnUse" width={hatch} height={hatch} patternTransform="rotate(45)">
              <rect width={hatch} height={hatch} fill="#4a505b" />
              <line x1="0" y1="0" x2="0" y2={hatch} stroke="#8a919e" strokeWidth={hatch * 0.35} />
            </pattern>
          </defs>
          {geo.zones.map((z) => {
            const snap = p.zones.get(z.id);
            return (
              <ZoneShape
                key={z.id} zone={z} level={zoneLevel(snap)} density={zoneDensity(snap)}
                degraded={snap?.state.status === 'degraded'} selected={p.selectedZoneId === z.id} onSelect={p.onSelectZone}
              />
            );
          })}
          <VenueFeatures venue={p.venue} projection={projection} baseFont={baseFont} zoneAnchors={zoneAnchors} />
        </svg>
        {p.showAgents && p.agentFrames !== null && <AgentsLayer projection={projection} frames={p.agentFrames} />}
        {/* Words on top of the dots: a second SVG with the same viewBox, transparent to the pointer. */}
        <svg viewBox={`0 0 ${projection.width} ${projection.height}`} className="map-overlay" aria-hidden="true">
          {geo.zones.map((z) => {
            const snap = p.zones.get(z.id);
            return <ZoneLabelText key={z.id} zone={z} level={zoneLevel(snap)} density={zoneDensity(snap)} baseFont={baseFont} />;
          })}
          <text className="north-arrow" x={projection.width - baseFont} y={baseFont * 1.2} fontSize={baseFont} textAnchor="end">
            N ↑
          </text>
        </svg>
      </div>
      <figcaption><MapLegend /></figcaption>
    </figure>
  );
}
