/**
 * Calls the ML policy under a wall-time budget, with a circuit breaker (Nygard, "Release It!",
 * 2007): after `failuresToOpen` consecutive failures (error, overrun, bad output, or the previous
 * call still hanging; one hung longer than the probe interval is abandoned) the circuit opens and the model is only probed once per `probeIntervalMs`;
 * a successful probe closes it. Never rejects: every outcome is a value.
 *
 * Time: `now()` measures the latency (a policy that blocks the event loop past the budget is an
 * overrun even though it returned); `delay(ms, signal)` creates the timeout, so tests drive it
 * with a fake clock. A policy that spins synchronously forever cannot be stopped in-thread: run
 * real models in a worker (see docs/DECISIONS.md).
 */
import { Action } from '../../contracts/index.ts';
import { ACTIONS } from '../playbook/actions.ts';
import type { DecisionSettings } from '../settings.ts';
import type { DecisionInput } from '../types.ts';
import type { MlPolicy, MlProposal } from './policy.ts';

export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real timer, cancelled when the call settles first. */
export const realDelay: Delay = (ms, signal) => new Promise<void>((resolve) => {
  if (signal.aborted) return resolve();
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

export type MlFailure = 'error' | 'timeout' | 'invalid' | 'busy';

export type MlOutcome =
  | { readonly kind: 'ok'; readonly proposals: readonly MlProposal[]; readonly latencyMs: number }
  | { readonly kind: 'failed'; readonly failure: MlFailure; readonly message: string; readonly latencyMs: number }
  | { readonly kind: 'skipped' };

export interface MlStatus {
  readonly policy: string;
  readonly circuit: 'closed' | 'open';
  readonly consecutiveFailures: number;
  readonly calls: number;
  readonly successes: number;
  readonly failures: Readonly<Record<MlFailure, number>>;
  readonly lastFailure: string | null;
  readonly lastLatencyMs: number | null;
  readonly openedAt: number | null;
}

export interface MlGuard {
  call(input: DecisionInput, settings: DecisionSettings): Promise<MlOutcome>;
  status(): MlStatus;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

export function createMlGuard(policy: MlPolicy, now: () => number, delay: Delay = realDelay): MlGuard {
  let open = false;
  let openedAt: number | null = null;
  let lastProbeAt = -Infinity;
  let consecutive = 0;
  /** The call still running (a hung model), with when it started; a newer call abandons it after probeIntervalMs. */
  let inFlight: { readonly id: number; readonly since: number } | null = null;
  let callSeq = 0;
  let calls = 0;
  let successes = 0;
  let lastFailure: string | null = null;
  let lastLatencyMs: number | null = null;
  const failures: Record<MlFailure, number> = { error: 0, timeout: 0, invalid: 0, busy: 0 };

  const fail = (failure: MlFailure, message: string, latencyMs: number, s: DecisionSettings): MlOutcome => {
    failures[failure]++;
    consecutive++;
    lastFailure = `${failure}: ${message}`;
    if (!open && consecutive >= s.ml.failuresToOpen) {
      open = true;
      openedAt = now();
      lastProbeAt = openedAt;
    }
    return { kind: 'failed', failure, message, latencyMs };
  };

  return {
    status: () => ({
      policy: policy.name, circuit: open ? 'open' : 'closed', consecutiveFailures: consecutive, calls, successes,
      failures: { ...failures }, lastFailure, lastLatencyMs, openedAt,
    }),
    async call(input, s) {
      const start = now();
      if (open) {
        if (start - lastProbeAt < s.ml.probeIntervalMs) return { kind: 'skipped' };
        lastProbeAt = start;
      }
      calls++;
      // One call at a time, so a hung model does not pile up calls; but a call hung for longer
      // than the probe interval is abandoned (its late answer is ignored), or one lost reply
      // would keep the circuit open forever.
      if (inFlight) {
        const age = start - inFlight.since;
        // Overlapping ticks (early firing while the hop tick waits for the model): not a failure,
        // this tick keeps the rules' decisions and the running call reports for its own tick.
        if (age < s.ml.budgetMs) {
          calls--;
          return { kind: 'skipped' };
        }
        if (age < s.ml.probeIntervalMs) return fail('busy', `the previous call has not returned for ${age} ms`, 0, s);
      }
      const controller = new AbortController();
      const call = { id: ++callSeq, since: start };
      inFlight = call;
      const settled = (): void => {
        if (inFlight?.id === call.id) inFlight = null;
      };
      const work = Promise.resolve().then(() => policy.propose(input, controller.signal));
      work.then(settled, settled);
      let result: readonly MlProposal[] | typeof TIMED_OUT;
      try {
        result = await Promise.race([work, delay(s.ml.budgetMs, controller.signal).then((): typeof TIMED_OUT => TIMED_OUT)]);
      } catch (e) {
        controller.abort();
        return fail('error', e instanceof Error ? e.message : String(e), now() - start, s);
      }
      controller.abort();
      const latencyMs = now() - start;
      lastLatencyMs = latencyMs;
      if (result === TIMED_OUT || latencyMs > s.ml.budgetMs) {
        return fail('timeout', `no answer within ${s.ml.budgetMs} ms (took ${result === TIMED_OUT ? '>' : ''}${latencyMs} ms)`, latencyMs, s);
      }
      const problem = checkProposals(result, input);
      if (problem) return fail('invalid', problem, latencyMs, s);
      consecutive = 0;
      successes++;
      if (open) {
        open = false;
        openedAt = null;
      }
      return { kind: 'ok', proposals: result, latencyMs };
    },
  };
}

function checkProposals(out: unknown, input: DecisionInput): string | null {
  if (!Array.isArray(out)) return 'expected a list of proposals';
  for (const [i, p] of (out as MlProposal[]).entries()) {
    if (typeof p !== 'object' || p === null) return `proposal ${i} is not an object`;
    if (!input.venue.zoneById.has(p.zoneId as never)) return `proposal ${i}: unknown zone "${String(p.zoneId)}"`;
    if (!Action.safeParse(p.action).success) return `proposal ${i}: action is not a valid Action`;
    const badRef = unknownReference(p.action, input);
    if (badRef) return `proposal ${i}: ${badRef}`;
    if (!(typeof p.confidence === 'number' && p.confidence >= 0 && p.confidence <= 1)) return `proposal ${i}: confidence ${String(p.confidence)} not in [0, 1]`;
    if (typeof p.summary !== 'string') return `proposal ${i}: summary must be a text`;
  }
  return null;
}

/** A model may name only gates, zones and stages the venue has, with the parameters its action takes. */
function unknownReference(action: Action, input: DecisionInput): string | null {
  const specs = ACTIONS[action.type].params;
  const v = input.venue;
  for (const [key, value] of Object.entries(action.params)) {
    const spec = specs[key];
    if (!spec) return `${action.type} has no parameter "${key}"`;
    const ids = Array.isArray(value) ? value : [value];
    const has = spec.type === 'gate' || spec.type === 'gates' ? (id: string) => v.gateById.has(id as never)
      : spec.type === 'zone' || spec.type === 'zones' ? (id: string) => v.zoneById.has(id as never)
        : spec.type === 'stage' ? (id: string) => v.stages.some((st) => st.id === id)
          : null;
    if (!has) continue;
    for (const id of ids) if (typeof id !== 'string' || !has(id)) return `${action.type}.${key}: unknown ${spec.type.replace(/s$/, '')} "${String(id)}"`;
  }
  return null;
}
