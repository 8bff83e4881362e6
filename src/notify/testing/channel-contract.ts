/**
 * The contract every Channel keeps, as a suite each implementation runs against a receiver
 * speaking its own API: resolve on acceptance, classify refusals as retryable or not, and
 * stop promptly when aborted (without relying on the notifier's race).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel } from '../channel.ts';
import { alertNotification } from '../notification.ts';
import { DeliveryError } from '../delivery-error.ts';
import { sampleAlert } from './fixtures.ts';

/** How the receiver behind the channel answers. */
export type ReceiverBehaviour = 'accept' | 'transient' | 'permanent' | 'hang';

export interface ChannelHarness {
  channel: Channel;
  /** Messages the receiver accepted. */
  accepted(): number;
  close(): Promise<void>;
}

/** An abort must end a hanging send within this long. */
const ABORT_GRACE_MS = 2000;

export function channelContract(kind: string, start: (behaviour: ReceiverBehaviour) => Promise<ChannelHarness>): void {
  const n = alertNotification(sampleAlert());

  async function withHarness(b: ReceiverBehaviour, run: (h: ChannelHarness) => Promise<void>): Promise<void> {
    const h = await start(b);
    try {
      await run(h);
    } finally {
      await h.close();
    }
  }

  test(`${kind} channel contract: resolves once the receiver accepted, exactly once`, async () => {
    await withHarness('accept', async (h) => {
      await h.channel.send(n, new AbortController().signal);
      assert.equal(h.accepted(), 1);
    });
  });

  test(`${kind} channel contract: a transient refusal is a retryable DeliveryError`, async () => {
    await withHarness('transient', async (h) => {
      const err = await h.channel.send(n, new AbortController().signal).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof DeliveryError, `expected a DeliveryError, got ${String(err)}`);
      assert.equal(err.retryable, true);
      assert.equal(h.accepted(), 0);
    });
  });

  test(`${kind} channel contract: a permanent refusal is a non-retryable DeliveryError`, async () => {
    await withHarness('permanent', async (h) => {
      const err = await h.channel.send(n, new AbortController().signal).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof DeliveryError, `expected a DeliveryError, got ${String(err)}`);
      assert.equal(err.retryable, false);
      assert.equal(h.accepted(), 0);
    });
  });

  test(`${kind} channel contract: an abort ends a hanging send promptly`, async () => {
    await withHarness('hang', async (h) => {
      const controller = new AbortController();
      const started = performance.now();
      const sending = h.channel.send(n, controller.signal);
      setTimeout(() => controller.abort(new DeliveryError('CF_ERR_NOTIFY_TIMEOUT', 'test abort', true)), 50);
      await assert.rejects(sending);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < ABORT_GRACE_MS, `send ended ${Math.round(elapsed)} ms after start`);
    });
  });
}
