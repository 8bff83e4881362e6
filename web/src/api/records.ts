/**
 * The records the console shows, as the server sends them. Type-only imports: the zod
 * schemas stay on the server, nothing of them is bundled into the page.
 */
export type {
  Alert, AlertStatus, ConsoleMessage, ForecastHealth, Recommendation, RecommendationStatus, RiskAssessment,
  RiskLevel, Role, TriggerKind, ZoneForecast, ZoneState,
} from '../../../src/contracts/index.ts';
export type { VenueSummary } from '../../../src/venue/summary.ts';

import type { ConsoleMessage } from '../../../src/contracts/index.ts';

export type SnapshotMessage = Extract<ConsoleMessage, { type: 'snapshot' }>;
export type SnapshotZone = SnapshotMessage['zones'][number];
export type DecisionMode = SnapshotMessage['mode']['decisions'];
export type HelloMessage = Extract<ConsoleMessage, { type: 'hello' }>;
export type AgentsMessage = Extract<ConsoleMessage, { type: 'agents' }>;
