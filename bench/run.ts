/**
 * `npm run bench [-- NAME …] [--rate N] [--seconds S]`: runs the named benchmarks (default: all
 * that exist) and prints their figures. Benchmarks measure; they never fail a build.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchLatency } from './latency.ts';
import { benchIngest } from './ingest.ts';

const { values, positionals } = parseArgs({
  options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '30' }, count: { type: 'string', default: '1000000' } },
  allowPositionals: true,
});

const benches: Record<string, () => Promise<void>> = {
  latency: () => benchLatency({ rate: Number(values.rate), seconds: Number(values.seconds) }),
  ingest: () => benchIngest(Number(values.count)),
};
// The simulator benchmark is a script of its own (npm run bench:sim); run it as one.
benches.sim = async () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sim.ts'), '--seconds', '20'], { stdio: 'inherit', cwd: join(import.meta.dirname, '..') });
  if (res.status !== 0) console.log(`sim benchmark exited with ${res.status}`);
};
// Benchmarks of other stages, when present, join the default run.
for (const [name, file, fn] of [['decide', 'decide.ts', 'benchDecide'], ['stream', 'stream.ts', 'benchStream'], ['forecast', 'forecast.ts', 'benchForecast']] as const) {
  const path = join(import.meta.dirname, file);
  if (existsSync(path)) {
    benches[name] = async () => {
      const mod = (await import(path)) as Record<string, unknown>;
      if (typeof mod[fn] === 'function') await (mod[fn] as () => Promise<void>)();
      else console.log(`${name}: bench/${file} exports no ${fn}(); run it with npm run bench:${name}`);
    };
  }
}

const names = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; have: ${Object.keys(benches).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n== ${name} ==`);
  await bench();
}
