/**
 * What happens to a decision once it exists: recommendations that need no approval are
 * dispatched at once; pending ones wait for a supervisor (and expire into an escalation alert
 * when nobody answers); approved ones are dispatched then. Every new or changed alert and
 * recommendation goes to the console and to the notification channels; each step is stored
 * and audited.
 */
import type { Alert, EpochMs, Recommendation } from '../contracts/index.ts';
import { expirePending, markDispatched } from '../decide/index.ts';
import { alertNotification, recommendationNotification, type Notifier } from '../notify/index.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { Hub } from './hub.ts';

export interface Dispatcher {
  /** Newly decided records (already stored by the pipeline). */
  decided(d: { alerts: readonly Alert[]; recommendations: readonly Recommendation[] }): void;
  /** A record an operator changed (already stored and audited by the app). */
  changed(record: { alert: Alert } | { recommendation: Recommendation }): void;
  /** Expires pending recommendations older than `timeoutMs`; call every tick. */
  expire(now: EpochMs, timeoutMs: number): void;
  /** Notifications still being delivered (shutdown waits for them). */
  settle(): Promise<void>;
}

export function createDispatcher(deps: { store: Store; hub: Hub; clock: Clock; notifier: Notifier | null }): Dispatcher {
  const { store, hub, clock, notifier } = deps;
  const inFlight = new Set<Promise<unknown>>();
  const send = (p: Promise<unknown> | undefined): void => {
    if (!p) return;
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const notifyAlert = (a: Alert): void => send(notifier?.notify(alertNotification(a)));
  const notifyRec = (r: Recommendation): void => send(notifier?.notify(recommendationNotification(r)));

  const dispatch = (r: Recommendation): Recommendation => {
    const done = markDispatched(r, clock.now());
    store.transaction(() => {
      store.recommendations.upsert(done);
      store.audit.append({ ts: clock.now(), actor: 'system', action: 'recommendation.dispatch', subject: done.id, detail: { zoneId: done.zoneId, action: done.action } });
    });
    hub.publish({ type: 'recommendation', recommendation: done });
    return done;
  };

  return {
    decided({ alerts, recommendations }) {
      for (const a of alerts) notifyAlert(a);
      for (const r of recommendations) notifyRec(r.status === 'proposed' ? dispatch(r) : r);
    },
    changed(record) {
      if ('alert' in record) return notifyAlert(record.alert);
      const r = record.recommendation;
      notifyRec(r.status === 'approved' ? dispatch(r) : r);
    },
    expire(now, timeoutMs) {
      const pending = store.recommendations.list({ status: 'pending_approval', limit: 1000 });
      const { expired, escalations } = expirePending(pending, now, timeoutMs);
      if (expired.length === 0) return;
      const fresh = escalations.filter((a) => store.alerts.get(a.id) === null);
      store.transaction(() => {
        for (const r of expired) {
          store.recommendations.upsert(r);
          store.audit.append({ ts: now, actor: 'system', action: 'recommendation.expire', subject: r.id, detail: { zoneId: r.zoneId, reason: r.reason } });
        }
        for (const a of fresh) store.alerts.upsert(a);
      });
      for (const r of expired) hub.publish({ type: 'recommendation', recommendation: r });
      for (const a of fresh) {
        hub.publish({ type: 'alert', alert: a });
        notifyAlert(a);
      }
    },
    async settle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
