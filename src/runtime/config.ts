/** Runtime configuration (`crowdflow serve --config FILE`): YAML validated with paths in errors. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CrowdflowError } from '../contracts/index.ts';
import { NotifyConfig } from '../notify/index.ts';

export const RuntimeConfig = z.object({
  venue: z.string().min(1),
  playbook: z.string().min(1),
  dataDir: z.string().min(1).default('.crowdflow'),
  http: z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(8080) }).strict().default({ host: '127.0.0.1', port: 8080 }),
  mqtt: z.object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(1883) }).strict().default({ host: '127.0.0.1', port: 1883 }),
  /** Processing-time hop at which every zone's state is emitted. */
  tickMs: z.number().int().min(100).max(60_000).default(1000),
  durability: z.enum(['normal', 'full']).default('normal'),
  logLevel: z.enum(['silent', 'error', 'warn', 'info']).default('warn'),
  /** A scenario preset (presets/*.yaml, crowdsafe-metrics-guide §6) applied to each zone by its type. */
  preset: z.string().optional(),
  /** Stream windows (validated with their ranges by src/stream): windowMs, hopMs, allowedLatenessMs, … */
  stream: z.record(z.string(), z.number()).optional(),
  /** Notification channels (webhook, Slack, Telegram, PagerDuty, SMTP): see docs/NOTIFY.md. */
  notify: NotifyConfig.optional(),
  /** Forecast serving: on by default; `artifact` a learned model (else the physics model); a forecast every `everyS` of event time. */
  forecast: z.object({
    enabled: z.boolean().default(true),
    everyS: z.number().int().min(1).max(300).default(5),
    /** A learned-model artifact; null: the physics model; absent: models/forecast/learned-v1.json when present. */
    artifact: z.string().nullable().optional(),
  }).strict().optional(),
}).strict();
export type RuntimeConfig = z.infer<typeof RuntimeConfig>;

/** Paths in the file are relative to the file. */
export function loadRuntimeConfig(file: string): RuntimeConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CrowdflowError('CF_ERR_CONFIG', `${file}: ${(e as Error).message}`);
  }
  const r = RuntimeConfig.safeParse(substituteEnv(raw, process.env, file));
  if (!r.success) {
    throw new CrowdflowError('CF_ERR_CONFIG', `${file}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const base = dirname(resolve(file));
  return {
    ...r.data,
    venue: resolve(base, r.data.venue),
    playbook: resolve(base, r.data.playbook),
    dataDir: resolve(base, r.data.dataDir),
    preset: r.data.preset === undefined ? undefined : resolve(base, r.data.preset),
    forecast: typeof r.data.forecast?.artifact === 'string' ? { ...r.data.forecast, artifact: resolve(base, r.data.forecast.artifact) } : r.data.forecast,
  };
}

/**
 * `${NAME}` in any string of the file is replaced by the environment variable NAME, so secrets
 * (webhook secrets, bot tokens, SMTP passwords) stay out of the file. An unset variable is an error.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new CrowdflowError('CF_ERR_CONFIG', `${file}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env, file));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, file)]));
  }
  return value;
}
