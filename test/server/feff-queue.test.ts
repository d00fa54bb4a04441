/**
 * A FEFF batch on the Redis queue, with fake FEFF modules (test/feff/fake-feff.ts): site jobs taken
 * by several workers give one record per site, the same as the embedded batch; a crashed FEFF is run
 * again then recorded with its log tail; a worker without FEFF sends its sites back (and with no
 * worker that has FEFF the batch stops, recording nothing); a worker killed mid-site leaves the site
 * to another worker (one record); a submitter killed mid-batch is resumed by the next one, which
 * collects what the workers finished meanwhile without computing anything twice; an unreachable
 * Redis is one error. Needs XASINV_TEST_REDIS.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, XasinvError } from '../../src/errors.ts';
import { feffPreset, planBatch, readBatchRecords, recordKey, runBatch, type BatchRecord, type OkRecord } from '../../src/feff/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { startQueueWorker } from '../../src/server/index.ts';
import { runQueueBatch } from '../../src/server/feff-queue-batch.ts';
import { writeBatchStructures } from '../feff/batch-structures.ts';
import { fakeFeff } from '../feff/fake-feff.ts';
import { freshQueue, outputMatches, REDIS_URL, spawnWorker, until, warnIfNoRedis } from './redis-env.ts';

warnIfNoRedis('test/server/feff-queue.test.ts');
const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-queue-'));
const structures = writeBatchStructures(join(root, 'structures'));
const preset = feffPreset('noscf', { radiusAngstrom: 5 });
const plan = () => planBatch([structures], { absorber: 'Fe', preset, relativeTo: root });
const open: { close(): Promise<void> }[] = [];
const children: { kill(sig?: NodeJS.Signals): boolean }[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const o of open.reverse()) await o.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

/** An in-process queue worker (closed at the end). */
async function worker(queueName: string, feffBin: string, log: string[] = []) {
  const w = await startQueueWorker({ url: REDIS_URL!, queueName, roots: {}, feffBin, lockMs: 5000, log: (l) => log.push(l) });
  const handle = { ...w, close: () => w.close(true) };
  open.push(handle);
  return handle;
}
const records = (path: string): BatchRecord[] => (existsSync(path) ? readBatchRecords(path, { repair: false }).records : []);
const okOf = (path: string) => records(path).filter((r): r is OkRecord => r.status === 'ok');
/** Lines `start` / `end` the fake FEFF's first and last module wrote (one pair per FEFF run). */
const traced = (trace: string, what: 'start' | 'end') => (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter((l) => l === what).length : 0);

