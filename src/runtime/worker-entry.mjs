// Worker threads do not inherit the tsx loader on Node 20: register it here, then load the
// TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
