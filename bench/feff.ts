/**
 * The FEFF data factory: sites per CPU-hour of each chosen card set (`noscf-fms5`, `scf-lite`,
 * reports/feff-presets.md) and the wall time of a batch of a small fixed set of sites on the Redis
 * queue with one and with two `xasinv worker` processes (one FEFF at a time each). The sites: the
 * one inequivalent site each of hematite and pyrite (Fe), sphalerite (Zn) and rutile (Ti), from
 * ../shared/data/structures/amcsd. Every run starts from empty records on a fresh queue; the workers
 * share this machine's cores with anything else running (the load average is printed).
 * Needs FEFF10 ($XASINV_FEFF or --feff-bin; skipped without) and redis-server
 * ($XASINV_BENCH_REDIS, else one is started on a free port).
 *
 *   npm run bench -- feff      (or npx tsx bench/feff.ts [--presets noscf-fms5,scf-lite] [--feff-bin DIR] [--report])
 *
 * Writes .cache/bench-feff.md; with --report reports/bench-feff.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { feffPreset, findFeffBin, FeffNotFoundError, planBatch, readBatchRecords, type BatchJob, type OkRecord } from '../src/feff/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { runQueueBatch } from '../src/server/index.ts';
import { startRedis, startWorker, stopWorkers } from './lib/redis.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run bench -- feff [--presets a,b] [--feff-bin DIR] [--report]', {
  presets: { type: 'string', help: 'card sets to time (default noscf-fms5,scf-lite)' },
  'feff-bin': { type: 'string', help: 'folder of the FEFF10 modules (default $XASINV_FEFF)' },
  report: { type: 'boolean', help: 'write reports/bench-feff.md (default: .cache/bench-feff.md)' },
});
let binDir: string;
try {
  binDir = findFeffBin(typeof options['feff-bin'] === 'string' ? { feffBin: options['feff-bin'] } : {});
} catch (err) {
  if (!(err instanceof FeffNotFoundError)) throw err;
  console.log(`skipped: ${err.message}`);
  process.exit(0);
}
const data = defaultDataDir();
// Small cells with one inequivalent site each, of typical cost (pyrolusite and VO2 take several times longer with scf-lite: reports/feff-presets.md).
const SITES: readonly [string, string][] = [
  ['structures/amcsd/cif/amcsd_0000143_Hematite.cif', 'Fe'],
  ['structures/amcsd/cif/amcsd_0000006_Pyrite.cif', 'Fe'],
  ['structures/amcsd/cif/amcsd_0000110_Sphalerite.cif', 'Zn'],
  ['structures/amcsd/cif/amcsd_0011762_Rutile.cif', 'Ti'],
];
const presets = (typeof options.presets === 'string' ? options.presets : 'noscf-fms5,scf-lite').split(',').map((p) => feffPreset(p));
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-feff-'));
const loadBefore = loadavg()[1]!;
const redis = await startRedis();
const rows: string[][] = [];
try {
  for (const preset of presets) {
    const jobs: BatchJob[] = SITES.flatMap(([file, absorber]) => planBatch([join(data, file)], { absorber, preset, relativeTo: data }).jobs);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const workers of [1, 2]) {
      const queueName = `bench-feff-${Date.now()}`;
      const children = [];
      for (let i = 0; i < workers; i++) children.push(await startWorker(redis.url, queueName, ['--feff-bin', binDir]));
      const recordsPath = join(tmp, `${preset.name}-${workers}`, 'records.jsonl');
      try {
        const s = await runQueueBatch(jobs, { preset, recordsPath, redisUrl: redis.url, queueName, pollMs: 250 });
        if (s.ok !== jobs.length) throw new Error(`${preset.name}, ${workers} worker(s): ${s.ok} of ${jobs.length} sites ok`);
        wall.push(s.wallTimeS);
        for (const r of readBatchRecords(recordsPath).records) if (r.status === 'ok') cpu.push((r as OkRecord).cpuTimeS);
        console.log(`${preset.name}, ${workers} worker(s): ${jobs.length} sites in ${s.wallTimeS.toFixed(0)} s wall`);
      } finally {
        await stopWorkers(children);
      }
    }
    const meanCpu = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    rows.push([preset.name, String(jobs.length), meanCpu.toFixed(0), (3600 / meanCpu).toFixed(0), wall[0]!.toFixed(0), wall[1]!.toFixed(0), (wall[0]! / wall[1]!).toFixed(2)]);
  }
} finally {
  redis.stop();
  rmSync(tmp, { recursive: true, force: true });
}

const table = [
  '| card set | sites | CPU s/site (mean of both runs) | sites per CPU-hour | batch wall s, 1 worker | batch wall s, 2 workers | speed-up |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const load = `load average (5 min) ${loadBefore.toFixed(1)} before, ${loadavg()[1]!.toFixed(1)} after, on ${availableParallelism()} cores`;
console.log(`\n${table}\n\n${load}`);
const outDir = join(REPO_ROOT, options.report ? 'reports' : '.cache');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'bench-feff.md'),
  `# FEFF sites per CPU-hour and batch wall time on the queue\n\n\`npm run bench -- feff\` on ${new Date().toISOString().slice(0, 10)}: the one inequivalent site each of hematite, pyrite, sphalerite and rutile (${SITES.map(([f]) => f.split('/').pop()).join(', ')}), run as a queue batch with one and with two \`xasinv worker\` processes (one FEFF at a time each), from empty records. CPU time per site is FEFF's own (user + system of its modules); wall time is the batch's, submit to last record. The machine's ${availableParallelism()} cores were shared with other work, so two workers gain less than 2× when the cores are busy.\n\n${table}\n\n${load} (other work on the machine included).\n`,
);
