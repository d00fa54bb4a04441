/**
 * The ranking on the measured benchmark (lab/benchmark/evaluate-ranking.ts): every K-edge spectrum
 * of an absorber with a shipped library, ranked against that library with the calibrations, the
 * score and the pool-fit thresholds chosen on the dev half only; rates per element and half beside
 * their base rates. Rows go to .cache/eval-benchmark/<El>.json; `--report` writes
 * reports/benchmark-ranking.md; `--write-pool-fit` writes the thresholds chosen on dev to
 * models/screen/pool-fit.json (what `xasinv rank` uses for its poolFit verdict).
 *
 *   npm run eval:benchmark -- [--elements Cu,Fe] [--data ../shared/data] [--report] [--write-pool-fit] [--from-cache]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { devCalibrations, evaluateRanking, seenInTraining, variantName, type RankingRow, type RankingVariant, type TrainingSet } from '../lab/benchmark/evaluate-ranking.ts';
import { choosePoolFit, poolFitTable, rankingTables, testHalfSummary } from '../lab/benchmark/ranking-report.ts';
import { gitCommit } from '../lab/report/git-commit.ts';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { forwardPairs, readForwardManifest, trainingSourcesOf } from '../src/forward/index.ts';
import { writeFileAtomic } from '../src/io/index.ts';
import { LIBRARIES_DIR, listLibraries, readLibrary } from '../src/library/index.ts';
import { isFeffLibrary, predictorForLibrary } from '../src/screen/index.ts';
import { RANKING_BENCHMARK_FILE } from '../src/support/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { EDGE_VALENCE_FILE, readEdgeValence, type EdgeValenceCalibration } from '../src/chemistry/index.ts';
import { defaultForwardModelDir } from '../src/forward/manifest.ts';
import { forwardPredictor, POOL_FIT_FILE, writeCalibration, writeEdgeValence } from '../src/screen/index.ts';
import { benchmarkSplit } from '../lab/benchmark/index.ts';

const USAGE = 'npm run eval:benchmark -- [--elements Cu,Fe] [--data DIR] [--report] [--write-pool-fit] [--from-cache]';
const { options } = parseScriptArgs(process.argv.slice(2), USAGE, {
  elements: { type: 'string', help: 'absorbers (default: every one with a library the forward model covers)' },
  data: { type: 'string', help: 'shared data folder (default ../shared/data)' },
  report: { type: 'boolean', help: 'write reports/benchmark-ranking.md' },
  'write-pool-fit': { type: 'boolean', help: 'write the dev-chosen pool-fit thresholds to models/screen/pool-fit.json' },
  'from-cache': { type: 'boolean', help: 'summarise the rows of the last run (.cache/eval-benchmark) without ranking again' },
  libraries: { type: 'string', help: 'libraries folder to rank against instead of models/library (e.g. one built with build:library --out; rows go to .cache/eval-benchmark/<folder name>; not with --report)' },
  'feff-libraries': { type: 'boolean', help: "only the libraries that hold the project's FEFF10 spectra (Ti, V, Cr, Mn, Ni, Zn: no forward model covers them)" },
  'write-calibration': {
    type: 'boolean',
    help: "fit each element's theory → experiment calibration (with the dev-chosen score and shift bound) and edge-position line on the dev half, and write them into the shipped model's experiment-calibration.json and models/screen/edge-valence.json",
  },
});
const dataDir = String(options.data ?? defaultDataDir());
const librariesDir = typeof options.libraries === 'string' ? resolve(options.libraries) : LIBRARIES_DIR;
const otherLibraries = librariesDir !== LIBRARIES_DIR;
if (otherLibraries && (options.report || options['write-pool-fit'])) scriptUsageError('--libraries: a report and the pool-fit thresholds describe the shipped libraries; leave out --report and --write-pool-fit');
const cacheDir = join(REPO_ROOT, '.cache', 'eval-benchmark', ...(otherLibraries ? [basename(librariesDir)] : []));
mkdirSync(cacheDir, { recursive: true });
const command = ['npm run eval:benchmark', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const commit = gitCommit({ short: true });

const predictor = await forwardPredictor();
/** The element's library in the libraries folder of this run. */
function libraryOf(el: string): ReturnType<typeof readLibrary> {
  return readLibrary(el, librariesDir);
}
const elements =
  typeof options.elements === 'string'
    ? options.elements.split(',').map((s) => s.trim())
    : listLibraries(librariesDir).filter((el) => (options['feff-libraries'] ? isFeffLibrary(libraryOf(el)) : predictor.absorbers.includes(el) || isFeffLibrary(libraryOf(el))));