describe.skipIf(!REDIS_URL)('FEFF batch on the Redis queue', () => {
  it('two workers take the site jobs: one record per site, the spectra of the embedded batch, the workers named', async () => {
    const queueName = freshQueue();
    const bin = fakeFeff(root, { delayS: 0.02 });
    const [a, b] = [await worker(queueName, bin), await worker(queueName, bin)];
    const out = join(root, 'two', 'records.jsonl');
    const etas: number[] = [];
    const s = await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100, onProgress: (p) => etas.push(p.etaS) });
    expect(s).toMatchObject({ ok: 3, failed: 0, skippedDone: 0, notRun: 0, leftRunning: 0 });
    expect(s.workers.every((w) => [a.name, b.name].includes(w))).toBe(true);
    const queued = okOf(out);
    expect(queued.map((r) => `${r.source}#${r.site}`).sort()).toEqual(['structures/fe2.xyz#0', 'structures/fe2.xyz#2', 'structures/feo/POSCAR#0']);
    expect(etas.at(-1)).toBe(0);
    const embedded = join(root, 'two-embedded', 'records.jsonl');
    await runBatch(plan().jobs, { preset, recordsPath: embedded, binDir: bin });
    const strip = (r: OkRecord) => JSON.stringify({ ...r, finishedAt: undefined, wallTimeS: undefined, cpuTimeS: undefined, worker: undefined });
    expect(queued.map(strip).sort()).toEqual(okOf(embedded).map(strip).sort());
    // Run again: everything is recorded, nothing is submitted.
    expect(await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100 })).toMatchObject({ ok: 0, skippedDone: 3 });
  });

  it('workers need no structure files: the jobs carry each site\'s feff.inp (the structures are gone before any worker starts)', async () => {
    const queueName = freshQueue();
    const copy = writeBatchStructures(join(root, 'vanishing'));
    const jobs = planBatch([copy], { absorber: 'Fe', preset, relativeTo: root }).jobs;
    const out = join(root, 'vanishing-records', 'records.jsonl');
    rmSync(copy, { recursive: true, force: true }); // the plan holds the parsed structures; no file is read again
    const batch = runQueueBatch(jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100 });
    await worker(queueName, fakeFeff(root));
    expect(await batch).toMatchObject({ ok: 3, failed: 0 });
    expect(okOf(out).map((r) => `${r.source}#${r.site}`).sort()).toEqual(['vanishing/fe2.xyz#0', 'vanishing/fe2.xyz#2', 'vanishing/feo/POSCAR#0']);
  });

  it('a FEFF that crashes on the workers is run again, then recorded as failed with its log tail', async () => {
    const queueName = freshQueue();
    await worker(queueName, fakeFeff(root, { misbehave: { module: 'pot', exitCode: 139 } }));
    const out = join(root, 'crash', 'records.jsonl');
    let retries = 0;
    const s = await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100, retries: 1, onRetry: () => retries++ });
    expect(s).toMatchObject({ ok: 0, failed: 3, retried: 3 });
    expect(retries).toBe(3);
    for (const r of records(out)) {
      expect(r).toMatchObject({ status: 'failed', attempts: 2 });
      expect(r.status === 'failed' && r.error).toMatch(/^FEFF module pot failed \(exit status 139\); last lines of its output:\n {3}pot: line one of the log\n {3}pot: the last line before trouble$/);
    }
  });

  it('a worker without FEFF10: with no other worker the batch stops with its error, recording nothing; with one, every site runs there', async () => {
    const queueName = freshQueue();
    const log: string[] = [];
    const bad = await worker(queueName, join(root, 'no-feff-here'), log);
    expect(log.join('\n')).toMatch(/no FEFF10 on this worker \(--feff-bin .*no-feff-here does not exist\): the feff jobs it takes go back to their batch/);
    const out = join(root, 'no-feff', 'records.jsonl');
    const notices: string[] = [];
    const err = await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100, bounceDelayMs: 100, maxBounces: 4, onNotice: (l) => notices.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XasinvError);
    expect((err as Error).message).toMatch(new RegExp(`^FEFF10 not found on worker ${bad.name}: set XASINV_FEFF or --feff-bin \\(--feff-bin .*no-feff-here does not exist\\) \\(4 sites in a row came back`));
    expect(notices.filter((n) => n.startsWith(`FEFF10 not found on worker ${bad.name}`))).toHaveLength(1);
    expect(records(out)).toHaveLength(0);
    const good = await worker(queueName, fakeFeff(root));
    const s = await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100, bounceDelayMs: 100, maxBounces: 50 });
    expect(s).toMatchObject({ ok: 3, failed: 0, workers: [good.name] });
  });

  it('a worker killed (SIGKILL) mid-site: another worker runs the site, one record per site', async () => {
    const queueName = freshQueue();
    const trace = join(root, 'killed-trace.txt');
    const bin = fakeFeff(root, { delayS: 0.3, trace });
    const workers = [0, 1].map(() => spawnWorker(['--redis', REDIS_URL!, '--queue-name', queueName, '--feff-bin', bin, '--lock-s', '2']));
    for (const w of workers) children.push(w.child);
    for (const w of workers) await outputMatches(w.output, /xasinv worker \S+ on/);
    const out = join(root, 'killed', 'records.jsonl');
    const batch = runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100 });
    // Kill the first worker that starts a site, while its FEFF runs (each of the 15 modules takes 0.3 s).
    const started = /\(feff: (\S+ site \d+)\) started/;
    const victim = await until(async () => workers.find((w) => started.test(w.output())), Boolean, 60_000);
    const survivor = workers.find((w) => w !== victim)!;
    const site = started.exec(victim!.output())![1]!;
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    const s = await batch;
    expect(s).toMatchObject({ ok: 3, failed: 0 });
    const recs = okOf(out);
    expect(recs).toHaveLength(3);
    expect(new Set(recs.map(recordKey)).size).toBe(3);
    const survivorName = /xasinv worker (\S+) on/.exec(survivor.output())![1];
    expect(recs.every((r) => r.worker === survivorName)).toBe(true);
    expect(survivor.output()).toContain(`(feff: ${site}) started again`);
    // Three FEFF runs ended (four started if the victim's FEFF had begun): the killed run never finished.
    expect(traced(trace, 'start')).toBeGreaterThanOrEqual(3);
    expect(traced(trace, 'end')).toBe(3);
    survivor.child.kill('SIGTERM');
    await survivor.exited;
  });

  it('the submitter killed mid-batch: the next run collects what the workers finished meanwhile, computing nothing twice', async () => {
    const queueName = freshQueue();
    const trace = join(root, 'resume-trace.txt');
    await worker(queueName, fakeFeff(root, { delayS: 0.1, trace }));
    const outDir = join(root, 'resume');
    const args = [join(REPO_ROOT, 'bin', 'xasinv.js'), 'feff-batch', structures, '--out', outDir, '--absorber', 'Fe', '--preset', 'noscf', '--redis', REDIS_URL!, '--queue-name', queueName, '--data', root];
    // The CLI's preset: noscf with its own radius (8 Å), so the records here are of that card set.
    const cliPreset = feffPreset('noscf');
    const submitter = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(submitter);
    let output = '';
    submitter.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise((r) => submitter.on('exit', r));
    await outputMatches(() => output, /\[1\/3\] /, 60_000);
    submitter.kill('SIGKILL');
    await exited;
    expect(output).toMatch(/0 of 3 sites already recorded; 3 to run on the workers of redis:/);
    // The worker finishes the queued sites with nobody collecting.
    await until(async () => traced(trace, 'end'), (n) => n === 3, 60_000);
    const out = join(outDir, 'records.jsonl');
    const before = records(out).length;
    expect(before).toBeGreaterThanOrEqual(1);
    const s = await runQueueBatch(planBatch([structures], { absorber: 'Fe', preset: cliPreset, relativeTo: root }).jobs, { preset: cliPreset, recordsPath: out, redisUrl: REDIS_URL!, queueName, pollMs: 100 });
    expect(s).toMatchObject({ ok: 3 - before, skippedDone: before, failed: 0 });
    expect(traced(trace, 'start')).toBe(3);
    const recs = okOf(out);
    expect(recs).toHaveLength(3);
    expect(new Set(recs.map(recordKey)).size).toBe(3);
  });

  it('Redis unreachable: one error naming the URL, before anything is written', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const out = join(root, 'no-redis', 'records.jsonl');
    const err = await runQueueBatch(plan().jobs, { preset, recordsPath: out, redisUrl: `redis://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`--redis redis://127.0.0.1:${port}: no answer from Redis (ECONNREFUSED); start redis-server there or correct the URL`);
    expect(existsSync(join(root, 'no-redis'))).toBe(false);
  });
});
