/**
 * Ingest validation under a million fuzzed payloads (half malformed): rate and verdicts by
 * error code. `npm run bench -- ingest [--count 1000000]`.
 */
import { performance } from 'node:perf_hooks';
import { decodePayload, fuzzCases, validateMessage } from '../src/ingest/index.ts';
import { loadVenueFile } from '../src/venue/index.ts';
import { PILOT_VENUE } from '../test/e2e/harness.ts';

export async function benchIngest(count = 1_000_000): Promise<void> {
  const venue = loadVenueFile(PILOT_VENUE);
  const now = Date.now();
  const ctx = { venue, now: now as never, authenticatedSensor: 'cam-entry-nw' };
  const codes = new Map<string, number>();
  let accepted = 0;
  let wrong = 0;
  let elapsed = 0;
  const chunk = 50_000;
  for (let done = 0; done < count; done += chunk) {
    const cases = fuzzCases(Math.min(chunk, count - done), { seed: 1000 + done, sensorId: 'cam-entry-nw', now });
    const t0 = performance.now();
    for (const c of cases) {
      const d = decodePayload(c.payload);
      const verdicts = d.ok ? validateMessage(d.value, ctx) : [{ ok: false as const, code: d.code }];
      for (const v of verdicts) {
        if (v.ok) accepted++;
        else codes.set(v.code, (codes.get(v.code) ?? 0) + 1);
      }
      if (verdicts.some((v) => v.ok) !== c.valid) wrong++;
    }
    elapsed += performance.now() - t0;
  }
  console.log(`ingest validation: ${count} payloads in ${(elapsed / 1000).toFixed(2)} s = ${Math.round(count / (elapsed / 1000))} payloads/s on one core`);
  console.log(`  accepted ${accepted}, misjudged ${wrong}`);
  for (const [code, n] of [...codes].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(26)} ${n}`);
}
