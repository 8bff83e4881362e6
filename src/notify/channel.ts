import type { RiskLevel } from '../contracts/index.ts';
import type { Notification } from './notification.ts';

/**
 * One destination. `send` resolves once the receiver has confirmed it accepted the message
 * and throws (preferably a DeliveryError) otherwise; it should stop work when `signal` aborts,
 * though the notifier gives up on its own at the timeout either way.
 */
export interface Channel {
  /** Unique among the notifier's channels; the SentLog records deliveries under it. */
  readonly name: string;
  /** Lowest level this channel receives; the notifier's `minLevel` when absent. */
  readonly minLevel?: RiskLevel;
  /** Per-attempt timeout for this channel; the notifier's `timeoutMs` when absent. */
  readonly timeoutMs?: number;
  send(n: Notification, signal: AbortSignal): Promise<void>;
}

/** The options every channel factory takes besides its own. */
export interface ChannelCommon {
  /** Defaults to the channel kind ("webhook", "slack", …); set it when there are two of a kind. */
  name?: string;
  minLevel?: RiskLevel;
  timeoutMs?: number;
  /**
   * Wall clock for timestamps on the wire (signature time, mail Date). Injected so that tests
   * and replays control it; defaults to the process clock at this edge only.
   */
  now?: () => number;
}

/** The fields of ChannelCommon that the Channel itself carries, for the factories to spread. */
export function channelLimits(opts: ChannelCommon): Pick<Channel, 'minLevel' | 'timeoutMs'> {
  return {
    ...(opts.minLevel ? { minLevel: opts.minLevel } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  };
}