/** The predictor an element's library is ranked with (its FEFF spectra, or the forward model). */
const predictorOf = (el: string) => predictorForLibrary(libraryOf(el), predictor);
/** No model was trained on a FEFF library's spectra: nothing of it was "seen in training". */
const NOTHING_SEEN: TrainingSet = { mpIds: new Set(), files: new Set() };
const rowsByElement: Record<string, RankingRow[]> = {};
const chosenVariants: Record<string, RankingVariant> = {};
const choices: Record<string, { score: string; devScores: Record<string, { top5: number; medianRank: number }>; skipped: { entry: string; reason: string }[] }> = {};
try {
  // "Seen in training": the structures of the forward model's train and validation rows.
  const seen = forwardPairs(dataDir, trainingSourcesOf(readForwardManifest(defaultForwardModelDir()))).filter((p) => p.split !== 'test');
  const training: TrainingSet = {
    mpIds: new Set(seen.flatMap((p) => (p.materialId ? [p.materialId] : []))),
    files: new Set(seen.map((p) => relative(dataDir, p.structurePath))),
  };
  if (options['from-cache']) {
    for (const el of elements) {
      const cached = JSON.parse(readFileSync(join(cacheDir, `${el}.json`), 'utf8')) as { rows: RankingRow[]; choice: (typeof choices)[string]; chosen: RankingVariant };
      const lib = libraryOf(el);
      rowsByElement[el] = cached.rows.map((r) => ({ ...r, inTraining: seenInTraining(r.right, lib, isFeffLibrary(lib) ? NOTHING_SEEN : training) }));
      choices[el] = cached.choice;
      chosenVariants[el] = cached.chosen ?? { score: cached.rows[0]!.score, maxShiftEv: cached.rows[0]!.maxShiftEv };
    }
  } else {
    for (const el of elements) {
      const t0 = performance.now();
      const feff = isFeffLibrary(libraryOf(el));
      const r = await evaluateRanking(el, { predictor: predictorOf(el), dataDir, librariesDir, training: feff ? NOTHING_SEEN : training, log: (m) => console.error(m) });
      rowsByElement[el] = r.rows;
      choices[el] = { score: variantName(r.chosen), devScores: r.devScores, skipped: r.skipped };
      chosenVariants[el] = r.chosen;
      writeFileAtomic(join(cacheDir, `${el}.json`), JSON.stringify({ command, commit, rows: r.rows, choice: choices[el], chosen: r.chosen }, null, 1) + '\n');
      console.error(`${el}: ${r.rows.length} spectra in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  if (options['write-calibration']) {
    const edge: Record<string, EdgeValenceCalibration> = { ...readEdgeValence() };
    for (const el of elements) {
      const lib = libraryOf(el);
      const { calibration, edgeValence, compounds, spectra } = await devCalibrations(el, chosenVariants[el]!, { predictor: predictorOf(el), dataDir, librariesDir });
      if (!calibration) {
        console.error(`${el}: no dev spectra: no calibration written`);
        continue;
      }
      // A FEFF library's calibration sits in its own folder (screen/library-predictor.ts); the shipped
      // forward model's is fitted on the shipped libraries only.
      if (otherLibraries && !isFeffLibrary(lib)) {
        console.error(`${el}: --libraries: the forward model's calibration is not rewritten from another libraries folder`);
        continue;
      }
      writeCalibration(isFeffLibrary(lib) ? lib.dir : defaultForwardModelDir(), { ...calibration, command });
      console.error(`${el}: calibration on ${compounds.length} dev compounds (${spectra} spectra): offset ${calibration.offsetEv} eV, ${calibration.score}, shift bound ±${calibration.maxShiftEv} eV`);
      if (edgeValence) edge[el] = { ...edgeValence, command, created: new Date().toISOString(), ...(commit ? { commit } : {}) };
      else if (edge[el]) {
        delete edge[el];
        console.error(`${el}: the dev half does not make an edge-position line: the shipped one (fitted on references of both halves) is withdrawn`);
      }
    }
    writeEdgeValence(edge, EDGE_VALENCE_FILE);
  }
} finally {
  await predictor.close?.();
}

