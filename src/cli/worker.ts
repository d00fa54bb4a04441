/**
 * `xasinv worker --redis redis://host:port [--concurrency N] [--models DIR] [--pool name=folder]… [--feff-bin DIR]`:
 * takes jobs (rank, series, feff) from the Redis queue of `npm start -- --redis …` or of
 * `xasinv feff-batch --redis …` and runs them, until stopped (SIGINT/SIGTERM: running jobs finish
 * first; a second signal stops at once and they go to another worker). Start any number, on any
 * machine that has the models and the pools the server names (same `--pool` names; the folders may
 * be elsewhere). FEFF batches have their own queue: `--queue-name xasinv-feff`; their sites need only
 * FEFF10 (`--feff-bin` or `$XASINV_FEFF`), not the structures.
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { FEFF_ENV } from '../feff/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { parsePools } from '../server/index.ts';
import { QUEUE_DEFAULTS } from '../server/index.ts';
import { rootsOf } from '../server/index.ts';
import { QUEUE_WORKER_DEFAULTS, startQueueWorker } from '../server/index.ts';
import { checkRedisUrl, redactUrl } from '../server/index.ts';
import type { Command } from './command.ts';

const D = QUEUE_WORKER_DEFAULTS;

/** A whole number ≥ 1 or a number of seconds > 0 from an option. */
function positive(v: unknown, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (integer ? !Number.isInteger(n) || n < 1 : !(n > 0)) throw new InputError(`--${name} must be ${integer ? 'a whole number ≥ 1' : '> 0'}, got ${String(v)}`);
  return n;
}

export const workerCommand: Command = {
  name: 'worker',
  usage: '--redis redis://host:port [--concurrency N] [--models DIR] [--pool name=folder]… [--feff-bin DIR] [--queue-name NAME]',
  options: {
    redis: { type: 'string', help: 'Redis URL of the queue, as given to the server (required)' },
    concurrency: { type: 'number', help: `jobs run at once, one worker thread each (default ${D.concurrency})` },
    models: { type: 'string', help: 'models folder on this machine (default: the shipped models/)' },
    pool: { type: 'string', multiple: true, help: 'candidate pool name=folder on this machine, same names as the server (repeatable)' },
    'feff-bin': { type: 'string', help: `folder of the FEFF10 modules for FEFF sites (default $${FEFF_ENV})` },
    'queue-name': { type: 'string', help: `queue name (default ${QUEUE_DEFAULTS.queueName}, the server's; FEFF batches use ${QUEUE_DEFAULTS.feffQueueName})` },
    'job-timeout-s': { type: 'number', help: `longest a job may run, s (default ${D.jobTimeoutMs / 1000})` },
    'lock-s': { type: 'number', help: `job lock, s: a job whose worker died goes to another worker after 1–2 × this (default ${D.lockMs / 1000})` },
  },
  async run({ positionals, options }) {
    if (positionals.length > 0) throw new InputError(`worker: unexpected argument "${positionals[0]}"`);
    if (typeof options.redis !== 'string') throw new InputError('worker: --redis redis://host:port is required (the URL the server was started with)');
    const url = checkRedisUrl(options.redis);
    const pools = parsePools(options.pool === undefined ? [] : ([] as string[]).concat(options.pool as string[]));
    for (const k of Object.keys(pools)) pools[k] = resolve(pools[k]!);
    const modelsDir = typeof options.models === 'string' ? resolve(options.models) : MODELS_DIR;
    const concurrency = positive(options.concurrency, 'concurrency', true) ?? D.concurrency;
    const timeoutS = positive(options['job-timeout-s'], 'job-timeout-s', false);
    const lockS = positive(options['lock-s'], 'lock-s', false);
    const queueName = typeof options['queue-name'] === 'string' ? options['queue-name'] : QUEUE_DEFAULTS.queueName;
    const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
    const worker = await startQueueWorker({
      url,
      queueName,
      concurrency,
      roots: rootsOf({ modelsDir, pools }),
      ...(timeoutS ? { jobTimeoutMs: timeoutS * 1000 } : {}),
      ...(lockS ? { lockMs: lockS * 1000 } : {}),
      ...(typeof options['feff-bin'] === 'string' ? { feffBin: resolve(options['feff-bin']) } : {}),
      log,
    });
    log(`xasinv worker ${worker.name} on ${redactUrl(url)} queue "${queueName}", ${concurrency} at once; pools: ${Object.keys(pools).join(', ') || 'none'}`);
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = () => {
        if (stopping) {
          log('stopping now; running jobs go to another worker');
          void worker.close(true).finally(done);
          return;
        }
        stopping = true;
        log('stopping after the running jobs (signal again to stop now)');
        void worker.close().finally(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
