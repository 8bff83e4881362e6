/**
 * `crowdflow.console/v1`: messages the server pushes to a console over the WebSocket `/ws`.
 * `snapshot` comes every second; `alert` and `recommendation` the moment they are decided
 * (and again on each status change); `agents` only when the feed is the simulator.
 */
import { z } from 'zod';
import { EpochMs } from './units.ts';
import { ZoneState } from './zone-state.ts';
import { RiskAssessment } from './risk.ts';
import { Alert } from './alert.ts';
import { Recommendation } from './recommendation.ts';
import { ForecastHealth, ZoneForecast } from './forecast.ts';
import { Role } from './operator-action.ts';

export const CONSOLE_SCHEMA = 'crowdflow.console/v1';

export const ConsoleMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    schema: z.literal(CONSOLE_SCHEMA),
    user: z.object({ username: z.string(), role: Role }),
    venueId: z.string(),
    serverTime: EpochMs,
  }),
  z.object({
    type: z.literal('snapshot'),
    ts: EpochMs,
    zones: z.array(z.object({ state: ZoneState, risk: RiskAssessment, forecast: ZoneForecast.nullable() })),
    mode: z.object({ decisions: z.enum(['rules', 'ml+rules', 'rules (ml circuit open)']) }),
    /** Absent from servers without forecasting. */
    forecastHealth: ForecastHealth.optional(),
  }),
  z.object({ type: z.literal('alert'), alert: Alert }),
  z.object({ type: z.literal('recommendation'), recommendation: Recommendation }),
  z.object({
    type: z.literal('agents'),
    ts: EpochMs,
    /** Flat [x0, y0, x1, y1, …] in venue metres, rounded to 0.1 m. */
    positions: z.array(z.number()),
  }),
]);
export type ConsoleMessage = z.infer<typeof ConsoleMessage>;