const split = benchmarkSplit();
// Pool-fit thresholds belong to one predictor: the forward model's, chosen on its elements' rows.
const forwardRows = Object.entries(rowsByElement).flatMap(([el, rows]) => (isFeffLibrary(libraryOf(el)) ? [] : rows));
const poolFit = choosePoolFit(forwardRows.filter((r) => r.half === 'dev'), predictor.id);
const lines: string[] = [
  '# The ranking on the measured benchmark',
  '',
  `Measured by \`${command}\` (commit ${commit ?? 'unknown'}, ${new Date().toISOString().slice(0, 10)}); split test hash ${split.testSha256.slice(0, 12)}… (data/measured-benchmark/split.json, frozen).`,
  '',
  'Every K-edge spectrum of the benchmark whose absorber has a shipped library is ranked against that library (`xasinv rank <spectrum>`). The theory → experiment calibration, the edge-position → valence line and the ranking score are fitted on the **dev** half only (leave-one-compound-out for dev rows); the test half is only reported. "Right phase" = the compound\'s own structure files and the library\'s polymorph duplicates of them (same reduced formula, G2 cosine ≥ 0.98). The Cr, Mn, Ni, V and Zn libraries hold the project\'s own FEFF10 spectra of their structures (no forward model covers those absorbers yet; only structures whose every site is computed are in them, so their pools are small and grow with the FEFF batch). Base rates: a random order of the same pool (chance of a right phase in the top 5; mean rank), and for valence both a random pick from the pool and always answering the dev half\'s majority valence. Spectra of one compound are replicate scans, not independent: compounds are counted too (a compound counts as a hit when most of its spectra are).',
  '',
  ...rankingTables(rowsByElement, choices),
  '',
  ...poolFitTable(forwardRows, poolFit),
];
const text = lines.join('\n') + '\n';
console.log(text);
writeFileSync(join(cacheDir, 'report.md'), text);
if (options.report) {
  writeFileAtomic(join(REPO_ROOT, 'reports', 'benchmark-ranking.md'), text);
  // The test half per element beside its base rates, for the support table (xasinv models, /api/models, the UI).
  const previous = existsSync(RANKING_BENCHMARK_FILE) ? (JSON.parse(readFileSync(RANKING_BENCHMARK_FILE, 'utf8')) as { elements?: Record<string, unknown> }).elements ?? {} : {};
  const elementsNow = Object.fromEntries(Object.entries(testHalfSummary(rowsByElement)).map(([el, v]) => [el, { ...v, predictor: predictorOf(el).id, command, ...(commit ? { commit } : {}), created: new Date().toISOString(), splitSha256: split.testSha256 }]));
  writeFileAtomic(RANKING_BENCHMARK_FILE, JSON.stringify({ report: 'reports/benchmark-ranking.md', elements: { ...previous, ...elementsNow } }, null, 1) + '\n');
  console.error(`wrote ${relative(REPO_ROOT, RANKING_BENCHMARK_FILE)}`);
}
if (options['write-pool-fit']) {
  if (!poolFit) throw new Error('no dev rows with the right phase removed: nothing to choose pool-fit thresholds on');
  writeFileAtomic(POOL_FIT_FILE, JSON.stringify({ ...poolFit.thresholds, chosenOn: poolFit.chosenOn, command, commit, created: new Date().toISOString() }, null, 1) + '\n');
  console.error(`wrote ${relative(REPO_ROOT, POOL_FIT_FILE)}`);
}
if (!existsSync(join(REPO_ROOT, 'reports'))) console.error('note: no reports/ folder');
