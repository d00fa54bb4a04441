/**
 * Screening speed: seconds to rank the 2697-candidate Cu pool (pairs/cu-k-feff-crystals) against
 * a measured CuO spectrum, cold (empty cache: read, parse, predict, chemistry, broaden, fit) and
 * warm (a new process: featurisations from the on-disk cache, broadenings recomputed; and the same
 * process again, as the server's second ranking: memory cache and memoised broadenings), with peak memory.
 * Uses the shipped forward model when present, else the FEFF reference predictor (stated).
 *
 *   npx tsx bench/screen.ts [--data ../shared/data] [--predictor forward|feff] [--report]
 *
 * `--report` stores the numbers under `speed` in reports/screen.json and appends them to the .md.
 * Targets (issue 17): warm ≤ 5 s, cold ≤ 60 s on 2 cores, on the wide grid.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { defaultForwardModelDir } from '../src/forward/manifest.ts';
import { prepareMeasured } from '../src/measured/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { FeatureCache, feffPredictor, forwardPredictor, screenCandidates, type SpectrumPredictor } from '../src/screen/index.ts';
import { withoutReportSection } from '../lab/report/section.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx bench/screen.ts [options]', {
  data: { type: 'string', help: 'shared data folder' },
  predictor: { type: 'string', help: "'forward' (default when the model exists) or 'feff'" },
  report: { type: 'boolean', help: 'store the result in reports/screen.{json,md}' },
});
const dataDir = resolve(String(options.data ?? defaultDataDir()));
const pool = join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials');
const spectrum = join(dataDir, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const haveForward = existsSync(join(defaultForwardModelDir(), 'manifest.json'));
const kind = String(options.predictor ?? (haveForward ? 'forward' : 'feff'));
const predictor: SpectrumPredictor = kind === 'forward' ? await forwardPredictor() : feffPredictor(['Cu']);

let peakRss = process.memoryUsage().rss;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const prepared = prepareMeasured(spectrum);
const dir = mkdtempSync(join(tmpdir(), 'xasinv-bench-screen-'));
const time = async (cache: FeatureCache): Promise<{ seconds: number; ranked: number; rejected: number; stats: FeatureCache['stats'] }> => {
  const t = performance.now();
  const r = await screenCandidates(prepared, [pool], { predictor, cache, top: 10 });
  return { seconds: (performance.now() - t) / 1000, ranked: r.candidates.length, rejected: r.rejected.length, stats: r.cache };
};
try {
  const memCache = new FeatureCache({ dir });
  const cold = await time(memCache);
  // A new `xasinv rank` process: featurisations from disk, broadened predictions recomputed (a new cache holds none).
  const warmDisk = await time(new FeatureCache({ dir }));
  const warmMemory = await time(memCache);
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const speed = {
    created: new Date().toISOString(),
    predictor: predictor.model,
    candidates: cold.ranked + cold.rejected,
    ranked: cold.ranked,
    rejected: cold.rejected,
    coldS: cold.seconds,
    warmDiskS: warmDisk.seconds,
    warmMemoryS: warmMemory.seconds,
    peakRssMiB: peakRss / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cpus: availableParallelism(),
    node: process.version,
  };
  console.log(`| predictor | candidates | cold / s | warm (disk cache) / s | warm (memory) / s | peak RSS / MiB |`);
  console.log(`|---|---|---|---|---|---|`);
  console.log(`| ${speed.predictor.id} ${speed.predictor.version} | ${speed.candidates} (${speed.rejected} rejected) | ${speed.coldS.toFixed(1)} | ${speed.warmDiskS.toFixed(1)} | ${speed.warmMemoryS.toFixed(1)} | ${speed.maxRssMiB.toFixed(0)} |`);
  if (options.report) {
    const jsonPath = join(REPO_ROOT, 'reports', 'screen.json');
    const rep = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
    const bench = { ...((rep.speed as Record<string, unknown>) ?? {}), [kind]: speed };
    writeFileSync(jsonPath, JSON.stringify({ ...rep, speed: bench }, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'reports', 'screen.md');
    const md = existsSync(mdPath) ? withoutReportSection(readFileSync(mdPath, 'utf8'), 'Speed') : '# Candidate screening evaluation\n';
    const rows = Object.values(bench as Record<string, typeof speed>).map((s) => `| ${s.predictor.id} ${s.predictor.version} | ${s.candidates} (${s.rejected} rejected) | ${s.coldS.toFixed(1)} | ${s.warmDiskS.toFixed(1)} | ${s.warmMemoryS.toFixed(1)} | ${s.maxRssMiB.toFixed(0)} | ${s.created} |`);
    writeFileSync(mdPath, `${md.trimEnd()}\n\n## Speed (bench/screen.ts)\n\nRanking the 2697 Cu POSCARs against CuO_tenorite_13K_01.xdi on ${speed.cpus} cores (shared with other jobs when measured). Cold = empty cache; warm (disk) = a fresh cache over the on-disk entries and no memoised broadenings, as a new \`xasinv rank\` run; warm (memory) = the same process again (the server's second ranking). Targets: warm ≤ 5 s, cold ≤ 60 s.\n\n| predictor | candidates | cold / s | warm (disk) / s | warm (memory) / s | max RSS / MiB | measured |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
  }
} finally {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
  await predictor.close?.();
}
