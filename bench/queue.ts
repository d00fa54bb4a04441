/**
 * The job queue, embedded against Redis workers, in one run: a 500-spectrum series (spectra/s)
 * and the 2697-candidate Cu rank job (s), each run in this process's worker thread (embedded,
 * as `npm start`), on one `xasinv worker` process, and on two. A single job runs on one worker,
 * so the series is also submitted as two jobs of 250 spectra, which two workers can share. The two
 * workers share this machine's two cores (with anything else running). Every configuration starts
 * cold (fresh threads/processes: model loading included). Redis: $XASINV_BENCH_REDIS, else a
 * redis-server started here on a free port and stopped at the end.
 *
 * The series is built in memory from real Cu K spectra (cu.prj, the readable CuHERFD_samples.prj
 * groups, xaslib Cu XDI files), repeated with seeded noise (0.3 % of the edge step) and ±0.5 eV
 * shifts, written as one Athena JSON project of 500 groups in a temp folder (never committed).
 *
 *   npm run bench -- queue     (or npx tsx bench/queue.ts [--skip-rank])
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { mulberry32 } from '../src/learn/index.ts';
import { readSpectrum, listGroups } from '../src/io/index.ts';
import { MODELS_DIR, REPO_ROOT, defaultDataDir } from '../src/paths.ts';
import { prepareSpectrum } from '../src/measured/index.ts';
import { poolFiles } from '../src/server/context.ts';
import { BullJobQueue, InProcessJobQueue, JOB_KINDS, rootsOf, WorkerPool, type JobQueue } from '../src/server/index.ts';
import type { RankJobInput } from '../src/server/rank-job.ts';
import type { SeriesJobInput } from '../src/server/series-job.ts';
import { startRedis, startWorker as startQueueWorkerProcess, stopWorkers } from './lib/redis.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run bench -- queue [--skip-rank] [--report]', {
  'skip-rank': { type: 'boolean', help: 'only the series' },
  report: { type: 'boolean', help: 'write reports/bench-queue.md (default: .cache/bench-queue.md)' },
});
const data = defaultDataDir();
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-queue-'));
const POOL = join(data, 'pairs', 'cu-k-feff-crystals', 'materials');
const SPECTRA = 500;


/** The 500-group Athena JSON project, as bytes. */
function seriesProject(): Uint8Array {
  const prj = (f: string) => join(data, 'experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', f);
  const bases = [];
  for (const file of [prj('cu.prj'), prj('CuHERFD_samples.prj')]) {
    for (const g of listGroups(file)) {
      try {
        const s = readSpectrum(file, { group: g.index });
        if (prepareSpectrum(s, { element: 'Cu' }).edgeStep > 0.01) bases.push(s);
      } catch {
        /* χ or broken groups are left out */
      }
    }
  }
  const xaslib = join(data, 'experimental', 'xaslib', 'Cu');
  for (const f of readdirSync(xaslib).filter((n) => n.endsWith('.xdi'))) bases.push(readSpectrum(join(xaslib, f)));
  const random = mulberry32(19);
  const order: string[] = [];
  const doc: Record<string, unknown> = {};
  for (let i = 0; i < SPECTRA; i++) {
    const b = bases[i % bases.length]!;
    const step = Math.max(1e-6, prepareSpectrum(b, { element: 'Cu' }).edgeStep);
    const shift = (random() - 0.5) * 1.0;
    const id = `scan${String(i).padStart(3, '0')}`;
    order.push(id);
    doc[id] = { args: { label: id, bkg_z: 'Cu', datatype: 'xmu' }, x: Array.from(b.energyEv, (e) => Number((e + shift).toFixed(3))), y: Array.from(b.mu, (m) => Number((m + (random() - 0.5) * 2 * 0.003 * step).toPrecision(7))) };
  }
  console.log(`series: ${SPECTRA} spectra from ${bases.length} measured Cu K spectra`);
  return new TextEncoder().encode(JSON.stringify({ _____order: order, ...doc }));
}

