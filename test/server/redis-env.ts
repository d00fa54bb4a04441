/**
 * The Redis the queue tests run against: `XASINV_TEST_REDIS` (bash .ci/run starts a redis-server on
 * a free port and sets it). Without it the queue tests are skipped with a message saying how to run
 * them. Each test uses a queue name of its own, so tests and runs never share jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/paths.ts';

export const REDIS_URL = process.env.XASINV_TEST_REDIS;

/** Warns once per file that its queue tests are skipped. */
export function warnIfNoRedis(file: string): void {
  if (!REDIS_URL) console.warn(`${file}: queue tests skipped — XASINV_TEST_REDIS is not set (bash .ci/run starts redis-server and sets it; by hand: redis-server --port 6390 --save '' & XASINV_TEST_REDIS=redis://127.0.0.1:6390 npx vitest run test/server)`);
}

/** A queue name no other test uses. */
export const freshQueue = (): string => `test-${randomUUID().slice(0, 12)}`;

/** Polls `get` until `done` holds (or fails after `timeoutMs`). */
export async function until<T>(get: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await get();
    if (done(v)) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms; last: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `xasinv worker` as its own process (as an operator starts it), with its output collected. */
export function spawnWorker(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xasinv.js'), 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Waits until a child's output matches `re`. */
export async function outputMatches(output: () => string, re: RegExp, timeoutMs = 30_000): Promise<void> {
  await until(async () => re.test(output()), Boolean, timeoutMs, 50).catch(() => {
    throw new Error(`no ${re} in: ${output()}`);
  });
}
