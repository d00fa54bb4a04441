/**
 * What the queue benchmarks share (bench/lib is not a benchmark: bench/run.ts runs bench/*.ts only):
 * a Redis to run against ($XASINV_BENCH_REDIS, else a redis-server started on a free port, no
 * persistence) and `xasinv worker` processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/paths.ts';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** $XASINV_BENCH_REDIS, else a redis-server of our own (stopped by `stop`). */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  if (process.env.XASINV_BENCH_REDIS) return { url: process.env.XASINV_BENCH_REDIS, stop: () => {} };
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** An `xasinv worker` process on `queueName`, resolved once it is taking jobs. */
export function startWorker(url: string, queueName: string, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xasinv.js'), 'worker', '--redis', url, '--queue-name', queueName, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/xasinv worker \S+ on /.test(out)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
  });
}

/** Stops workers (SIGTERM) and waits for them to exit. */
export async function stopWorkers(children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) {
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
}
