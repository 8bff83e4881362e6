// Lint: typescript-eslint's recommended rules, plus the architecture's one direction of
// imports (contracts ← venue ← stages ← adapters ← runtime/cli). An import that points the
// wrong way fails `npm run lint`, and so CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What each folder of src/ may import from the other folders of src/. */
const ALLOWED = {
  contracts: [],
  venue: ['contracts'],
  sim: ['contracts', 'venue'],
  sensors: ['contracts', 'venue', 'sim'],
  ingest: ['contracts', 'venue'],
  stream: ['contracts', 'venue'],
  forecast: ['contracts', 'venue', 'stream', 'sim', 'sensors'],
  risk: ['contracts', 'venue'],
  decide: ['contracts', 'venue', 'risk'],
  notify: ['contracts'],
  store: ['contracts', 'venue'],
  adapters: ['contracts', 'venue', 'ingest', 'sim', 'sensors', 'stream', 'forecast', 'risk', 'decide', 'notify', 'store'],
  runtime: ['contracts', 'venue', 'ingest', 'sim', 'sensors', 'stream', 'forecast', 'risk', 'decide', 'notify', 'store', 'adapters'],
  cli: ['contracts', 'venue', 'ingest', 'sim', 'sensors', 'stream', 'forecast', 'risk', 'decide', 'notify', 'store', 'adapters', 'runtime'],
};
const FOLDERS = Object.keys(ALLOWED);
/** Stages are pure cores: no sockets, files or databases (store is the persistence stage). */
const IO_MODULES = ['node:net', 'node:http', 'node:https', 'node:fs', 'node:fs/promises', 'node:dgram', 'mqtt', 'aedes', 'fastify', 'ws', 'better-sqlite3', 'kafkajs', 'pg'];
const PURE = ['contracts', 'venue', 'ingest', 'sim', 'stream', 'forecast', 'risk', 'decide'];

const layerRules = FOLDERS.map((folder) => {
  const forbidden = FOLDERS.filter((f) => f !== folder && !ALLOWED[folder].includes(f));
  const patterns = forbidden.length === 0 ? [] : [{
    group: forbidden.flatMap((f) => [`../${f}`, `../${f}/*`, `../../${f}`, `../../${f}/*`, `../../../${f}/*`]),
    message: `src/${folder} may import only from ${ALLOWED[folder].join(', ') || 'nothing else in src'} (see docs/ARCHITECTURE.md)`,
  }];
  const paths = PURE.includes(folder) && folder !== 'venue'
    ? IO_MODULES.map((name) => ({ name, message: `src/${folder} is a pure stage: I/O belongs in src/adapters, src/store or src/runtime` }))
    : [];
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: [`src/${folder}/**/*.test.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'schemas/', '.crowdflow/', 'out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  ...layerRules,
);
