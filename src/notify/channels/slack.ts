/**
 * Slack incoming webhook (and the many tools that accept its format): `text` is the fallback
 * shown in notifications, `blocks` the rich message. Slack answers 200 "ok"; 4xx bodies such
 * as "invalid_payload" or "no_service" are permanent, 429 and 5xx are retried.
 * Slack has no idempotency key: a timeout after Slack accepted can show the message twice.
 */
import type { RiskLevel } from '../../contracts/index.ts';
import type { Channel, ChannelCommon } from '../channel.ts';
import { channelLimits } from '../channel.ts';
import type { Notification } from '../notification.ts';
import { checkHttpUrl, postJson } from '../http-post.ts';
import { escapeWithin, truncate } from '../text-fit.ts';

export interface SlackOptions extends ChannelCommon {
  /** The incoming-webhook URL; it is the secret, keep it out of logs. */
  webhookUrl: string;
}

// Block Kit limits: header text 150 characters, section text 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

const LEVEL_EMOJI: Record<RiskLevel, string> = {
  SAFE: ':large_green_circle:',
  CAUTION: ':large_yellow_circle:',
  WARNING: ':large_orange_circle:',
  CRITICAL: ':red_circle:',
};

/** Slack's mrkdwn treats these three as control characters; they must be entity-escaped. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(n: Notification): { text: string; blocks: unknown[] } {
  return {
    text: escapeWithin(`${n.title}\n${n.text}`, SECTION_MAX, escapeSlack),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(n.title, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeWithin(n.text, SECTION_MAX, escapeSlack) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${LEVEL_EMOJI[n.level]} *${n.level}* · ${n.kind} · ${escapeSlack(n.idempotencyKey)}` }],
      },
    ],
  };
}

export function slackChannel(opts: SlackOptions): Channel {
  const url = checkHttpUrl('webhookUrl', opts.webhookUrl).toString();
  const name = opts.name ?? 'slack';
  return {
    name,
    ...channelLimits(opts),
    async send(n, signal) {
      await postJson(name, url, slackPayload(n), {}, signal);
    },
  };
}
