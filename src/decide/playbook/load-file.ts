/**
 * The one file read in src/decide, kept because the runtime's API names it
 * (`loadPlaybookFile(path)`), like the venue's `loadVenueFile`. Watching for changes is the
 * runtime's; it hands new text to `createPlaybookReloader`.
 */
// eslint-disable-next-line no-restricted-imports -- a synchronous read at load time, no watcher, no socket
import { readFileSync } from 'node:fs';
import type { Venue } from '../../venue/index.ts';
import type { Playbook } from './model.ts';
import { parsePlaybook } from './parse.ts';

export function loadPlaybookFile(path: string, venue?: Venue): Playbook {
  return parsePlaybook(readFileSync(path, 'utf8'), path, venue);
}
