// Entry of the audio worker (and of test helper threads): load TypeScript through tsx, then
// the module named in `workerData.entry`. The component workers' bootstrap hard-codes its
// entry, so the audio engine has its own.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
