/**
 * The queue's command lines: `npm start -- --redis/--queue-name/--job-ttl-s` are checked when read,
 * and `xasinv worker` says what is wrong in one line with exit status 2 — no --redis, a URL that is
 * not redis://, a Redis that does not answer.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseServerArgs, resolveConfig } from '../../src/server/index.ts';
import { runCli } from '../helpers/cli.ts';

describe('server options for the queue', () => {
  it('reads --redis, --queue-name and --job-ttl-s', () => {
    const c = parseServerArgs(['--redis', 'redis://10.0.0.5:6379', '--queue-name', 'lab-a', '--job-ttl-s', '600'], {});
    expect(c).toMatchObject({ kind: 'serve', config: { redisUrl: 'redis://10.0.0.5:6379', queueName: 'lab-a', jobTtlMs: 600_000 } });
  });

  it('refuses a URL that is not redis://, a bad queue name and a zero TTL', () => {
    expect(() => parseServerArgs(['--redis', 'http://10.0.0.5'], {})).toThrow('--redis expects a redis:// or rediss:// URL, got "http://10.0.0.5"');
    expect(() => parseServerArgs(['--redis', 'redis://u:secret@h:1 2'], {})).toThrow(/got "redis:\/\/u:\*\*\*@h:1 2"/);
    expect(() => resolveConfig({ queueName: 'a b' })).toThrow(InputError);
    expect(() => parseServerArgs(['--job-ttl-s', '0'], {})).toThrow('--job-ttl-s must be > 0 s, got 0');
  });
});

describe('xasinv worker', () => {
  it('without --redis, or with another scheme, is a one-line error', async () => {
    expect(await runCli(['worker'])).toMatchObject({ code: 2, err: 'error: worker: --redis redis://host:port is required (the URL the server was started with)' });
    expect(await runCli(['worker', '--redis', 'http://x'])).toMatchObject({ code: 2, err: 'error: --redis expects a redis:// or rediss:// URL, got "http://x"' });
    expect(await runCli(['worker', '--redis', 'redis://h', '--concurrency', '0'])).toMatchObject({ code: 2, err: 'error: --concurrency must be a whole number ≥ 1, got 0' });
  });

  it('a Redis that does not answer is an error at start-up, naming the URL and the reason', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli(['worker', '--redis', `redis://127.0.0.1:${port}`]);
    expect(r).toMatchObject({ code: 2, err: `error: --redis redis://127.0.0.1:${port}: no answer from Redis (ECONNREFUSED); start redis-server there or correct the URL` });
  });
});
