/**
 * @module server/options
 * The command line of `npm start` (`src/server/main.ts`): the option table, `--help`/`-h` and
 * `--version`, and the checks that turn the options into a {@link ServerConfig}. A bad value is an
 * `InputError` naming the option (main prints it as one line and exits 2), never silently replaced.
 */
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { formatOptions, parseArgs, type OptionSpec } from '../args.ts';
import { parsePools, SERVER_DEFAULTS, type ServerConfig } from './config.ts';
import { normaliseOrigin } from './origin-guard.ts';
import { checkRedisUrl } from './redis-connection.ts';

const D = SERVER_DEFAULTS;
const MB = 1048576;

/** The options of `npm start`. */
export const SERVER_OPTIONS: Readonly<Record<string, OptionSpec>> = Object.freeze({
  port: { type: 'number', help: `port (default $PORT, else ${D.port}; 0 = any free port)` },
  host: { type: 'string', help: `address to listen on (default $HOST, else ${D.host})` },
  'allow-origin': { type: 'string', multiple: true, help: 'also accept requests from pages of this origin, e.g. http://localhost:5173 (repeatable; default: this server\'s own origin only)' },
  models: { type: 'string', help: 'models folder (default: the shipped models/)' },
  pool: { type: 'string', multiple: true, help: 'server-side candidate pool name=folder (repeatable; not limited by --max-candidates)' },
  ui: { type: 'string', help: 'built UI folder (default dist/ui)' },
  'max-upload-mb': { type: 'number', help: `largest request body, MB (default ${D.maxUploadBytes / MB}; 413 above)` },
  'inflate-factor': { type: 'number', help: `a gzip'd upload may inflate to this × --max-upload-mb (default ${D.inflateFactor}; 413 above)` },
  'max-candidates': { type: 'number', help: `most uploaded candidate structures per ranking (default ${D.maxCandidates}; 422 above)` },
  'timeout-s': { type: 'number', help: `request time limit, s (default ${D.requestTimeoutMs / 1000}; 504 above)` },
  'job-timeout-s': { type: 'number', help: `ranking job time limit, s (default ${D.jobTimeoutMs / 1000})` },
  'max-atoms': { type: 'number', help: `most atoms in an uploaded structure (default ${D.maxAtoms}; 422 above)` },
  workers: { type: 'number', help: `worker threads for jobs, i.e. rankings answered 202 (default ${D.workers})` },
  'sync-workers': { type: 'number', help: `worker threads for synchronous work: spectra, structure, predict, small rankings (default: one per core, at most 4; here ${D.syncWorkers})` },
  'max-queued-jobs': { type: 'number', help: `most jobs waiting for a worker (default ${D.maxQueuedJobs}; 429 above)` },
  'max-queued-sync': { type: 'number', help: `most synchronous requests waiting for a worker (default ${D.maxQueuedSync}; 429 above)` },
  'result-cache-mb': { type: 'number', help: `memory for answers of the spectrum routes kept by content hash, MB (default ${D.resultCacheBytes / MB}; 0 = off)` },
  redis: { type: 'string', help: 'put jobs on a Redis queue (redis://host:port) for `xasinv worker --redis …` processes on any machine (default: jobs run in this process)' },
  'queue-name': { type: 'string', help: `name of the job queue in Redis (default ${D.queueName}); servers and workers with the same name share jobs` },
  'job-ttl-s': { type: 'number', help: `how long a finished job's result stays fetchable, s (default ${D.jobTtlMs / 1000})` },
  predictor: { type: 'string', help: `what ranks candidates: forward (the forward model) or feff (precomputed <site>_<El>_xmu.dat beside pool structures); default ${D.rankPredictor}` },
  help: { type: 'boolean', help: 'print this help and exit (also -h)' },
  version: { type: 'boolean', help: 'print the version and exit' },
});

/** What the command line asks for: help text, the version, or a server with these settings. */
export type ServerCommand = { kind: 'help'; text: string } | { kind: 'version' } | { kind: 'serve'; config: Partial<ServerConfig> };

/** The `--help` text. */
export function serverUsage(): string {
  return `usage: npm start -- [options]   (or: tsx src/server/main.ts [options])\n\nServes the xasinv HTTP API and the built web UI.\n\noptions:\n${formatOptions({ ...SERVER_OPTIONS })}`;
}

