/** Records for tests, built the way the server builds them (plain JSON; brands are type-level only). */
import type { Alert, Recommendation, SnapshotMessage, SnapshotZone, VenueSummary } from '../api/index.ts';

export function alert(id: string, ts: number, over: Partial<Record<keyof Alert, unknown>> = {}): Alert {
  return {
    schema: 'crowdflow.alert/v1', id, venueId: 'v', zoneId: 'z1', ts, level: 'WARNING', triggers: ['risk_threshold'],
    score: 0.6, message: '', status: 'open', escalation: false, acknowledgedBy: null, acknowledgedAt: null,
    resolvedBy: null, resolvedAt: null, ...over,
  } as unknown as Alert;
}

export function recommendation(id: string, ts: number, over: Partial<Record<keyof Recommendation, unknown>> = {}): Recommendation {
  return {
    schema: 'crowdflow.recommendation/v1', id, venueId: 'v', zoneId: 'z1', ts, action: { type: 'meter_gate', params: { gate: 'g1' } },
    priority: 1, level: 'WARNING', source: 'rules', confidence: 0.8, explanation: { ruleId: 'r1', summary: 'why', trace: [] },
    requiresApproval: true, status: 'pending_approval', decidedBy: null, decidedAt: null, reason: null, ...over,
  } as unknown as Recommendation;
}

export function snapshotZone(zoneId: string, density: number | null, level: string | null, status = 'ok'): SnapshotZone {
  return {
    state: {
      schema: 'crowdflow.zone-state/v1', venueId: 'v', zoneId, ts: 0, windowMs: 30000, occupancy: density === null ? null : density * 100,
      density, inflowPerMin: null, outflowPerMin: null, speed: null, speedEstimated: false, surgeRate: 0, pressure: 0, coherence: 0,
      capacityUtilisation: null, sources: [], confidence: 1, status,
    },
    risk: { schema: 'crowdflow.risk/v1', venueId: 'v', zoneId, ts: 0, score: null, level, components: null, triggers: [] },
    forecast: null,
  } as unknown as SnapshotZone;
}

export function snapshot(ts: number, zones: SnapshotZone[]): SnapshotMessage {
  return { type: 'snapshot', ts, zones, mode: { decisions: 'rules' } } as unknown as SnapshotMessage;
}

/** Two square zones side by side and a tunnel, y up. */
export const SMALL_VENUE: VenueSummary = {
  id: 'v', name: 'Test venue', capacity: 1000, bounds: { minX: 0, minY: 0, maxX: 100, maxY: 55 },
  zones: [
    { id: 'z1', name: 'West square', type: 'standing', polygon: [[0, 0], [50, 0], [50, 50], [0, 50]], areaSqm: 2500, capacity: 500, congestionDensity: 4 },
    { id: 'z2', name: 'East square', type: 'standing', polygon: [[50, 0], [100, 0], [100, 50], [50, 50]], areaSqm: 2500, capacity: 500, congestionDensity: 4 },
    { id: 'z3', name: 'Tunnel', type: 'corridor', polygon: [[45, 50], [51, 50], [51, 55], [45, 55]], areaSqm: 30, capacity: 60, congestionDensity: 3 },
  ],
  passages: [{ id: 'p1', from: 'z1', to: 'z2', opening: [[50, 10], [50, 40]], widthM: 30 }],
  gates: [{ id: 'g1', name: 'Gate A', zone: 'z1', opening: [[0, 10], [0, 20]], direction: 'in' }],
  stages: [{ id: 's1', name: 'Stage', zone: 'z1', position: [10, 25] }],
  facilities: [{ id: 'f1', name: 'Bar', kind: 'bar', zone: 'z2', position: [90, 25] }],
  walls: [],
} as unknown as VenueSummary;
