import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagerDutyChannel, pagerDutyAction } from './pagerduty.ts';
import { alertNotification, recommendationNotification } from '../notification.ts';
import { createNotifier } from '../notifier.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import type { ReceivedRequest } from '../testing/http-receiver.ts';
import { sampleAlert, sampleRecommendation } from '../testing/fixtures.ts';

const routingKey = 'R0123456789ABCDEF0123456789ABCDE';

interface PdEvent {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; timestamp: string; component: string; group: string; class: string };
}

/**
 * A local Events v2 endpoint that checks the fields PagerDuty requires and keeps incidents by
 * dedup_key the way PagerDuty does: a trigger for an open incident does not open another.
 */
function eventsApi() {
  const incidents = new Map<string, { status: 'triggered' | 'acknowledged' | 'resolved'; triggers: number }>();
  let pages = 0;
  const handler = (req: ReceivedRequest) => {
    if (req.path !== '/v2/enqueue') return { status: 404, body: '{}' };
    const e = JSON.parse(req.body) as PdEvent;
    const invalid = (why: string) => ({ status: 400, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: [why] }) });
    if (e.routing_key !== routingKey) return invalid('routing_key');
    if (!['trigger', 'acknowledge', 'resolve'].includes(e.event_action)) return invalid('event_action');
    if (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255) return invalid('dedup_key');
    if (e.event_action === 'trigger') {
      const p = e.payload;
      if (!p || !p.summary || !p.source || !['critical', 'error', 'warning', 'info'].includes(p.severity)) return invalid('payload');
      const open = incidents.get(e.dedup_key);
      if (!open || open.status === 'resolved') {
        incidents.set(e.dedup_key, { status: 'triggered', triggers: 1 });
        pages++;
      } else open.triggers++;
    } else {
      const open = incidents.get(e.dedup_key);
      if (open && open.status !== 'resolved') open.status = e.event_action === 'acknowledge' ? 'acknowledged' : 'resolved';
    }
    return { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: e.dedup_key }) };
  };
  return { handler, incidents, pages: () => pages };
}

test('an alert triggers, acknowledges and resolves one PagerDuty incident', async () => {
  const api = eventsApi();
  const rx = await startHttpReceiver(api.handler);
  try {
    const notifier = createNotifier({ channels: [pagerDutyChannel({ apiBase: rx.base, routingKey })] });
    const reports = [
      ...(await notifier.notify(alertNotification(sampleAlert()))),
      ...(await notifier.notify(alertNotification(sampleAlert({ status: 'acknowledged', acknowledgedBy: 'op', acknowledgedAt: 1 })))),
      ...(await notifier.notify(alertNotification(sampleAlert({ status: 'resolved', resolvedBy: 'op', resolvedAt: 2 })))),
    ];
    assert.deepEqual(reports.map((r) => r.outcome), ['delivered', 'delivered', 'delivered']);
    const events = rx.requests.map((r) => JSON.parse(r.body) as PdEvent);
    assert.deepEqual(events.map((e) => e.event_action), ['trigger', 'acknowledge', 'resolve']);
    assert.equal(new Set(events.map((e) => e.dedup_key)).size, 1, 'one dedup_key for the whole lifecycle');
    assert.equal(events[0]!.dedup_key, 'crowdflow:alert:alert-0001');
    const p = events[0]!.payload!;
    assert.equal(p.severity, 'critical');
    assert.equal(p.source, 'crowdflow/pilot-arena');
    assert.equal(p.component, 'north-stand');
    assert.equal(p.timestamp, new Date(1_790_000_000_000).toISOString());
    assert.match(p.summary, /^CRITICAL in zone north-stand/);
    assert.equal(events[1]!.payload, undefined, 'acknowledge carries no payload');
    assert.equal(api.pages(), 1);
    assert.equal(api.incidents.get('crowdflow:alert:alert-0001')?.status, 'resolved');
  } finally {
    await rx.close();
  }
});

test('a trigger retried after a lost answer pages once: PagerDuty folds it by dedup_key', async () => {
  const api = eventsApi();
  // The first trigger is processed, but its answer is lost (the receiver hangs up with 502).
  const rx = await startHttpReceiver((req, i) => {
    const answer = api.handler(req);
    return i === 0 ? { status: 502, body: 'bad gateway' } : answer;
  });
  try {
    const notifier = createNotifier({ channels: [pagerDutyChannel({ apiBase: rx.base, routingKey })], sleep: async () => {} });
    const [report] = await notifier.notify(alertNotification(sampleAlert({ level: 'WARNING' })));
    assert.equal(report?.outcome, 'delivered');
    assert.equal(report?.attempts, 2);
    assert.equal(rx.requests.length, 2);
    assert.equal(api.pages(), 1);
    assert.equal(api.incidents.get('crowdflow:alert:alert-0001')?.triggers, 2);
    assert.equal((JSON.parse(rx.requests[0]!.body) as PdEvent).payload?.severity, 'error', 'WARNING pages as error (high urgency)');
  } finally {
    await rx.close();
  }
});

test('an invalid event (400) is not retried', async () => {
  const api = eventsApi();
  const rx = await startHttpReceiver(api.handler);
  try {
    const notifier = createNotifier({ channels: [pagerDutyChannel({ apiBase: rx.base, routingKey: 'wrong-key' })], sleep: async () => {} });
    const [report] = await notifier.notify(alertNotification(sampleAlert()));
    assert.equal(report?.outcome, 'failed');
    assert.equal(report?.attempts, 1);
    assert.match(report?.error?.message ?? '', /HTTP 400.*invalid event/);
  } finally {
    await rx.close();
  }
});

test('recommendations follow their own lifecycle', () => {
  const action = (status: string) => pagerDutyAction(recommendationNotification(sampleRecommendation({ status })));
  assert.equal(action('pending_approval'), 'trigger');
  assert.equal(action('proposed'), 'trigger');
  assert.equal(action('approved'), 'acknowledge');
  assert.equal(action('dispatched'), 'resolve');
  assert.equal(action('rejected'), 'resolve');
  assert.equal(action('expired'), 'resolve');
});