/**
 * Reads `argv` (without the program name) and the environment (`PORT`, `HOST`).
 * @example parseServerArgs(['--port', '9000'], {}) // { kind: 'serve', config: { port: 9000, … } }
 * @throws InputError for an unknown option, a stray argument or a value out of range.
 */
export function parseServerArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): ServerCommand {
  const { positionals, options: o } = parseArgs(argv.map((a) => (a === '-h' ? '--help' : a)), { ...SERVER_OPTIONS });
  if (o.help) return { kind: 'help', text: serverUsage() };
  if (o.version) return { kind: 'version' };
  if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}" (options start with --; see --help)`);
  const num = (key: string): number | undefined => (o[key] === undefined ? undefined : Number(o[key]));
  const config: Partial<ServerConfig> = {
    port: port(num('port') ?? (env.PORT !== undefined && env.PORT !== '' ? Number(env.PORT) : D.port), o.port !== undefined ? '--port' : '$PORT'),
    host: String(o.host ?? (env.HOST || D.host)),
    pools: parsePools(o.pool === undefined ? [] : ([] as string[]).concat(o.pool as string[])),
    uiDir: String(o.ui ?? join(REPO_ROOT, 'dist', 'ui')),
    allowOrigins: (o['allow-origin'] === undefined ? [] : ([] as string[]).concat(o['allow-origin'] as string[])).map(normaliseOrigin),
  };
  if (o.models !== undefined) config.modelsDir = String(o.models);
  const set = <K extends keyof ServerConfig>(key: K, value: ServerConfig[K] | undefined) => {
    if (value !== undefined) config[key] = value;
  };
  set('maxUploadBytes', mb(num('max-upload-mb'), '--max-upload-mb'));
  set('inflateFactor', atLeast(num('inflate-factor'), 1, '--inflate-factor'));
  set('maxCandidates', count(num('max-candidates'), '--max-candidates'));
  set('requestTimeoutMs', seconds(num('timeout-s'), '--timeout-s'));
  set('jobTimeoutMs', seconds(num('job-timeout-s'), '--job-timeout-s'));
  set('workers', count(num('workers'), '--workers'));
  set('syncWorkers', count(num('sync-workers'), '--sync-workers'));
  set('maxQueuedJobs', count(num('max-queued-jobs'), '--max-queued-jobs'));
  set('maxQueuedSync', count(num('max-queued-sync'), '--max-queued-sync'));
  set('maxAtoms', count(num('max-atoms'), '--max-atoms'));
  const cacheMb = atLeast(num('result-cache-mb'), 0, '--result-cache-mb');
  if (cacheMb !== undefined) config.resultCacheBytes = Math.round(cacheMb * MB);
  set('jobTtlMs', seconds(num('job-ttl-s'), '--job-ttl-s'));
  if (o.redis !== undefined) config.redisUrl = checkRedisUrl(String(o.redis));
  if (o['queue-name'] !== undefined) config.queueName = String(o['queue-name']);
  const predictor = String(o.predictor ?? D.rankPredictor);
  if (predictor !== 'forward' && predictor !== 'feff') throw new InputError(`--predictor must be forward or feff, got "${predictor}"`);
  config.rankPredictor = predictor;
  return { kind: 'serve', config };
}

function port(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError(`${name} must be an integer 0–65535, got ${Number.isNaN(n) ? 'a non-number' : n}`);
  return n;
}

/** A positive integer (counts: candidates, workers, atoms, queue places). */
function count(n: number | undefined, name: string): number | undefined {
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new InputError(`${name} must be a whole number ≥ 1, got ${n}`);
  return n;
}

function atLeast(n: number | undefined, min: number, name: string): number | undefined {
  if (n !== undefined && !(n >= min)) throw new InputError(`${name} must be ≥ ${min}, got ${n}`);
  return n;
}

function mb(n: number | undefined, name: string): number | undefined {
  if (n === undefined) return undefined;
  if (!(n > 0)) throw new InputError(`${name} must be > 0, got ${n}`);
  return Math.round(n * MB);
}

function seconds(n: number | undefined, name: string): number | undefined {
  if (n === undefined) return undefined;
  if (!(n > 0)) throw new InputError(`${name} must be > 0 s, got ${n}`);
  return Math.round(n * 1000);
}
