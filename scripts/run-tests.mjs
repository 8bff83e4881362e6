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
console.log(`running ${files.length} test files`);
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files.map((f) => relative(root, f))],
  { stdio: 'inherit', cwd: root, env: process.env },
);
process.exit(res.status ?? 1);
