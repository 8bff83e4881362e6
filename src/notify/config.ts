/**
 * The `notify` section of a runtime configuration, as data: which channels, from which level,
 * with which retry policy. The runtime embeds `NotifyConfig` in its own schema and hands the
 * parsed value to `notifierFromConfig`. Secrets (webhook secret, bot token, routing key, SMTP
 * password) are plain strings here; substituting them from the environment is the runtime's job.
 */
import { z } from 'zod';
import { CrowdflowError, RiskLevel } from '../contracts/index.ts';
import type { Channel } from './channel.ts';
import { webhookChannel } from './channels/webhook.ts';
import { slackChannel } from './channels/slack.ts';
import { telegramChannel } from './channels/telegram.ts';
import { pagerDutyChannel } from './channels/pagerduty.ts';
import { smtpChannel } from './channels/smtp.ts';
import { createNotifier } from './notifier.ts';
import type { Notifier, NotifierOptions } from './notifier.ts';

const common = {
  name: z.string().min(1).optional(),
  minLevel: RiskLevel.optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
};

export const ChannelConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), url: z.string(), secret: z.string().min(16), ...common }),
  z.strictObject({ kind: z.literal('slack'), webhookUrl: z.string(), ...common }),
  z.strictObject({
    kind: z.literal('telegram'),
    apiBase: z.string(),
    botToken: z.string(),
    chatId: z.union([z.string().min(1), z.number().int()]),
    ...common,
  }),
  z.strictObject({ kind: z.literal('pagerduty'), apiBase: z.string(), routingKey: z.string().min(1), source: z.string().optional(), ...common }),
  z.strictObject({
    kind: z.literal('smtp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    requireTls: z.boolean().optional(),
    from: z.string(),
    to: z.union([z.string(), z.array(z.string()).min(1)]),
    subjectPrefix: z.string().optional(),
    auth: z.strictObject({ user: z.string().min(1), pass: z.string() }).optional(),
    allowInsecureAuth: z.boolean().optional(),
    clientName: z.string().optional(),
    ...common,
  }),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const NotifyConfig = z.strictObject({
  minLevel: RiskLevel.default('WARNING'),
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(20),
      baseDelayMs: z.number().int().min(0).max(600_000),
      maxDelayMs: z.number().int().min(0).max(3_600_000),
    })
    .optional(),
  channels: z.array(ChannelConfig).default([]),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;

/** Validate a raw `notify` section; errors name the path, e.g. "channels.1.botToken: …". */
export function parseNotifyConfig(raw: unknown, where = 'notify'): NotifyConfig {
  const r = NotifyConfig.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new CrowdflowError('CF_ERR_CONFIG', issues);
  }
  return r.data;
}

/** Build each configured channel; a channel that cannot work throws CF_ERR_CONFIG naming it. */
export function channelsFromConfig(config: NotifyConfig, now?: () => number): Channel[] {
  return config.channels.map((c, i) => {
    try {
      return buildChannel(c, now);
    } catch (err) {
      if (err instanceof CrowdflowError) {
        throw new CrowdflowError(err.code, `notify.channels.${i} (${c.kind}): ${err.message.replace(/^CF_ERR_\w+: /, '')}`);
      }
      throw err;
    }
  });
}

function buildChannel(c: ChannelConfig, now?: () => number): Channel {
  const clock = now ? { now } : {};
  switch (c.kind) {
    case 'webhook': {
      const { kind: _kind, ...o } = c;
      return webhookChannel({ ...o, ...clock });
    }
    case 'slack': {
      const { kind: _kind, ...o } = c;
      return slackChannel({ ...o, ...clock });
    }
    case 'telegram': {
      const { kind: _kind, ...o } = c;
      return telegramChannel({ ...o, ...clock });
    }
    case 'pagerduty': {
      const { kind: _kind, ...o } = c;
      return pagerDutyChannel({ ...o, ...clock });
    }
    case 'smtp': {
      const { kind: _kind, ...o } = c;
      return smtpChannel({ ...o, ...clock });
    }
  }
}

/** The notifier a configuration describes; `extra` supplies what config cannot (SentLog, sleep, more channels). */
export function notifierFromConfig(config: NotifyConfig, extra: Partial<NotifierOptions> & { now?: () => number } = {}): Notifier {
  const { now, channels: more = [], ...rest } = extra;
  return createNotifier({
    minLevel: config.minLevel,
    timeoutMs: config.timeoutMs,
    ...(config.retry ? { retry: config.retry } : {}),
    ...rest,
    channels: [...channelsFromConfig(config, now), ...more],
  });
}