/** Submits the tasks at once and waits for all: wall seconds. */
async function timeJobs(queue: JobQueue, kind: string, tasks: { input: unknown; total: number }[]): Promise<number> {
  const k = JOB_KINDS[kind]!;
  const t0 = performance.now();
  const jobs = await Promise.all(tasks.map((t) => queue.submit(kind, { module: k.module, fn: k.fn, input: t.input }, t.total)));
  for (const j of jobs) {
    for (;;) {
      const s = await queue.get(j.id);
      if (s && s.status === 'done') break;
      if (!s || s.status === 'failed' || s.status === 'cancelled') throw new Error(`${kind} job ${j.id}: ${s?.status} ${JSON.stringify(s?.error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return (performance.now() - t0) / 1000;
}

const project = seriesProject();
const half = (() => {
  const doc = JSON.parse(new TextDecoder().decode(project)) as { _____order: string[] } & Record<string, unknown>;
  const part = (ids: string[]) => new TextEncoder().encode(JSON.stringify(Object.fromEntries([['_____order', ids], ...ids.map((id) => [id, doc[id]])])));
  return [part(doc._____order.slice(0, SPECTRA / 2)), part(doc._____order.slice(SPECTRA / 2))];
})();
const seriesInput = (bytes: Uint8Array, n: number) => ({ input: { files: [{ name: 'series.prj', bytes }], modelsDir: MODELS_DIR, element: 'Cu' } satisfies SeriesJobInput, total: n });
const spectrumBytes = readFileSync(join(data, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi'));
const candidates = poolFiles(POOL).map((path) => ({ name: path.slice(POOL.length + 1), path }));
const rankInput = { input: { spectrum: { name: 'CuO_tenorite_13K_01.xdi', bytes: spectrumBytes }, candidates, modelsDir: MODELS_DIR, predictor: 'forward' } satisfies RankJobInput, total: candidates.length };
console.log(`rank: ${candidates.length} candidates (${POOL.replace(data, '<data>')}) against CuO_tenorite_13K_01.xdi`);

const loadBefore = loadavg()[1]!;
const redis = await startRedis();
const rows: string[][] = [];
const roots = rootsOf({ modelsDir: MODELS_DIR, pools: { cu: POOL } });
try {
  for (const setup of ['embedded', '1 worker', '2 workers'] as const) {
    const queueName = `bench-${Date.now()}`;
    const children: ChildProcess[] = [];
    const queue: JobQueue =
      setup === 'embedded'
        ? new InProcessJobQueue(new WorkerPool(1, { maxQueued: 8 }), { ttlMs: 3_600_000, timeoutMs: 3_600_000 })
        : await BullJobQueue.connect({ url: redis.url, queueName, ttlMs: 3_600_000, maxQueued: 8, roots });
    if (setup !== 'embedded') for (let i = 0; i < (setup === '2 workers' ? 2 : 1); i++) children.push(await startQueueWorkerProcess(redis.url, queueName, ['--pool', `cu=${POOL}`]));
    try {
      const cold = await timeJobs(queue, 'series', [seriesInput(project, SPECTRA)]);
      const one = await timeJobs(queue, 'series', [seriesInput(project, SPECTRA)]);
      const two = await timeJobs(queue, 'series', half.map((b) => seriesInput(b, SPECTRA / 2)));
      const rank = options['skip-rank'] ? NaN : await timeJobs(queue, 'rank', [rankInput]);
      rows.push([setup, `${(SPECTRA / cold).toFixed(0)} (${cold.toFixed(1)} s)`, `${(SPECTRA / one).toFixed(0)} (${one.toFixed(1)} s)`, `${(SPECTRA / two).toFixed(0)} (${two.toFixed(1)} s)`, Number.isNaN(rank) ? '—' : rank.toFixed(1)]);
      console.log(`${setup}: series cold ${cold.toFixed(1)} s, warm ${one.toFixed(1)} s, as 2 jobs ${two.toFixed(1)} s, rank ${Number.isNaN(rank) ? '—' : rank.toFixed(1)} s`);
    } finally {
      await queue.close();
      await stopWorkers(children);
    }
  }
} finally {
  redis.stop();
  rmSync(tmp, { recursive: true, force: true });
}

const table = [
  '| setup | series of 500, spectra/s: first job (cold workers) | again (warm) | as 2 jobs of 250 (warm) | rank job, 2697 candidates, s (forward model loaded in it) |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const load = `load average (5 min) ${loadBefore.toFixed(1)} before, ${loadavg()[1]!.toFixed(1)} after, on ${availableParallelism()} cores`;
console.log(`\n${table}\n\n${load}`);
mkdirSync(join(REPO_ROOT, options.report ? 'reports' : '.cache'), { recursive: true });
writeFileSync(join(REPO_ROOT, options.report ? 'reports' : '.cache', 'bench-queue.md'), `# Job queue: embedded against Redis workers\n\n\`npm run bench -- queue\` on ${new Date().toISOString().slice(0, 10)}, 2 cores shared with other work; every setup starts cold: its first series job includes starting the worker thread and loading the inverse model; the later series jobs reuse the warm workers; the rank job loads the forward model.\n\n${table}\n\n${load} (other work on the machine included).\n`);
