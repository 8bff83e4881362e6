#!/usr/bin/env node
// Runs every *.test.ts(x) under src/, test/ and web/src/ with Node's test runner (TypeScript through tsx).
// `npm test -- src/venue test/e2e/restart` runs only the files under the given paths.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const roots = args.length > 0 ? args : ['src', 'test', 'web/src'];

function collect(path, out) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    if (path.endsWith('.test.ts') || path.endsWith('.test.tsx')) out.push(path);
    return;
  }
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    collect(join(path, name), out);
  }
}

const files = [];
for (const r of roots) {
  const abs = join(root, r);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (st) collect(abs, files);
  else collect(join(root, r + '.test.ts'), files);
}
files.sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
// Tests of a wall-clock promise made to the user (`npm start` shows zones changing within 10 s)
// run after the others, alone: on a 2-core machine a neighbouring test would take the CPU the
// promise is about, and the user's machine is not running a test suite beside `npm start`.
const SOLO = ['test/e2e/cli-start.e2e.test.ts'];
const solo = files.filter((f) => SOLO.includes(relative(root, f)));
const shared = files.filter((f) => !solo.includes(f));
console.log(`running ${files.length} test files${solo.length > 0 ? ` (${solo.length} alone at the end)` : ''}`);
const run = (list, concurrency) => spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...list.map((f) => relative(root, f))],
  { stdio: 'inherit', cwd: root, env: process.env },
).status ?? 1;
let status = shared.length > 0 ? run(shared, 2) : 0;
if (solo.length > 0) status = run(solo, 1) || status;
process.exit(status);
