/**
 * Writes schemas/*.json from the zod contracts. `--check` exits 1 when a committed file is
 * stale (the contract test runs this), so vendors never read an outdated schema.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PUBLISHED_SCHEMAS } from '../src/contracts/index.ts';

export function renderSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const { id, file, schema } of PUBLISHED_SCHEMAS) {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
    const doc = { $id: `urn:crowdflow:schema:${file.replace(/\.json$/, "")}`, title: id, ...json };
    out.set(file, JSON.stringify(doc, null, 2) + '\n');
  }
  return out;
}

function main(): void {
  const dir = join(import.meta.dirname, '..', 'schemas');
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of renderSchemas()) {
    const path = join(dir, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === text) continue;
    if (check) stale.push(file);
    else writeFileSync(path, text);
  }
  if (stale.length > 0) {
    console.error(`stale JSON Schemas: ${stale.join(', ')} (run: npm run schemas)`);
    process.exit(1);
  }
  console.log(check ? 'schemas up to date' : `wrote ${PUBLISHED_SCHEMAS.length} schemas to schemas/`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
