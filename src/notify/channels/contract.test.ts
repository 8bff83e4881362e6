/** Every channel runs the shared Channel contract against a receiver in its own API's format. */
import { channelContract } from '../testing/channel-contract.ts';
import type { ReceiverBehaviour } from '../testing/channel-contract.ts';
import { startHttpReceiver } from '../testing/http-receiver.ts';
import type { Answer } from '../testing/http-receiver.ts';
import { startSmtpReceiver } from '../testing/smtp-receiver.ts';
import { webhookChannel } from './webhook.ts';
import { slackChannel } from './slack.ts';
import { telegramChannel } from './telegram.ts';
import { pagerDutyChannel } from './pagerduty.ts';
import { smtpChannel } from './smtp.ts';
import type { Channel } from '../channel.ts';

/** An HTTP receiver answering per behaviour; `accepted` counts the accepting answers. */
async function httpHarness(b: ReceiverBehaviour, answers: Record<Exclude<ReceiverBehaviour, 'hang'>, Answer>, make: (base: string) => Channel) {
  let accepted = 0;
  const rx = await startHttpReceiver(() => {
    if (b === 'hang') return 'hang';
    if (b === 'accept') accepted++;
    return answers[b];
  });
  return { channel: make(rx.base), accepted: () => accepted, close: () => rx.close() };
}

const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });

channelContract('webhook', (b) =>
  httpHarness(b, { accept: { status: 204 }, transient: { status: 503 }, permanent: { status: 401 } }, (base) =>
    webhookChannel({ url: base, secret: '0123456789abcdef' })),
);

channelContract('slack', (b) =>
  httpHarness(
    b,
    { accept: { status: 200, body: 'ok' }, transient: { status: 500, body: 'rollup_error' }, permanent: { status: 404, body: 'no_service' } },
    (base) => slackChannel({ webhookUrl: `${base}/services/T/B/X` }),
  ),
);

channelContract('telegram', (b) =>
  httpHarness(
    b,
    {
      accept: json(200, { ok: true, result: { message_id: 1 } }),
      transient: json(429, { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 1 } }),
      permanent: json(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }),
    },
    (base) => telegramChannel({ apiBase: base, botToken: '1:abc', chatId: 1 }),
  ),
);

channelContract('pagerduty', (b) =>
  httpHarness(
    b,
    {
      accept: json(202, { status: 'success', message: 'Event processed', dedup_key: 'k' }),
      transient: json(500, { status: 'error' }),
      permanent: json(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['routing_key'] }),
    },
    (base) => pagerDutyChannel({ apiBase: base, routingKey: 'R1' }),
  ),
);

channelContract('smtp', async (b) => {
  const rx = await startSmtpReceiver({
    ...(b === 'hang' ? { hang: true } : {}),
    ...(b === 'transient' ? { failData: { times: 1, reply: '451 4.3.0 Try again later' } } : {}),
    ...(b === 'permanent' ? { rejectRecipients: ['duty@crowdflow.test'] } : {}),
  });
  const channel = smtpChannel({ host: rx.host, port: rx.port, secure: false, from: 'alerts@crowdflow.test', to: 'duty@crowdflow.test' });
  return { channel, accepted: () => rx.mails.length, close: () => rx.close() };
});
