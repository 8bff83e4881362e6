/**
 * Telegram Bot API: POST {apiBase}/bot{token}/sendMessage with chat_id and text (HTML parse
 * mode). The API answers {"ok":true,"result":…} or {"ok":false,"error_code","description",
 * "parameters":{"retry_after":s}}; flood control (429) says how long to wait in the body.
 * Telegram has no idempotency key: a timeout after it accepted can show the message twice.
 */
import { atLeast } from '../notification.ts';
import type { Notification } from '../notification.ts';
import type { Channel, ChannelCommon } from '../channel.ts';
import { channelLimits } from '../channel.ts';
import { checkHttpUrl, post, requireSuccess } from '../http-post.ts';
import { configError } from '../config-error.ts';
import { DeliveryError } from '../delivery-error.ts';
import { escapeWithin } from '../text-fit.ts';

export interface TelegramOptions extends ChannelCommon {
  /** Bot API root, e.g. https://api.telegram.org (documented example; no default). */
  apiBase: string;
  /** "<bot id>:<secret>", as the BotFather gives it. It sits in the URL: keep it out of logs. */
  botToken: string;
  /** A numeric chat id or "@channelname". */
  chatId: string | number;
}

/** Telegram's limit is 4096 characters of text after entity parsing; keep a margin for tags. */
const TEXT_MAX = 4000;

/** Telegram's HTML mode needs only these three escaped. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function telegramPayload(n: Notification, chatId: string | number): Record<string, unknown> {
  const title = `<b>${escapeWithin(n.title, 200, escapeTelegramHtml)}</b>`;
  const body = escapeWithin(n.text, TEXT_MAX - title.length - 1, escapeTelegramHtml);
  return {
    chat_id: chatId,
    text: `${title}\n${body}`,
    parse_mode: 'HTML',
    // Below WARNING the message arrives without a sound: informative, not a call to act.
    disable_notification: !atLeast(n.level, 'WARNING'),
  };
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

export function telegramChannel(opts: TelegramOptions): Channel {
  const base = checkHttpUrl('apiBase', opts.apiBase).toString().replace(/\/+$/, '');
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(opts.botToken ?? '')) {
    throw configError('`botToken` is not of the form "<digits>:<letters, digits, _ or ->"');
  }
  if (opts.chatId === '' || opts.chatId === undefined || opts.chatId === null) {
    throw configError('`chatId` is empty; expected a numeric chat id or "@channelname"');
  }
  const url = `${base}/bot${opts.botToken}/sendMessage`;
  const name = opts.name ?? 'telegram';
  return {
    name,
    ...channelLimits(opts),
    async send(n, signal) {
      const answer = await post(name, url, JSON.stringify(telegramPayload(n, opts.chatId)), { 'content-type': 'application/json' }, signal);
      const parsed = parseAnswer(answer.body);
      const retryAfterS = parsed?.parameters?.retry_after;
      requireSuccess(name, answer, typeof retryAfterS === 'number' ? retryAfterS * 1000 : undefined);
      if (parsed?.ok !== true) {
        throw new DeliveryError('CF_ERR_NOTIFY_REJECTED', `${name}: answer is not {"ok":true}: ${answer.body.slice(0, 300)}`, false);
      }
    },
  };
}

function parseAnswer(body: string): TelegramAnswer | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null ? (v as TelegramAnswer) : undefined;
  } catch {
    return undefined;
  }
}
