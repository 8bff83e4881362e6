/** The schemas exported as JSON Schema files (schemas/*.json) for sensor vendors and integrators. */
import type { z } from 'zod';
import { SensorReading, ReadingBatch, READING_SCHEMA, READING_BATCH_SCHEMA } from './reading.ts';
import { ZoneState, ZONE_STATE_SCHEMA } from './zone-state.ts';
import { ZoneForecast, ZONE_FORECAST_SCHEMA } from './forecast.ts';
import { RiskAssessment, RISK_SCHEMA } from './risk.ts';
import { Alert, ALERT_SCHEMA } from './alert.ts';
import { Recommendation, RECOMMENDATION_SCHEMA } from './recommendation.ts';
import { OperatorActionRecord, OPERATOR_ACTION_SCHEMA } from './operator-action.ts';
import { AuditRecord, AUDIT_SCHEMA } from './audit.ts';
import { ConsoleMessage, CONSOLE_SCHEMA } from './console-message.ts';

export const PUBLISHED_SCHEMAS: ReadonlyArray<{ id: string; file: string; schema: z.ZodType }> = [
  { id: READING_SCHEMA, file: 'reading.v1.json', schema: SensorReading },
  { id: READING_BATCH_SCHEMA, file: 'reading-batch.v1.json', schema: ReadingBatch },
  { id: ZONE_STATE_SCHEMA, file: 'zone-state.v1.json', schema: ZoneState },
  { id: ZONE_FORECAST_SCHEMA, file: 'zone-forecast.v1.json', schema: ZoneForecast },
  { id: RISK_SCHEMA, file: 'risk.v1.json', schema: RiskAssessment },
  { id: ALERT_SCHEMA, file: 'alert.v1.json', schema: Alert },
  { id: RECOMMENDATION_SCHEMA, file: 'recommendation.v1.json', schema: Recommendation },
  { id: OPERATOR_ACTION_SCHEMA, file: 'operator-action.v1.json', schema: OperatorActionRecord },
  { id: AUDIT_SCHEMA, file: 'audit.v1.json', schema: AuditRecord },
  { id: CONSOLE_SCHEMA, file: 'console.v1.json', schema: ConsoleMessage },
];
