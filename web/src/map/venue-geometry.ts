/**
 * The static part of the map, computed once per venue: projected outlines, label anchors and
 * the room each zone has for its label. Only colours and figures change every second.
 */
import { interiorPoint } from '../../../src/venue/geometry.ts';
import type { VenueSummary } from '../api/index.ts';
import { pointsAttr, projectionFor } from './projection.ts';
import type { Projection } from './projection.ts';

export interface ZoneGeometry {
  id: string;
  name: string;
  points: string;
  /** Label anchor on screen (a point inside the zone, venue y already flipped). */
  labelX: number;
  labelY: number;
  /** Bounding box of the zone in metres: the room for its label. */
  boxWidth: number;
  boxHeight: number;
}

export interface VenueGeometry {
  projection: Projection;
  zones: ZoneGeometry[];
  /** Base label size in metres: about 1/70 of the venue's longer side, whatever its size. */
  baseFont: number;
}

export function venueGeometry(venue: VenueSummary): VenueGeometry {
  const w = venue.bounds.maxX - venue.bounds.minX;
  const h = venue.bounds.maxY - venue.bounds.minY;
  const longer = Math.max(w, h, 1);
  // Room around the venue for the gate names drawn outside its edge.
  const projection = projectionFor(venue.bounds, longer * 0.035);
  const zones = venue.zones.map((z): ZoneGeometry => {
    const xs = z.polygon.map((p) => p[0]);
    const ys = z.polygon.map((p) => p[1]);
    const [ix, iy] = interiorPoint(z.polygon);
    return {
      id: z.id,
      name: z.name,
      points: pointsAttr(projection, z.polygon),
      labelX: projection.x(ix),
      labelY: projection.y(iy),
      boxWidth: Math.max(...xs) - Math.min(...xs),
      boxHeight: Math.max(...ys) - Math.min(...ys),
    };
  });
  return { projection, zones, baseFont: longer / 70 };
}
