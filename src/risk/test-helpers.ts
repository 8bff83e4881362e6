/** Builders of valid records for the risk and decide tests (not part of the public face). */
import type { ZoneState } from '../contracts/index.ts';
import { ZONE_STATE_SCHEMA } from '../contracts/index.ts';

export interface StateFields {
  zoneId?: string;
  ts?: number;
  density?: number | null;
  surgeRate?: number;
  speed?: number | null;
  speedEstimated?: boolean;
  pressure?: number;
  coherence?: number;
  occupancy?: number | null;
  status?: ZoneState['status'];
  venueId?: string;
  confidence?: number;
}

export function zoneState(f: StateFields = {}): ZoneState {
  const density = f.density === undefined ? 1 : f.density;
  return {
    schema: ZONE_STATE_SCHEMA,
    venueId: (f.venueId ?? 'pilot-arena') as ZoneState['venueId'],
    zoneId: (f.zoneId ?? 'field-w') as ZoneState['zoneId'],
    ts: (f.ts ?? 1_800_000_000_000) as ZoneState['ts'],
    windowMs: 30_000 as ZoneState['windowMs'],
    occupancy: (f.occupancy === undefined ? 50 : f.occupancy) as ZoneState['occupancy'],
    density: density as ZoneState['density'],
    inflowPerMin: null,
    outflowPerMin: null,
    speed: (f.speed === undefined ? 1.5 : f.speed) as ZoneState['speed'],
    speedEstimated: f.speedEstimated ?? false,
    surgeRate: f.surgeRate ?? 0,
    pressure: (f.pressure ?? 0) as ZoneState['pressure'],
    coherence: (f.coherence ?? 0) as ZoneState['coherence'],
    capacityUtilisation: null,
    sources: [],
    confidence: (f.confidence ?? 1) as ZoneState['confidence'],
    status: f.status ?? 'ok',
  };
}
