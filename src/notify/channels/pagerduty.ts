/**
 * PagerDuty Events API v2: POST {apiBase}/v2/enqueue. The incident follows the record's
 * lifecycle: an open alert triggers, an acknowledged one acknowledges, a resolved one resolves.
 *
 * `dedup_key` is the record's incident key (`crowdflow:alert:<id>`), the same for every status:
 * PagerDuty matches acknowledge and resolve to the trigger by dedup_key, and folds a repeated
 * trigger with an open incident's dedup_key into that incident, so a retried trigger never pages
 * twice. (The notification's idempotency key also carries the status, so it cannot be the
 * dedup_key: an acknowledge would then never reach its incident.)
 */
import type { RiskLevel } from '../../contracts/index.ts';
import type { Alert, Recommendation } from '../../contracts/index.ts';
import type { Notification } from '../notification.ts';
import { incidentKey } from '../notification.ts';
import type { Channel, ChannelCommon } from '../channel.ts';
import { channelLimits } from '../channel.ts';
import { checkHttpUrl, postJson } from '../http-post.ts';
import { requireNonEmpty } from '../config-error.ts';

export interface PagerDutyOptions extends ChannelCommon {
  /** Events API root, e.g. https://events.pagerduty.com (documented example; no default). */
  apiBase: string;
  /** The integration key of an Events API v2 integration on a PagerDuty service. */
  routingKey: string;
  /** `payload.source`; defaults to "crowdflow/<venueId>". */
  source?: string;
}

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/**
 * PagerDuty treats critical and error as high urgency (they page), warning and info as low.
 * crowdflow's WARNING is "alert triggered, act" in the CrowdSafe guide, so it maps to error.
 */
export const SEVERITY: Record<RiskLevel, PagerDutySeverity> = {
  CRITICAL: 'critical',
  WARNING: 'error',
  CAUTION: 'warning',
  SAFE: 'info',
};

/** Events v2 limits `payload.summary` to 1024 characters. */
const SUMMARY_MAX = 1024;

export function pagerDutyAction(n: Pick<Notification, 'kind' | 'record'>): PagerDutyAction {
  if (n.kind === 'alert') {
    const status = (n.record as Alert).status;
    return status === 'open' ? 'trigger' : status === 'acknowledged' ? 'acknowledge' : 'resolve';
  }
  // A recommendation is an incident while it waits for someone; it is over once acted upon.
  const status = (n.record as Recommendation).status;
  if (status === 'approved') return 'acknowledge';
  if (status === 'dispatched' || status === 'rejected' || status === 'expired') return 'resolve';
  return 'trigger';
}

export function pagerDutyEvent(n: Notification, routingKey: string, source?: string): Record<string, unknown> {
  const action = pagerDutyAction(n);
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: action,
    dedup_key: incidentKey(n),
    client: 'crowdflow',
  };
  if (action !== 'trigger') return event;
  const r = n.record;
  const triggerClass = n.kind === 'alert' ? (r as Alert).triggers.join(',') : (r as Recommendation).action.type;
  event.payload = {
    summary: n.title.length <= SUMMARY_MAX ? n.title : `${n.title.slice(0, SUMMARY_MAX - 1)}…`,
    source: source ?? `crowdflow/${r.venueId}`,
    severity: SEVERITY[n.level],
    timestamp: new Date(r.ts).toISOString(),
    component: r.zoneId,
    group: r.venueId,
    class: triggerClass,
    custom_details: { text: n.text, idempotencyKey: n.idempotencyKey, kind: n.kind, record: r },
  };
  return event;
}

export function pagerDutyChannel(opts: PagerDutyOptions): Channel {
  const base = checkHttpUrl('apiBase', opts.apiBase).toString().replace(/\/+$/, '');
  const routingKey = requireNonEmpty('routingKey', opts.routingKey);
  const url = `${base}/v2/enqueue`;
  const name = opts.name ?? 'pagerduty';
  return {
    name,
    ...channelLimits(opts),
    async send(n, signal) {
      await postJson(name, url, pagerDutyEvent(n, routingKey, opts.source), {}, signal);
    },
  };
}
