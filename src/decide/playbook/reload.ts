/**
 * Hot reload without I/O: the runtime watches the file and passes each new text here. A bad edit
 * keeps the last good playbook running and says why; a good one replaces it.
 */
import type { Venue } from '../../venue/index.ts';
import type { Playbook } from './model.ts';
import { parsePlaybook } from './parse.ts';

export type ReloadResult =
  | { readonly ok: true; readonly playbook: Playbook }
  | { readonly ok: false; readonly error: Error; readonly message: string; readonly keeping: Playbook };

export interface PlaybookReloader {
  current(): Playbook;
  /** The error of the last rejected edit, cleared by the next good one. */
  lastError(): string | null;
  reload(text: string, file?: string): ReloadResult;
}

export function createPlaybookReloader(initial: Playbook, venue?: Venue): PlaybookReloader {
  let current = initial;
  let lastError: string | null = null;
  return {
    current: () => current,
    lastError: () => lastError,
    reload(text, file = initial.file) {
      try {
        current = parsePlaybook(text, file, venue);
        lastError = null;
        return { ok: true, playbook: current };
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        lastError = `${error.message}\nkeeping playbook "${current.id}" loaded from ${current.file}`;
        return { ok: false, error, message: lastError, keeping: current };
      }
    },
  };
}
