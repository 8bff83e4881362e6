/**
 * Seeded generator of malformed and valid readings, for the ingest fuzz test and benchmark.
 * Each case says whether it is valid, so a test can check every verdict, not just "no crash".
 */
import { READING_SCHEMA, seededRandom } from '../contracts/index.ts';

export { seededRandom };

export interface FuzzCase {
  readonly payload: string;
  readonly valid: boolean;
  readonly mutation: string;
}


type Obj = Record<string, unknown>;
const MUTATIONS: ReadonlyArray<[string, (r: Obj, rnd: () => number, now: number) => Obj | string]> = [
  ['wrong type', (r) => ({ ...r, count: 'many' })],
  ['missing field', (r) => { const { ts: _ts, ...rest } = r; return rest; }],
  ['missing id', (r) => { const { id: _id, ...rest } = r; return rest; }],
  ['NaN literal', (r) => JSON.stringify(r).replace(/"count":\d+/, '"count":NaN')],
  ['infinite number', (r) => JSON.stringify(r).replace(/"count":\d+/, '"count":1e999')],
  ['negative count', (r) => ({ ...r, count: -1 })],
  ['fractional count', (r) => ({ ...r, count: 2.5 })],
  ['far-future ts', (r, _rnd, now) => ({ ...r, ts: now + 86_400_000 })],
  ['ancient ts', (r) => ({ ...r, ts: 946_684_800_000 })],
  ['ts as string', (r) => ({ ...r, ts: new Date().toISOString() })],
  ['unknown sensor', (r) => ({ ...r, sensorId: 'no-such-sensor' })],
  ['personal data field', (r) => ({ ...r, email: 'someone@example.org' })],
  ['wrong schema', (r) => ({ ...r, schema: 'crowdflow.reading/v9' })],
  ['unknown kind', (r) => ({ ...r, kind: 'heartbeat' })],
  ['truncated JSON', (r) => JSON.stringify(r).slice(0, 20)],
  ['not an object', () => '42'],
  ['null', () => 'null'],
  ['empty array', () => '[]'],
  ['binary garbage', (_r, rnd) => Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))).toString('latin1')],
  ['huge string field', (r) => ({ ...r, id: 'x'.repeat(10_000) })],
  ['deep nesting', () => '['.repeat(5000) + ']'.repeat(5000)],
];

/**
 * `n` cases for `sensorId` (a zone_count sensor), about `validShare` of them valid, the rest one
 * random mutation each. Ids are unique per seed.
 */
export function fuzzCases(n: number, opts: { seed: number; sensorId: string; now: number; validShare?: number }): FuzzCase[] {
  const rnd = seededRandom(opts.seed);
  const out: FuzzCase[] = [];
  for (let i = 0; i < n; i++) {
    const r: Obj = { schema: READING_SCHEMA, id: `fz-${opts.seed}-${i}`, sensorId: opts.sensorId, ts: opts.now - Math.floor(rnd() * 10_000), kind: 'zone_count', count: Math.floor(rnd() * 500) };
    if (rnd() < (opts.validShare ?? 0.5)) {
      out.push({ payload: JSON.stringify(r), valid: true, mutation: 'none' });
      continue;
    }
    const [name, mutate] = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
    const m = mutate(r, rnd, opts.now);
    out.push({ payload: typeof m === 'string' ? m : JSON.stringify(m), valid: false, mutation: name });
  }
  return out;
}
