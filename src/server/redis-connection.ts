/**
 * @module server/redis-connection
 * Redis for the job queue: one check at start-up that the URL answers (so a wrong `--redis` is a
 * one-line error when the server or a worker starts, not at the first job), and the connection
 * settings of each side — the server fails fast (a request while Redis is away is 503, never a hung
 * request), a worker waits and reconnects for ever (ioredis backs off up to 2 s between tries).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../errors.ts';

/** Defaults of the Redis connection. */
export const REDIS_DEFAULTS = Object.freeze({
  connectTimeoutMs: 5000,
  maxBackoffMs: 2000,
  /**
   * Longest the server waits for one Redis command, ms: a Redis that is paused (not gone — its
   * connection stays open, so nothing fails by itself) makes requests 503 after this long instead
   * of hanging as long as the pause.
   */
  commandTimeoutMs: 2000,
});

/** A URL with its password replaced by `***` (for messages and logs). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Checks `url` is a Redis URL (`redis://` or `rediss://`).
 * @throws InputError naming the option otherwise.
 * @example checkRedisUrl('redis://127.0.0.1:6380') // 'redis://127.0.0.1:6380'
 */
export function checkRedisUrl(url: string, option = '--redis'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${option} expects a URL such as redis://host:6379, got "${redactUrl(url)}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new InputError(`${option} expects a redis:// or rediss:// URL, got "${redactUrl(url)}"`);
  return url;
}

/**
 * Connection settings: `server` fails commands at once while Redis is away and after
 * `commandTimeoutMs` while it does not answer; `worker` queues them and reconnects (its blocking
 * commands wait by design; a worker's own checks use {@link withTimeout}).
 */
export function redisOptions(side: 'server' | 'worker'): RedisOptions {
  const retryStrategy = (times: number) => Math.min(times * 100, REDIS_DEFAULTS.maxBackoffMs);
  return side === 'server'
    ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy, connectTimeout: REDIS_DEFAULTS.connectTimeoutMs, commandTimeout: REDIS_DEFAULTS.commandTimeoutMs }
    : { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy, connectTimeout: REDIS_DEFAULTS.connectTimeoutMs };
}

/**
 * `promise`, or a rejection after `ms`.
 * @example await withTimeout(redis.get(key), 2000, 'reading the cancel flag')
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} within ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the Redis at `client` keeps jobs across a restart (append-only file or RDB snapshots)
 * and never evicts keys, as BullMQ needs; the problems found, empty when none (or when `CONFIG`
 * is not allowed — then nothing can be said).
 * @example for (const p of await redisSafetyProblems(redis)) console.warn(p);
 */
export async function redisSafetyProblems(client: Redis): Promise<string[]> {
  const config: Record<string, string> = {};
  try {
    for (const key of ['appendonly', 'save', 'maxmemory-policy']) {
      const pair = (await withTimeout(client.call('CONFIG', 'GET', key) as Promise<string[]>, REDIS_DEFAULTS.commandTimeoutMs, `CONFIG GET ${key}`)) ?? [];
      if (pair.length >= 2) config[key] = String(pair[1]);
    }
  } catch {
    return []; // CONFIG renamed or not allowed for this user: nothing to say
  }
  const problems: string[] = [];
  if (config.appendonly === 'no' && (config.save ?? '').trim() === '') problems.push('Redis keeps no copy on disk (appendonly no, no save points): a Redis restart loses every job; set appendonly yes (docs/queue.md, "Running Redis safely")');
  else if (config.appendonly === 'no') problems.push('Redis persists by snapshots only (appendonly no): a Redis crash loses the jobs since the last snapshot; set appendonly yes (docs/queue.md)');
  if (config['maxmemory-policy'] !== undefined && config['maxmemory-policy'] !== 'noeviction') problems.push(`Redis may evict keys (maxmemory-policy ${config['maxmemory-policy']}): jobs can vanish when memory runs short; set maxmemory-policy noeviction (docs/queue.md)`);
  return problems;
}

/**
 * Connects to `url` and pings it within `timeoutMs`; the server's version must be ≥ 5 (BullMQ's floor).
 * @throws InputError `--redis URL: no answer from Redis (reason)` otherwise.
 * @example await probeRedis('redis://127.0.0.1:6380') // '7.0.15'
 */
export async function probeRedis(url: string, timeoutMs: number = REDIS_DEFAULTS.connectTimeoutMs, option = '--redis'): Promise<string> {
  checkRedisUrl(url, option);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let first: Error | undefined;
  client.on('error', (err: Error) => (first ??= err)); // reported below
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      client.connect().then(() => client.info('server')),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
    const version = /redis_version:(\S+)/.exec(answer)?.[1] ?? 'unknown';
    if (Number(version.split('.')[0]) < 5) throw new InputError(`${option} ${redactUrl(url)}: Redis ${version} is too old for the job queue (5.0 or newer)`);
    return version;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const cause = first ?? (err as Error);
    const why = (cause as NodeJS.ErrnoException).code ?? cause.message;
    throw new InputError(`${option} ${redactUrl(url)}: no answer from Redis (${why}); start redis-server there or correct the URL`, { url: redactUrl(url) });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
