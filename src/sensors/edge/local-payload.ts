/**
 * What local sensors may send to an edge gateway, and what leaves it. Standard readings pass
 * (camera track ids re-keyed by the rotating salt); `crowdflow.edge-wifi/v1` carries raw device
 * identifiers seen by a Wi-Fi sensor, which become a `wifi_count` of unique devices: the
 * identifiers themselves are never stored or forwarded.
 */
import { z } from 'zod';
import { READING_SCHEMA, READING_LIMITS, type EpochMs } from '../../contracts/index.ts';
import { findPersonalField, type RotatingSalt } from './anonymise.ts';

export const EDGE_WIFI_SCHEMA = 'crowdflow.edge-wifi/v1';

export const EdgeWifiObservation = z.object({
  schema: z.literal(EDGE_WIFI_SCHEMA),
  id: z.string().min(1).max(128),
  sensorId: z.string().min(1).max(64),
  ts: z.number().int().nonnegative(),
  intervalMs: z.number().int().min(1).max(READING_LIMITS.maxIntervalMs),
  /** Device identifiers (MAC addresses or probe fingerprints) seen during the interval. */
  devices: z.array(z.string().min(1).max(128)).max(100_000),
}).strict();

export type Transformed =
  | { ok: true; value: unknown }
  | { ok: false; code: 'CF_ERR_PERSONAL_DATA' | 'CF_ERR_READING_SCHEMA'; reason: string };

/** One decoded local message (a reading, an edge-wifi observation, a batch or an array of them). */
export function anonymiseLocal(value: unknown, salt: RotatingSalt): Transformed {
  const items = Array.isArray(value) ? value : isObj(value) && Array.isArray(value.readings) ? value.readings : null;
  if (items) {
    const out: unknown[] = [];
    for (const item of items) {
      const t = anonymiseOne(item, salt);
      if (!t.ok) return t;
      out.push(t.value);
    }
    return { ok: true, value: out };
  }
  return anonymiseOne(value, salt);
}

function anonymiseOne(value: unknown, salt: RotatingSalt): Transformed {
  if (isObj(value) && value.schema === EDGE_WIFI_SCHEMA) {
    const obs = EdgeWifiObservation.safeParse(value);
    if (!obs.success) return { ok: false, code: 'CF_ERR_READING_SCHEMA', reason: `edge-wifi observation: ${obs.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const unique = new Set(obs.data.devices.map((d) => salt.hash(d.trim().toLowerCase(), obs.data.ts)));
    return {
      ok: true,
      value: { schema: READING_SCHEMA, id: obs.data.id, sensorId: obs.data.sensorId, ts: obs.data.ts as EpochMs, kind: 'wifi_count', intervalMs: obs.data.intervalMs, devices: unique.size },
    };
  }
  const personal = findPersonalField(value);
  if (personal) return { ok: false, code: 'CF_ERR_PERSONAL_DATA', reason: `field "${personal}" would carry personal data; the edge refuses the payload` };
  if (isObj(value) && value.kind === 'tracks' && Array.isArray(value.tracks) && typeof value.ts === 'number' && typeof value.sensorId === 'string') {
    const ts = value.ts;
    const sensor = value.sensorId;
    const tracks = value.tracks.map((t: unknown) =>
      isObj(t) && typeof t.trackId === 'string' ? { ...t, trackId: salt.hash(`${sensor}/${t.trackId}`, ts) } : t);
    return { ok: true, value: { ...value, tracks } };
  }
  return { ok: true, value };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
