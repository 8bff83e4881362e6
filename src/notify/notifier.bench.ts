/**
 * Fan-out latency: one notify() to a webhook, Slack, PagerDuty and SMTP receiver on 127.0.0.1,
 * and the notifier's own overhead with channels that do nothing.
 * Run: npx tsx src/notify/notifier.bench.ts [count]
 */
import { createNotifier } from './notifier.ts';
import { alertNotification } from './notification.ts';
import { webhookChannel } from './channels/webhook.ts';
import { slackChannel } from './channels/slack.ts';
import { pagerDutyChannel } from './channels/pagerduty.ts';
import { smtpChannel } from './channels/smtp.ts';
import type { Channel } from './channel.ts';
import { startHttpReceiver } from './testing/http-receiver.ts';
import { startSmtpReceiver } from './testing/smtp-receiver.ts';
import { sampleAlert } from './testing/fixtures.ts';

const count = Number(process.argv[2] ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summary(label: string, ms: number[]): void {
  const s = [...ms].sort((a, b) => a - b);
  console.log(`${label}: n=${s.length} p50=${percentile(s, 0.5).toFixed(2)} ms p95=${percentile(s, 0.95).toFixed(2)} ms p99=${percentile(s, 0.99).toFixed(2)} ms max=${s[s.length - 1]!.toFixed(2)} ms`);
}

async function fanOut(): Promise<void> {
  const http = await startHttpReceiver((req) => (req.path === '/v2/enqueue' ? { status: 202, body: '{"status":"success"}' } : { status: 200, body: 'ok' }));
  const smtp = await startSmtpReceiver();
  try {
    const notifier = createNotifier({
      channels: [
        webhookChannel({ url: `${http.base}/hook`, secret: '0123456789abcdef' }),
        slackChannel({ webhookUrl: `${http.base}/services/T/B/X` }),
        pagerDutyChannel({ apiBase: http.base, routingKey: 'R1' }),
        smtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'a@crowdflow.test', to: 'b@crowdflow.test' }),
      ],
    });
    const each = { all: [] as number[] };
    for (let i = 0; i < count; i++) {
      const n = alertNotification(sampleAlert({ id: `bench-${i}` }));
      const t0 = performance.now();
      const reports = await notifier.notify(n);
      each.all.push(performance.now() - t0);
      if (reports.some((r) => r.outcome !== 'delivered')) throw new Error(`not delivered: ${JSON.stringify(reports)}`);
    }
    summary('notify() to webhook+slack+pagerduty+smtp on 127.0.0.1', each.all);
    console.log(`  received: http=${http.requests.length} (expected ${3 * count}) smtp=${smtp.mails.length} (expected ${count})`);
  } finally {
    await http.close();
    await smtp.close();
  }
}

async function overhead(): Promise<void> {
  const noop = (name: string): Channel => ({ name, send: async () => {} });
  const notifier = createNotifier({ channels: [noop('a'), noop('b'), noop('c'), noop('d')] });
  const total = count * 20;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) await notifier.notify(alertNotification(sampleAlert({ id: `noop-${i}` })));
  const ms = performance.now() - t0;
  console.log(`notifier overhead, 4 no-op channels: ${(ms / total * 1000).toFixed(1)} µs per notify (${Math.round(total / (ms / 1000))}/s)`);
}

await fanOut();
await overhead();
