/**
 * Fits the confidence reference of every trained inverse model (run after train:inverse):
 * PCA + k-NN reference of the training inputs, and the held-out distributions and thresholds of
 * distance, ensemble spread and sensitivity.
 *
 *   npm run fit:confidence -- [--element Fe|Cu] [--data ../shared/data] [--models models] [--force]
 *
 * Writes models/inverse/<el>-k/ood.json and the thresholds into the manifest's `confidence` field,
 * and models/forward/<id>/ood.json (per-absorber environment references) for every forward model.
 * Idempotent: a model whose ood.json matches its manifest (`created`) is skipped unless --force.
 */
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { fitConfidence, fitForwardConfidence, forwardModelDirs, oodIsCurrent, oodPath, readForwardOod, readOodFile, recordConfidenceInManifest, writeForwardOod, writeOodFile } from '../src/confidence/index.ts';
import { buildForwardDataset } from '../src/forward/dataset.ts';
import { descriptorParamsOf, trainingSourcesOf } from '../src/forward/manifest.ts';
import { closeForwardModel, loadForwardModel } from '../src/forward/predict.ts';
import { listInverseModels, loadInverseModelDir } from '../src/inverse/ensemble-model.ts';
import { INVERSE_TARGETS } from '../src/inverse/targets.ts';
import { buildSourcesDataset, modelSourceSplits } from '../src/inverse/training-sources.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { provenance } from '../lab/report/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run fit:confidence -- [options]', {
  element: { type: 'string', help: 'Fe or Cu (default: every trained model)' },
  data: { type: 'string', help: 'shared data folder' },
  models: { type: 'string', help: 'models folder' },
  limit: { type: 'number', help: 'use only the first N pairs of each split (tests)' },
  'reference-size': { type: 'number', help: 'projected training inputs kept for k-NN (1000)' },
  components: { type: 'number', help: 'PCA components (20)' },
  force: { type: 'boolean', help: 'refit even when ood.json is up to date' },
  'skip-forward': { type: 'boolean', help: 'only the inverse models' },
  'skip-inverse': { type: 'boolean', help: 'only the forward models' },
});
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const limit = options.limit === undefined ? Infinity : Number(options.limit);
const models = listInverseModels(modelsDir);
const elements = options['skip-inverse'] ? [] : options.element ? [String(options.element)] : [...models.keys()];
if (elements.length === 0) console.error(`[fit-confidence] no inverse models under ${modelsDir}/inverse; train them first`);

for (const element of elements) {
  const log = (msg: string) => process.stderr.write(`[fit-confidence ${element}] ${msg}\n`);
  const dir = models.get(element);
  const target = INVERSE_TARGETS[element];
  if (!dir || !target) {
    log(`no trained model or no target definition; skipped`);
    continue;
  }
  const model = await loadInverseModelDir(dir);
  const existing = readOodFile(dir);
  if (existing && oodIsCurrent(existing, model.manifest) && !options.force) {
    log(`${oodPath(dir)} is up to date (model created ${model.manifest.created}, same σ calibration); --force to refit`);
    continue;
  }
  const t0 = performance.now();
  // The training and calibration rows of every source the model used (its manifest's).
  const { splits, theories } = modelSourceSplits(dataDir, target, model.manifest, { limit, onSkip: (m) => log(`left out: ${m}`) });
  const onSkip = (p: { id: string }, why: string) => log(`skipped ${p.id}: ${why}`);
  const build = (which: 'train' | 'calibration') => buildSourcesDataset(splits, which, target, { recipe: model.manifest.recipe, theories, hooks: { onSkip } }).dataset;
  const train = build('train');
  const calibration = build('calibration');
  log(`train ${train.n}, calibration ${calibration.n} inputs`);
  const command = `npm run fit:confidence -- --element ${element}${Number.isFinite(limit) ? ` --limit ${limit}` : ''}`;
  const ood = await fitConfidence(model, train, calibration, {
    split: target.calibration === 'val' ? 'val' : 'calibration (seeded hold-out of train)',
    command,
    ...(options['reference-size'] ? { referenceSize: Number(options['reference-size']) } : {}),
    ...(options.components ? { components: Number(options.components) } : {}),
  });
  const path = writeOodFile(dir, { ...ood, ...provenance() });
  // Thresholds also go into the manifest (read-modify-write of the `confidence` key only).
  recordConfidenceInManifest(dir, ood);
  const t = ood.thresholds;
  log(`distance caution ${t.distance.caution.toPrecision(3)} / unreliable ${t.distance.unreliable.toPrecision(3)}; spread ${t.spread.caution.toPrecision(3)} / ${t.spread.unreliable.toPrecision(3)}; sensitivity ${t.sensitivity.caution.toPrecision(3)} / ${t.sensitivity.unreliable.toPrecision(3)} Å`);
  log(`wrote ${path} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// Forward models: one environment reference per absorber.
const forwardDirs = options['skip-forward'] ? [] : forwardModelDirs(modelsDir, 'manifest.json');
for (const dir of forwardDirs) {
  const log = (msg: string) => process.stderr.write(`[fit-confidence forward] ${msg}\n`);
  const model = await loadForwardModel(dir);
  try {
    const existing = readForwardOod(dir);
    if (existing && existing.model.created === model.manifest.created && !options.force) {
      log(`${join(dir, 'ood.json')} is up to date; --force to refit`);
      continue;
    }
    const t0 = performance.now();
    const m = model.manifest;
    const ds = buildForwardDataset(dataDir, { gridEv: [...m.grid.energyEv], descriptor: descriptorParamsOf(m), absorbers: [...m.elements], sources: trainingSourcesOf(m), cacheDir: join(REPO_ROOT, '.cache', 'forward'), onProgress: log, ...(Number.isFinite(limit) ? { limitPerSource: limit } : {}) });
    const ood = await fitForwardConfidence(model, ds, { command: `npm run fit:confidence${Number.isFinite(limit) ? ` -- --limit ${limit}` : ''}` });
    for (const [el, a] of Object.entries(ood.absorbers)) log(`${el}: ${a.reference.trainingSamples} training sites, ${a.heldOut.samples} held-out; distance ${a.thresholds.distance.caution.toPrecision(3)} / ${a.thresholds.distance.unreliable.toPrecision(3)}, spread ${a.thresholds.spread.caution.toPrecision(3)} / ${a.thresholds.spread.unreliable.toPrecision(3)}`);
    log(`wrote ${writeForwardOod(dir, { ...ood, ...provenance() })} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } finally {
    await closeForwardModel(model);
  }
}
