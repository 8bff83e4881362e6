/** The SQLite notification log runs the notifier's SentLog contract, reopen included. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { sentLogContract } from '../notify/testing/sent-log-contract.ts';
import { openStore, type Store } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'crowdflow-sentlog-'));
const open: Store[] = [];
let n = 0;
after(() => {
  for (const s of open) s.close();
  rmSync(dir, { recursive: true, force: true });
});

sentLogContract(
  'sqlite',
  () => {
    const s = openStore(join(dir, `log-${n++}.sqlite`));
    open.push(s);
    return s.sentNotifications;
  },
  (previous) => {
    const s = open.find((x) => x.sentNotifications === previous)!;
    const path = s.db.name;
    s.close();
    open.splice(open.indexOf(s), 1);
    const again = openStore(path);
    open.push(again);
    return again.sentNotifications;
  },
);
