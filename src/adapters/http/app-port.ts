/**
 * What the HTTP/WebSocket adapter needs from the application. The runtime implements it; the
 * adapter only translates HTTP to these calls and errors (CrowdflowError codes) to status codes.
 */
import type {
  Alert, AuditRecord, ConsoleMessage, Recommendation, Role,
} from '../../contracts/index.ts';
import type { IngestOutcome } from '../../ingest/index.ts';
import type { DeadLetter, User } from '../../store/index.ts';
import type { VenueSummary } from '../../venue/index.ts';

export type { User };

export interface HttpApp {
  venueSummary(): VenueSummary;
  login(username: string, password: string): { token: string; user: User; expiresAt: number } | null;
  logout(token: string): void;
  authenticate(token: string): User | null;
  authenticateSensor(sensorId: string, key: string): boolean;
  ingestPayload(payload: Buffer, authenticatedSensor: string): IngestOutcome;
  snapshot(): Extract<ConsoleMessage, { type: 'snapshot' }> | null;
  hello(user: User): Extract<ConsoleMessage, { type: 'hello' }>;
  subscribe(listener: (msg: ConsoleMessage) => void): () => void;
  listAlerts(status: string): Alert[];
  acknowledgeAlert(id: string, user: User): Alert;
  resolveAlert(id: string, user: User): Alert;
  listRecommendations(status: string): Recommendation[];
  approveRecommendation(id: string, user: User): Recommendation;
  rejectRecommendation(id: string, user: User, reason: string): Recommendation;
  deadLetters(afterSeq: number, limit: number): DeadLetter[];
  stats(): Record<string, unknown>;
  audit(afterSeq: number, limit: number): AuditRecord[];
  createUser(by: User, input: { username: string; password: string; role: Role }): User;
  rotateSensorKey(by: User, sensorId: string): { sensorId: string; key: string };
  getSettings(): Record<string, unknown>;
  changeSettings(by: User, patch: Record<string, unknown>): Record<string, unknown>;
  /** The newest readings that arrived after the allowed lateness (in the log, but in no window). */
  lateRecords(limit: number): Array<{ offset: number; receivedAt: number; reading: unknown }>;
  /** Prometheus text exposition. */
  metrics(): string;
}
