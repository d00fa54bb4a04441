/**
 * The command line of `npm start`: --help/-h and --version, and limits that make no sense
 * (0, negative, fractional counts) refused with an error naming the option instead of being
 * silently replaced by the default.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseServerArgs, SERVER_DEFAULTS } from '../../src/server/index.ts';

const serve = (argv: string[], env: Record<string, string> = {}) => {
  const c = parseServerArgs(argv, env);
  if (c.kind !== 'serve') throw new Error(`expected serve, got ${c.kind}`);
  return c.config;
};
const refused = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseServerArgs(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('server options', () => {
  it('--help and -h give the option table; --version asks for the version', () => {
    for (const h of [['--help'], ['-h'], ['--port', '1', '-h']]) {
      const c = parseServerArgs(h, {});
      expect(c.kind).toBe('help');
      if (c.kind === 'help') expect(c.text).toMatch(/--max-upload-mb <number>/);
    }
    expect(parseServerArgs(['--version'], {}).kind).toBe('version');
  });

  it('valid limits become the config in its units', () => {
    const c = serve(['--max-upload-mb', '2.5', '--max-candidates', '7', '--timeout-s', '30', '--job-timeout-s', '600', '--workers', '2', '--inflate-factor', '3', '--port', '0']);
    expect(c).toMatchObject({ maxUploadBytes: 2.5 * 1048576, maxCandidates: 7, requestTimeoutMs: 30_000, jobTimeoutMs: 600_000, workers: 2, inflateFactor: 3, port: 0 });
    expect(serve([], { PORT: '9001', HOST: '127.0.0.1' })).toMatchObject({ port: 9001, host: '127.0.0.1' });
    expect(serve(['--allow-origin', 'http://LOCALHOST:5173/', '--allow-origin', 'https://lab.example'])).toMatchObject({ allowOrigins: ['http://localhost:5173', 'https://lab.example'] });
    expect(serve([], {})).toMatchObject({ port: SERVER_DEFAULTS.port, host: SERVER_DEFAULTS.host });
  });

  it('zero, negative and fractional limits are refused naming the option', () => {
    expect(refused(['--max-upload-mb', '0'])).toBe('--max-upload-mb must be > 0, got 0');
    expect(refused(['--max-candidates', '-5'])).toBe('--max-candidates must be a whole number ≥ 1, got -5');
    expect(refused(['--workers', '1.5'])).toMatch(/^--workers must be a whole number/);
    expect(refused(['--timeout-s', '0'])).toMatch(/^--timeout-s must be > 0/);
    expect(refused(['--job-timeout-s', '-1'])).toMatch(/^--job-timeout-s must be > 0/);
    expect(refused(['--inflate-factor', '0.5'])).toMatch(/^--inflate-factor must be ≥ 1/);
    expect(refused(['--port', '70000'])).toMatch(/^--port must be an integer 0–65535/);
    expect(refused([], { PORT: 'abc' })).toMatch(/^\$PORT must be an integer/);
    expect(refused(['8080'])).toMatch(/unexpected argument "8080"/);
    expect(refused(['--predictor', 'magic'])).toMatch(/--predictor must be forward or feff/);
    expect(refused(['--allow-origin', 'localhost:5173'])).toMatch(/^--allow-origin expects an origin like http:\/\/localhost:5173/);
    expect(refused(['--allow-origin', 'http://a.example/path'])).toMatch(/^--allow-origin expects an origin/);
    expect(refused(['--result-cache-mb', '-1'])).toBe('--result-cache-mb must be ≥ 0, got -1');
    expect(refused(['--worker-heap-mb', '10'])).toBe('--worker-heap-mb must be 0 (no limit) or a whole number ≥ 64, got 10');
  });

  it('each worker thread has a heap limit (the backstop of issue 27 item 1); 0 lifts it', () => {
    expect(SERVER_DEFAULTS.workerHeapMb).toBe(2048);
    expect(serve(['--worker-heap-mb', '512'])).toMatchObject({ workerHeapMb: 512 });
    expect(serve(['--worker-heap-mb', '0'])).toMatchObject({ workerHeapMb: 0 });
  });

  it('the spectrum answer cache is sized in MB (0 = off); the sync lane has one worker per core (at most 4)', () => {
    expect(serve(['--result-cache-mb', '8'])).toMatchObject({ resultCacheBytes: 8 * 1048576 });
    expect(serve(['--result-cache-mb', '0'])).toMatchObject({ resultCacheBytes: 0 });
    expect(serve([])).not.toHaveProperty('resultCacheBytes');
    expect(SERVER_DEFAULTS.resultCacheBytes).toBe(64 * 1048576);
    expect(SERVER_DEFAULTS.syncWorkers).toBe(Math.min(4, availableParallelism()));
    expect(SERVER_DEFAULTS.maxQueuedSync).toBe(64);
    const help = parseServerArgs(['--help'], {});
    if (help.kind === 'help') expect(help.text).toMatch(/--result-cache-mb <number> +memory for answers of the spectrum routes/);
  });
});
