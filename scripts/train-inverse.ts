/**
 * Trains, calibrates and exports an inverse model (spectrum → 50-term G2 pseudo-RDF).
 *
 *   npm run train:inverse -- --element Fe [--data ../shared/data] [--members 15] [--workers 2]
 *     [--sources fe-k-fdmnes-molecules,fe-k-feff-crystals --repeat fe-k-feff-crystals=8]
 *
 * `--sources` adds sources the target allows (INVERSE_TARGETS[el].extraSources; Fe: the project's
 * FEFF10 crystal sites) to its main one, each with its own split (src/inverse/training-sources.ts);
 * `--repeat` oversamples a source's training rows after each member's bootstrap draw.
 *
 * Resumable: members already trained in the run folder are kept (kill and rerun at will).
 * Writes models/inverse/<el>-k/{ensemble.onnx, manifest.json, error-reference.f32}; the uncertainty
 * step (error model + conformal calibration, lab/inverse/calibrate.ts) can be rerun alone with
 * `npm run calibrate:inverse -- --element Fe`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { XasinvError } from '../src/errors.ts';
import { loadEnsemble, trainEnsemble } from '../lab/inverse/index.ts';
import { AUGMENT_DEFAULTS, cnnConfig } from '../src/inverse/index.ts';
import { TRAINING_CODE_VERSION } from '../lab/learn/backend.ts';
import { calibrateInverseModel } from '../lab/inverse/calibrate.ts';
import { loadInverseModelDir, predictEnsemble } from '../src/inverse/ensemble-model.ts';
import type { InverseManifest } from '../src/inverse/manifest.ts';
import { inverseVarianceWeights } from '../lab/inverse/loss-weights.ts';
import { inverseMetrics, metricsSummary } from '../src/inverse/metrics.ts';
import { INVERSE_TARGETS, rowGroups } from '../src/inverse/targets.ts';
import { buildSourcesDataset, inverseSourceSplits, recordsPathForManifest, rowRepeatsOf, sourceRecipe, sourceSplitsHash, type ExtraSourceUse } from '../src/inverse/training-sources.ts';
import type { PairSource } from '../src/data/pairs.ts';
import { FE_FEFF_CRYSTALS_DEFAULTS } from '../src/data/fe-feff-crystals.ts';
import { ensembleToOnnx } from '../lab/inverse/index.ts';
import { writeFileAtomic } from '../src/io/index.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { resolveG2Options } from '../src/structure/index.ts';
import { provenance } from '../lab/report/index.ts';

const t0 = performance.now();
const { options } = parseScriptArgs(process.argv.slice(2), 'npm run train:inverse -- --element Fe|Cu [options]', {
  element: { type: 'string', help: 'Fe or Cu' },
  data: { type: 'string', help: 'shared data folder' },
  out: { type: 'string', help: 'model folder (default models/inverse/<el>-k)' },
  'run-dir': { type: 'string', help: 'member checkpoints (default .cache/train-inverse/<el>-k)' },
  members: { type: 'number', help: 'ensemble size (15)' },
  workers: { type: 'number', help: 'parallel worker processes (2)' },
  epochs: { type: 'number', help: 'epochs per member (50)' },
  patience: { type: 'number', help: 'early stopping on out-of-bag loss (12)' },
  limit: { type: 'number', help: 'use only the first N pairs of each split (tests)' },
  'loss-weights': { type: 'string', help: 'none (default; see reports/inverse-fe-design.md) or inverse-variance' },
  'no-augment': { type: 'boolean', help: 'train without augmentation' },
  'no-error-model': { type: 'boolean', help: 'σ = bootstrap spread only (no distance-aware rescaling)' },
  filters: { type: 'string', help: 'conv filters, e.g. 8,16,32' },
  fresh: { type: 'boolean', help: 'discard checkpoints in the run folder first' },
  sources: { type: 'string', help: "comma list: the target's main source plus extra ones it allows (Fe: fe-k-feff-crystals)" },
  repeat: { type: 'string', help: 'oversample training rows per source, e.g. fe-k-feff-crystals=8 (default 1)' },
  'fe-records': { type: 'string', help: 'records.jsonl of fe-k-feff-crystals (default data/feff-fe-crystals/records.jsonl)' },
});
const element = String(options.element ?? '');
const target = INVERSE_TARGETS[element];
if (!target) {
  console.error(`error: --element must be one of ${Object.keys(INVERSE_TARGETS).join(', ')}`);
  process.exit(2);
}
const dataDir = String(options.data ?? defaultDataDir());
const id = `${element.toLowerCase()}-k`;
const outDir = String(options.out ?? join(MODELS_DIR, 'inverse', id));
const runDir = String(options['run-dir'] ?? join(REPO_ROOT, '.cache', 'train-inverse', id));
const members = Number(options.members ?? 15);
const workers = Number(options.workers ?? 2);
const epochs = Number(options.epochs ?? 50);
const patience = Number(options.patience ?? 12);
const lossWeighting = String(options['loss-weights'] ?? 'none') as 'inverse-variance' | 'none';
if (!['none', 'inverse-variance'].includes(lossWeighting)) {
  console.error('error: --loss-weights must be none or inverse-variance');
  process.exit(2);
}
const limit = options.limit === undefined ? Infinity : Number(options.limit);
const recipe = target.recipe;
const log = (msg: string) => process.stderr.write(`[train-inverse ${element}] ${msg}\n`);
const fail = (msg: string): never => {
  console.error(`error: ${msg}`);
  process.exit(2);
};

// Sources: the main one first, then the extra ones asked for; oversampling per source.
const sources = options.sources ? String(options.sources).split(',').map((s) => s.trim()).filter(Boolean) : [target.source];
if (!sources.includes(target.source)) fail(`--sources must include ${element}'s main source ${target.source} (its calibration hold-out and test split)`);
const allowed = Object.keys(target.extraSources ?? {});
const extra = sources.filter((s) => s !== target.source) as PairSource[];
const unknown = extra.filter((s) => !allowed.includes(s));
if (unknown.length > 0) fail(`--sources: ${unknown.join(', ')} not allowed for ${element}; extra sources: ${allowed.join(', ') || 'none'}`);
const repeat: Partial<Record<PairSource, number>> = {};
for (const kv of String(options.repeat ?? '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  const n = Number(v);
  if (!k || !sources.includes(k) || !Number.isInteger(n) || n < 1) fail(`--repeat: "${kv}" is not <source of this run>=<whole number ≥ 1>; sources: ${sources.join(', ')}`);
  repeat[k as PairSource] = n;
}
const feRecordsPath = options['fe-records'] ? String(options['fe-records']) : FE_FEFF_CRYSTALS_DEFAULTS.recordsPath;

const cut = <T>(a: T[]) => a.slice(0, Math.min(a.length, limit));
let skippedRecords = 0;
const sourceSplits = inverseSourceSplits(dataDir, target, extra, { feRecordsPath, onSkip: (m) => (skippedRecords++, log(`left out: ${m}`)) }).map((s) => ({ ...s, train: cut(s.train), calibration: cut(s.calibration), test: cut(s.test) }));
for (const s of sourceSplits) log(`${s.source}: ${s.train.length} train, ${s.calibration.length} calibration, ${s.test.length} test pairs${repeat[s.source] ? `, training rows ×${repeat[s.source]}` : ''}`);
const pairs = { train: sourceSplits.flatMap((s) => s.train) };
const dataHash = sourceSplitsHash(sourceSplits);
const g2 = resolveG2Options({});
const K = g2.n;
const filters = options.filters ? String(options.filters).split(',').map(Number) : undefined;
const config = cnnConfig({ inputLength: recipe.grid.n, outputLength: K, ...(filters ? { filters } : {}) });
const augment = options['no-augment'] ? undefined : { ...AUGMENT_DEFAULTS, stepEv: recipe.grid.stepEv };
if (options.fresh && existsSync(runDir)) rmSync(runDir, { recursive: true });
// Members in the run folder are resumed only if they were trained with the same settings and
// training code (settings.json; folders from before the conv fix have none). Checked before the
// spectra are featurised, so a stale folder fails at once.
const settings = { element, dataHash, config, epochs, patience, lossWeighting, augment: augment ?? null, limit: Number.isFinite(limit) ? limit : null, training: TRAINING_CODE_VERSION, ...(extra.length > 0 ? { sources, repeat } : {}) };
const settingsPath = join(runDir, 'settings.json');
if (existsSync(runDir) && readdirSync(runDir).length > 0) {
  const previous = existsSync(settingsPath) ? (JSON.parse(readFileSync(settingsPath, 'utf8')) as Record<string, unknown>) : undefined;
  const differs = previous === undefined ? ['settings.json missing'] : Object.keys(settings).filter((k) => JSON.stringify(previous[k]) !== JSON.stringify(settings[k as keyof typeof settings]));
  if (differs.length > 0) {
    console.error(`error: run folder ${relative(REPO_ROOT, runDir) || runDir} holds members trained with other settings (${differs.join(', ')}); rerun with --fresh to discard them, or give another --run-dir`);
    process.exit(2);
  }
}

let skipped = 0;
const build = (which: 'train' | 'calibration' | 'test', splits: typeof sourceSplits) =>
  buildSourcesDataset(splits, which, target, {
    hooks: {
      onProgress: (done, total) => process.stderr.write(`\r[train-inverse ${element}] featurising ${which}: ${done}/${total}${done === total ? '\n' : ''}`),
      onSkip: (p, reason) => {
        skipped++;
        log(`skipped ${p.id}: ${reason}`);
      },
    },
  });
const trainBuilt = build('train', sourceSplits);
const train = trainBuilt.dataset;
const calib = build('calibration', sourceSplits).dataset;
// The main source's test split gives the manifest's metrics (comparable with a model trained on it
// alone); an extra source's test split is scored on its own below.
const test = build('test', sourceSplits.slice(0, 1)).dataset;
const extraTests = sourceSplits.slice(1).filter((s) => s.test.length > 0).map((s) => ({ source: s.source, dataset: build('test', [s]).dataset }));
const rowRepeats = extra.length > 0 && Object.keys(repeat).length > 0 ? rowRepeatsOf(trainBuilt.parts, repeat) : undefined;
if (rowRepeats) log(`oversampling ${JSON.stringify(repeat)}: ${rowRepeats.reduce((a, b) => a + b, 0)} training rows per epoch from ${train.n}`);

// Loss weights (optional): 1/variance of each G2 bin over the training set (see inverseVarianceWeights).
// Off by default: on Fe it raised the far-shell peak error from 0.11 to 0.21 Å (reports/inverse-fe-design.md).
const lossWeights = lossWeighting === 'inverse-variance' ? inverseVarianceWeights(train.y, train.n, K) : undefined;
mkdirSync(runDir, { recursive: true });
writeFileSync(settingsPath, JSON.stringify(settings, null, 1));
log(`training ${members} members × ${epochs} epochs on ${workers} workers (run folder ${relative(REPO_ROOT, runDir)})`);
try {
  await trainEnsemble(
    { x: train.x, y: train.y, n: train.n, inputLength: train.inputLength, outputLength: K },
    { outDir: runDir, config, members, workers, epochs, patience, validation: 'out-of-bag', ...(lossWeights ? { lossWeights } : {}), ...(augment ? { augment } : {}), ...(rowRepeats ? { rowRepeats } : {}) },
  );
} catch (err) {
  if (err instanceof XasinvError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

// Export all members as one ONNX graph, then calibrate σ on the calibration split through ONNX Runtime.
const models = loadEnsemble(runDir).slice(0, members);
const extraSources: ExtraSourceUse[] = sourceSplits.slice(1).map((s) => ({
  source: s.source,
  theory: sourceRecipe(target, s.source).theory,
  repeat: repeat[s.source] ?? 1,
  ...(s.source === 'fe-k-feff-crystals' ? { recordsPath: recordsPathForManifest(feRecordsPath), recordsLeftOut: skippedRecords } : {}),
  split: s.source === 'fe-k-feff-crystals' ? 'material level by mineral name (src/data/fe-feff-crystals.ts): train trained on, val in the calibration split, test held out' : 'the source\'s own train / val (calibration) / test',
  samples: { train: s.train.length, calibration: s.calibration.length, test: s.test.length },
}));
mkdirSync(outDir, { recursive: true });
writeFileAtomic(join(outDir, 'ensemble.onnx'), ensembleToOnnx(models, { docString: `xasinv inverse ${element} K: spectrum → G2 wACSF` }));
const manifest: InverseManifest = {
  id,
  kind: 'inverse',
  // 1.1.0: conv layers as matMuls of strided windows (correct input gradients; 1.0.0 used tf.conv3d, whose wasm input gradient is wrong for stride > 1).
  version: '1.1.0',
  created: new Date().toISOString(),
  element,
  edge: 'K',
  onnx: 'ensemble.onnx',
  members: models.length,
  recipe,
  g2: { n: g2.n, rMinAngstrom: g2.rMinAngstrom, rMaxAngstrom: g2.rMaxAngstrom, cutoffAngstrom: g2.cutoffAngstrom, eta: g2.eta, zWeight: 0.1, r: Array.from(g2.centresAngstrom) },
  architecture: config,
  training: {
    data: sources.join('+'),
    ...(extra.length > 0 ? { extraSources } : {}),
    dataHash,
    samples: { train: train.n, calibration: calib.n, test: test.n, skipped },
    epochs,
    batchSize: 32,
    learningRate: 2e-3,
    patience,
    bootstrap: true,
    lossWeighting,
    ...(lossWeights ? { lossWeights: Array.from(lossWeights, (v) => Number(v.toPrecision(5))) } : {}),
    ...(augment ? { augment } : {}),
    command: `npm run train:inverse -- --element ${element}${members !== 15 ? ` --members ${members}` : ''}${epochs !== 50 ? ` --epochs ${epochs}` : ''}${lossWeighting !== 'none' ? ` --loss-weights ${lossWeighting}` : ''}${augment ? '' : ' --no-augment'}${extra.length > 0 ? ` --sources ${sources.join(',')}` : ''}${Object.keys(repeat).length > 0 ? ` --repeat ${Object.entries(repeat).map(([k, v]) => `${k}=${v}`).join(',')}` : ''}`,
    wallTimeS: 0,
    ...provenance(),
  },
  calibration: { k: 2, coverage: 0.95, scale: 1, samples: 0, coverageBefore: NaN, coverageAfter: NaN },
  metrics: {},
};
writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
const model = await loadInverseModelDir(outDir);
log('fitting the distance-aware error model (out-of-bag training rows) and the per-bin conformal calibration (calibration split)');
Object.assign(manifest, await calibrateInverseModel({ ...model, manifest }, train, calib, { errorModel: !options['no-error-model'], groups: rowGroups(pairs.train, train.ids) }));

const tp = await predictEnsemble({ ...model, manifest }, test.x, test.n);
const m = inverseMetrics(g2.centresAngstrom, tp.mean, tp.sigmaRaw, tp.sigma, test.y, test.n);
manifest.metrics = metricsSummary(m);
for (const { source, dataset } of extraTests) {
  const p = await predictEnsemble({ ...model, manifest }, dataset.x, dataset.n);
  const e = inverseMetrics(g2.centresAngstrom, p.mean, p.sigmaRaw, p.sigma, dataset.y, dataset.n);
  Object.assign(manifest.metrics, { [`${source}.testSamples`]: dataset.n, [`${source}.medianMse`]: e.mse.median, [`${source}.firstShellErrorMedianAngstrom`]: e.firstShellError.median });
  log(`${source} test split (${dataset.n} sites of held-out materials): median MSE ${e.mse.median.toPrecision(3)}, first-shell error median ${e.firstShellError.median.toFixed(3)} Å`);
}
manifest.training.wallTimeS = Math.round((performance.now() - t0) / 1000);
writeFileAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
log(`done in ${manifest.training.wallTimeS} s: test median MSE ${m.mse.median.toPrecision(3)}, first-shell error median ${m.firstShellError.median.toFixed(3)} Å, coverage ±2σ ${m.coverageRaw.median.toFixed(2)} → ${m.coverageCalibrated.median.toFixed(2)} (calibrated), Pearson(σ, MSE) ${m.pearsonSigmaMse.calibrated.toFixed(2)}`);
log(`wrote ${relative(REPO_ROOT, outDir)}/ensemble.onnx and manifest.json`);
