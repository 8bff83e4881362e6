/**
 * Operator commands (acknowledge, resolve, approve, reject). Each is sent to the server, and
 * the record it returns goes through the same reducer as pushed records. A 403 says so in
 * plain words; the server is the authority on roles, the console only mirrors it.
 */
import { useCallback, useRef, useState } from 'react';
import type { Dispatch } from 'react';
import type { ApiClient } from '../api/index.ts';
import { ApiError } from '../api/index.ts';
import type { ConsoleEvent } from './console-state.ts';

export interface Notice {
  id: number;
  kind: 'forbidden' | 'error';
  text: string;
}

export const FORBIDDEN_TEXT = 'Your role cannot do this.';

export interface OperatorActions {
  /** Ids of records with a command in flight: their buttons are disabled meanwhile. */
  busy: ReadonlySet<string>;
  notices: readonly Notice[];
  dismiss(noticeId: number): void;
  /** Shows the refusal without asking the server, when the role is known to be too low. */
  refuse(): void;
  acknowledge(alertId: string): Promise<boolean>;
  resolve(alertId: string): Promise<boolean>;
  approve(recommendationId: string): Promise<boolean>;
  reject(recommendationId: string, reason: string): Promise<boolean>;
}

const NOTICE_MS = 8000;

/**
 * What to tell the operator when a command fails: a 403 is a refusal in plain words; a 401 says
 * nothing here (the session ends and the login form explains); anything else names the command
 * and the server's reason, e.g. a 409 when someone else resolved the alert first.
 */
export function noticeForFailure(err: unknown, what: string): Omit<Notice, 'id'> | null {
  if (err instanceof ApiError && err.forbidden) return { kind: 'forbidden', text: FORBIDDEN_TEXT };
  if (err instanceof ApiError && err.unauthorized) return null;
  return { kind: 'error', text: `Could not ${what}: ${err instanceof Error ? err.message : String(err)}` };
}

export function useOperatorActions(api: ApiClient, dispatch: Dispatch<ConsoleEvent>): OperatorActions {
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((noticeId: number) => setNotices((ns) => ns.filter((n) => n.id !== noticeId)), []);
  const notify = useCallback((kind: Notice['kind'], text: string) => {
    const id = nextId.current++;
    // Newest first, at most three: a burst of failures must not push the console around.
    setNotices((ns) => [{ id, kind, text }, ...ns].slice(0, 3));
    window.setTimeout(() => dismiss(id), NOTICE_MS);
  }, [dismiss]);

  const run = useCallback(async (recordId: string, what: string, send: () => Promise<ConsoleEvent>): Promise<boolean> => {
    setBusy((b) => new Set(b).add(recordId));
    try {
      dispatch(await send());
      return true;
    } catch (err) {
      const notice = noticeForFailure(err, what);
      if (notice !== null) notify(notice.kind, notice.text);
      return false;
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(recordId);
        return next;
      });
    }
  }, [dispatch, notify]);

  return {
    busy,
    notices,
    dismiss,
    refuse: useCallback(() => notify('forbidden', FORBIDDEN_TEXT), [notify]),
    acknowledge: useCallback((id: string) => run(id, 'acknowledge the alert',
      async () => ({ type: 'alert-changed', alert: await api.acknowledgeAlert(id) })), [api, run]),
    resolve: useCallback((id: string) => run(id, 'resolve the alert',
      async () => ({ type: 'alert-changed', alert: await api.resolveAlert(id) })), [api, run]),
    approve: useCallback((id: string) => run(id, 'approve the recommendation',
      async () => ({ type: 'recommendation-changed', recommendation: await api.approveRecommendation(id) })), [api, run]),
    reject: useCallback((id: string, reason: string) => run(id, 'reject the recommendation',
      async () => ({ type: 'recommendation-changed', recommendation: await api.rejectRecommendation(id, reason) })), [api, run]),
  };
}
