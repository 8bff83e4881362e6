/** Shared fixtures of the decide tests: the pilot arena, its playbook, and tick inputs. */
// eslint-disable-next-line no-restricted-imports -- test fixture reads the shipped venue
import { readFileSync } from 'node:fs';
import type { EpochMs, ZoneForecast, ZoneState } from '../contracts/index.ts';
import { ZONE_FORECAST_SCHEMA } from '../contracts/index.ts';
import { assessRisk, DEFAULT_RISK_SETTINGS } from '../risk/index.ts';
import { zoneState, type StateFields } from '../risk/test-helpers.ts';
import { parseVenue, type Venue } from '../venue/index.ts';
import { parsePlaybook } from './playbook/parse.ts';
import type { Playbook } from './playbook/model.ts';
import type { DecisionInput } from './types.ts';

export const VENUE: Venue = parseVenue(readFileSync('venues/pilot-arena.yaml', 'utf8'), 'venues/pilot-arena.yaml');
export const PILOT_PLAYBOOK_TEXT = readFileSync('rules/pilot-arena.yaml', 'utf8');
export const PILOT_PLAYBOOK: Playbook = parsePlaybook(PILOT_PLAYBOOK_TEXT, 'rules/pilot-arena.yaml', VENUE);

/** 2026-07-14 18:00 UTC = 20:00 in Paris (between the shows). */
export const T0 = Date.UTC(2026, 6, 14, 18, 0, 0);

/** Quiet states for every zone, with overrides per zone id. */
export function input(ts: number, overrides: Record<string, StateFields> = {}, forecasts: ZoneForecast[] = []): DecisionInput {
  const states: ZoneState[] = VENUE.zones.map((z) => zoneState({ zoneId: z.id, ts, density: 0.5, speed: 1.2, occupancy: Math.round(z.areaSqm * 0.5), ...overrides[z.id] }));
  const byZone = new Map(forecasts.map((f) => [f.zoneId, f]));
  return {
    ts: ts as EpochMs,
    venue: VENUE,
    states,
    risks: states.map((s) => assessRisk(s, DEFAULT_RISK_SETTINGS, byZone.get(s.zoneId))),
    forecasts,
  };
}

export function forecastOf(zoneId: string, ts: number, pCongestion: number, etaMin: number | null, peakP50 = 3): ZoneForecast {
  return {
    schema: ZONE_FORECAST_SCHEMA,
    venueId: 'pilot-arena',
    zoneId,
    ts,
    modelVersion: 'test',
    points: [{ horizonMin: 5, occupancy: { p10: 0, p50: 0, p90: 0 }, density: { p10: peakP50 - 1, p50: peakP50, p90: peakP50 + 1 } }],
    pCongestion,
    congestionThreshold: 4,
    congestionEta: etaMin === null ? null : ts + etaMin * 60_000,
  } as unknown as ZoneForecast;
}

/** A fake clock: `now()` reads it, `delay` resolves when `advance` passes its deadline. */
export function fakeClock(start = 0): {
  now: () => number;
  advance: (ms: number) => void;
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  pending: () => number;
} {
  let t = start;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => t,
    advance(ms) {
      t += ms;
      for (let i = timers.length - 1; i >= 0; i--) {
        if (timers[i]!.at <= t) {
          timers[i]!.resolve();
          timers.splice(i, 1);
        }
      }
    },
    delay(ms, signal) {
      return new Promise<void>((resolve) => {
        const timer = { at: t + ms, resolve };
        timers.push(timer);
        signal.addEventListener('abort', () => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          resolve();
        }, { once: true });
      });
    },
    pending: () => timers.length,
  };
}
