/**
 * Notifications: fan an Alert or Recommendation out to webhooks, Slack, Telegram, PagerDuty
 * and e-mail, with retries and idempotency keys. The console's WebSocket push lives in
 * src/adapters. See docs/NOTIFY.md.
 */
export type { Notification } from './notification.ts';
export {
  alertNotification,
  recommendationNotification,
  alertIdempotencyKey,
  recommendationIdempotencyKey,
  incidentKey,
  atLeast,
  levelRank,
} from './notification.ts';
export type { Channel, ChannelCommon } from './channel.ts';
export { createNotifier, DEFAULT_MIN_LEVEL, DEFAULT_TIMEOUT_MS } from './notifier.ts';
export type { Notifier, NotifierOptions, DeliveryReport, DeliveryOutcome } from './notifier.ts';
export type { RetryPolicy } from './backoff.ts';
export { DEFAULT_RETRY, retryDelayMs, seededRandom } from './backoff.ts';
export type { SentLog } from './sent-log.ts';
export { memorySentLog } from './sent-log.ts';
export { DeliveryError } from './delivery-error.ts';
export type { DeliveryErrorCode } from './delivery-error.ts';
export { signBody, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, IDEMPOTENCY_HEADER } from './signature.ts';
export { webhookChannel, NOTIFICATION_SCHEMA } from './channels/webhook.ts';
export type { WebhookOptions, WebhookBody } from './channels/webhook.ts';
export { slackChannel } from './channels/slack.ts';
export type { SlackOptions } from './channels/slack.ts';
export { telegramChannel } from './channels/telegram.ts';
export type { TelegramOptions } from './channels/telegram.ts';
export { pagerDutyChannel, SEVERITY as PAGERDUTY_SEVERITY } from './channels/pagerduty.ts';
export type { PagerDutyOptions } from './channels/pagerduty.ts';
export { smtpChannel } from './channels/smtp.ts';
export type { SmtpOptions } from './channels/smtp.ts';
export { NotifyConfig, ChannelConfig, parseNotifyConfig, channelsFromConfig, notifierFromConfig } from './config.ts';
