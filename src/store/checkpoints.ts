/** Processor state and the log offset it reflects, written together in one transaction. */
import type { Db } from './sqlite.ts';

export interface Checkpoint {
  readonly offset: number;
  readonly state: unknown;
}

export interface CheckpointStore {
  load(name: string): Checkpoint | null;
  save(name: string, cp: Checkpoint, at: number): void;
}

export function createCheckpointStore(db: Db): CheckpointStore {
  const get = db.prepare('SELECT offset, state FROM checkpoints WHERE name = ?');
  const put = db.prepare(
    'INSERT INTO checkpoints (name, offset, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET offset = excluded.offset, state = excluded.state, updated_at = excluded.updated_at',
  );
  return {
    load(name) {
      const row = get.get(name) as { offset: number; state: string } | undefined;
      return row ? { offset: row.offset, state: JSON.parse(row.state) as unknown } : null;
    },
    save(name, cp, at) {
      put.run(name, cp.offset, JSON.stringify(cp.state), at);
    },
  };
}
