/**
 * Zone states as flat typed arrays for the trip to the forecast worker. Posting 500 ZoneState
 * objects structured-clones thousands of small objects on the event loop every second (2 ms p50,
 * 10 ms p99 on the shared bench machine, bench/forecast.ts); these columns are filled in a single
 * pass and their buffers are transferred, not copied. The worker rebuilds the same records: every
 * field survives the round trip (null as NaN: contract numbers are finite, so NaN is free).
 */
import {
  asEpochMs, asMetersPerSecond, asPeople, asPeoplePerSqm, asRatio, READING_KINDS, ZONE_STATE_SCHEMA,
  type DurationMs, type PeoplePerMinute, type ZoneState,
} from '../contracts/index.ts';
import type { Venue } from '../venue/index.ts';

/** Per zone: ts, windowMs, occupancy, density, inflow, outflow, speed, surge, pressure, coherence, utilisation, confidence, flags. */
const ZN = 13;
/** Per source: sensor, kind, weight, occupancy, lastTs, stale. */
const SN = 6;
const STATUSES = ['ok', 'degraded', 'unknown'] as const;

export interface EncodedStates {
  readonly zoneIndex: Int32Array;
  readonly zones: Float64Array;
  /** Sources of zone i are rows sourceStart[i] .. sourceStart[i + 1] of `sources`. */
  readonly sourceStart: Int32Array;
  readonly sources: Float64Array;
}

export interface StateCodec {
  encode(states: readonly ZoneState[]): EncodedStates;
  decode(e: EncodedStates): ZoneState[];
  /** The buffers to transfer with the message. */
  transferList(e: EncodedStates): ArrayBuffer[];
}

const nullable = (v: number | null): number => (v === null ? NaN : v);
/** NaN back to null, anything else through `brand`. */
const orNull = <T>(v: number, brand: (n: number) => T): T | null => (Number.isNaN(v) ? null : brand(v));
const perMinute = (n: number): PeoplePerMinute => n as PeoplePerMinute;
const plain = (n: number): number => n;

export function stateCodec(venue: Venue): StateCodec {
  const zoneIndex = new Map<string, number>(venue.zones.map((z, i) => [z.id, i]));
  const sensorIndex = new Map<string, number>(venue.sensors.map((s, i) => [s.id, i]));
  const kindIndex = new Map<string, number>(READING_KINDS.map((k, i) => [k, i]));
  return {
    encode(states) {
      let sourceCount = 0;
      for (const s of states) sourceCount += s.sources.length;
      const idx = new Int32Array(states.length);
      const z = new Float64Array(states.length * ZN);
      const start = new Int32Array(states.length + 1);
      const src = new Float64Array(sourceCount * SN);
      let r = 0;
      states.forEach((s, i) => {
        const zi = zoneIndex.get(s.zoneId);
        if (zi === undefined) throw new Error(`zone state of "${s.zoneId}", not a zone of venue ${venue.id}`);
        idx[i] = zi;
        const o = i * ZN;
        z[o] = s.ts; z[o + 1] = s.windowMs; z[o + 2] = nullable(s.occupancy); z[o + 3] = nullable(s.density);
        z[o + 4] = nullable(s.inflowPerMin); z[o + 5] = nullable(s.outflowPerMin); z[o + 6] = nullable(s.speed);
        z[o + 7] = s.surgeRate; z[o + 8] = s.pressure; z[o + 9] = s.coherence; z[o + 10] = nullable(s.capacityUtilisation);
        z[o + 11] = s.confidence; z[o + 12] = (s.speedEstimated ? 1 : 0) + 2 * STATUSES.indexOf(s.status);
        start[i] = r;
        for (const u of s.sources) {
          const q = r * SN;
          const si = sensorIndex.get(u.sensorId);
          if (si === undefined) throw new Error(`source "${u.sensorId}" of zone "${s.zoneId}", not a sensor of venue ${venue.id}`);
          src[q] = si; src[q + 1] = kindIndex.get(u.kind) ?? -1; src[q + 2] = u.weight;
          src[q + 3] = nullable(u.occupancy); src[q + 4] = nullable(u.lastTs); src[q + 5] = u.stale ? 1 : 0;
          r++;
        }
      });
      start[states.length] = r;
      return { zoneIndex: idx, zones: z, sourceStart: start, sources: src };
    },
    decode(e) {
      const out: ZoneState[] = [];
      for (let i = 0; i < e.zoneIndex.length; i++) {
        const z = e.zones, o = i * ZN;
        const sources: ZoneState['sources'] = [];
        for (let r = e.sourceStart[i]!; r < e.sourceStart[i + 1]!; r++) {
          const q = r * SN, s = e.sources;
          sources.push({
            sensorId: venue.sensors[s[q]!]!.id, kind: READING_KINDS[s[q + 1]!]!, weight: asRatio(s[q + 2]!),
            occupancy: orNull(s[q + 3]!, asPeople), lastTs: orNull(s[q + 4]!, asEpochMs), stale: s[q + 5] === 1,
          });
        }
        const flags = z[o + 12]!;
        out.push({
          schema: ZONE_STATE_SCHEMA, venueId: venue.id, zoneId: venue.zones[e.zoneIndex[i]!]!.id,
          ts: asEpochMs(z[o]!), windowMs: z[o + 1]! as DurationMs,
          occupancy: orNull(z[o + 2]!, asPeople), density: orNull(z[o + 3]!, asPeoplePerSqm),
          inflowPerMin: orNull(z[o + 4]!, perMinute), outflowPerMin: orNull(z[o + 5]!, perMinute), speed: orNull(z[o + 6]!, asMetersPerSecond),
          speedEstimated: flags % 2 === 1, surgeRate: z[o + 7]!, pressure: asRatio(z[o + 8]!), coherence: asRatio(z[o + 9]!),
          capacityUtilisation: orNull(z[o + 10]!, plain), sources, confidence: asRatio(z[o + 11]!), status: STATUSES[Math.floor(flags / 2)]!,
        });
      }
      return out;
    },
    transferList: (e) => [e.zoneIndex.buffer, e.zones.buffer, e.sourceStart.buffer, e.sources.buffer] as ArrayBuffer[],
  };
}
