// Worker-thread entry: registers the tsx loader in this thread, then runs the TypeScript worker.
// (Node 20 does not apply `--import tsx` from Worker execArgv to the worker's own entry file.)
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');
