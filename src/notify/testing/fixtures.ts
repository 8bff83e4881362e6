/** Valid records for tests, parsed through the contracts so they stay valid when those change. */
import { Alert, Recommendation, ALERT_SCHEMA, RECOMMENDATION_SCHEMA } from '../../contracts/index.ts';

export function sampleAlert(overrides: Partial<Record<keyof Alert, unknown>> = {}): Alert {
  return Alert.parse({
    schema: ALERT_SCHEMA,
    id: 'alert-0001',
    venueId: 'pilot-arena',
    zoneId: 'north-stand',
    ts: 1_790_000_000_000,
    level: 'CRITICAL',
    triggers: ['extreme_density', 'sudden_surge'],
    score: 0.82,
    message: 'Density 6.4 p/m² and rising 0.9 p/m² per minute',
    status: 'open',
    escalation: false,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    ...overrides,
  });
}

export function sampleRecommendation(overrides: Partial<Record<keyof Recommendation, unknown>> = {}): Recommendation {
  return Recommendation.parse({
    schema: RECOMMENDATION_SCHEMA,
    id: 'rec-0001',
    venueId: 'pilot-arena',
    zoneId: 'north-stand',
    ts: 1_790_000_000_000,
    action: { type: 'meter_gate', params: { gate: 'gate-n1', ratePerMin: 40 } },
    priority: 1,
    level: 'WARNING',
    source: 'rules',
    confidence: 0.9,
    explanation: { ruleId: 'meter-on-surge', summary: 'inflow exceeds outflow by 120 p/min', trace: [] },
    requiresApproval: true,
    status: 'pending_approval',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    ...overrides,
  });
}
