/**
 * Refits the uncertainty of a trained inverse model without retraining it: the distance-aware
 * error model (fitted on the out-of-bag predictions of the training rows, or with
 * `--error-model-fit calibration` on the calibration split) and the per-bin split-conformal
 * calibration on the calibration split (lab/inverse/calibrate.ts; train:inverse runs the same step at its end).
 *
 *   npm run calibrate:inverse -- --element Fe [--data ../shared/data] [--models models] [--no-error-model] [--error-model-fit out-of-bag|calibration]
 *
 * Rewrites models/inverse/<el>-k/manifest.json (`errorModel`, `calibration`, and the test metrics
 * summary) and error-reference.f32. Then run `npm run fit:confidence` (it sees the new σ as stale) and
 * `npm run eval:inverse -- --element Fe` afterwards: both depend on σ.
 */
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { calibrateInverseModel } from '../lab/inverse/calibrate.ts';
import { listInverseModels, loadInverseModelDir, predictEnsemble, readInverseManifest } from '../src/inverse/ensemble-model.ts';
import { inverseMetrics } from '../src/inverse/metrics.ts';
import { describeOutOfBagFit, recalibratedManifest } from '../lab/inverse/recalibrate.ts';
import { INVERSE_TARGETS, rowGroups } from '../src/inverse/targets.ts';
import { buildSourcesDataset, modelSourceSplits } from '../src/inverse/training-sources.ts';
import { defaultDataDir, MODELS_DIR } from '../src/paths.ts';
import { provenance } from '../lab/report/index.ts';
import { writeFileAtomic } from '../src/io/index.ts';

const t0 = performance.now();
const { options } = parseScriptArgs(process.argv.slice(2), 'npm run calibrate:inverse -- --element Fe|Cu [options]', {
  element: { type: 'string', help: 'Fe or Cu (default: every trained model)' },
  data: { type: 'string', help: 'shared data folder' },
  models: { type: 'string', help: 'models folder' },
  limit: { type: 'number', help: 'use only the first N pairs of each split (tests)' },
  'no-error-model': { type: 'boolean', help: 'σ = bootstrap spread only' },
  'error-model-fit': { type: 'string', help: 'rows the error model is fitted on: out-of-bag (default; the training rows) or calibration' },
});
const fitOn = String(options['error-model-fit'] ?? 'out-of-bag');
if (fitOn !== 'out-of-bag' && fitOn !== 'calibration') {
  console.error('error: --error-model-fit must be out-of-bag or calibration');
  process.exit(2);
}
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const limit = options.limit === undefined ? Infinity : Number(options.limit);
const available = listInverseModels(modelsDir);
const elements = options.element ? [String(options.element)] : [...available.keys()];
let failed = false;
for (const element of elements) {
  const dir = available.get(element);
  const target = INVERSE_TARGETS[element];
  if (!dir || !target) {
    console.error(`error: no trained ${element} inverse model in ${modelsDir} (have: ${[...available.keys()].join(', ') || 'none'})`);
    failed = true;
    continue;
  }
  const log = (msg: string) => process.stderr.write(`[calibrate-inverse ${element}] ${msg}\n`);
  const manifest = readInverseManifest(dir);
  // The model's own sources (manifest training.extraSources); the test metrics on its main source.
  const { splits, theories } = modelSourceSplits(dataDir, target, manifest, { limit, onSkip: (m) => log(`left out: ${m}`) });
  const build = (name: 'train' | 'calibration' | 'test', from: typeof splits) => {
    const ds = buildSourcesDataset(from, name, target, { recipe: manifest.recipe, theories, hooks: { onSkip: (p, why) => log(`skipped ${p.id}: ${why}`) } }).dataset;
    log(`${name}: ${ds.n} spectra`);
    return ds;
  };
  const train = build('train', splits), calib = build('calibration', splits), test = build('test', splits.slice(0, 1));
  const model = await loadInverseModelDir(dir);
  const fitted = await calibrateInverseModel({ ...model, manifest }, train, calib, {
    errorModel: options['no-error-model'] ? false : (fitOn as 'out-of-bag' | 'calibration'),
    groups: rowGroups(splits.flatMap((s) => s.train), train.ids),
  });
  const em = fitted.errorModel;
  if (em?.fit.note) log(em.fit.note);
  const oobLine = describeOutOfBagFit(em);
  if (oobLine) log(oobLine);
  const { errorModel: _old, ...rest } = manifest;
  const tp = await predictEnsemble({ ...model, manifest: { ...rest, ...fitted } }, test.x, test.n);
  const m = inverseMetrics(manifest.g2.r, tp.mean, tp.sigmaRaw, tp.sigma, test.y, test.n);
  const next = { ...recalibratedManifest(manifest, fitted, m), recalibrated: { command: `npm run calibrate:inverse -- ${process.argv.slice(2).join(' ')}`.trim(), at: new Date().toISOString(), ...provenance() } };
  writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(next, null, 1));
  log(`calibration split coverage ±${next.calibration.k}σ ${next.calibration.coverageBefore.toFixed(2)} → ${next.calibration.coverageAfter.toFixed(2)}${fitted.errorModel ? `, error-model fit ln-MSE Pearson ${fitted.errorModel.fit.pearsonLogMse.toFixed(2)}` : ''}`);
  log(`test: coverage ${m.coverageRaw.median.toFixed(2)} → ${m.coverageCalibrated.median.toFixed(2)}, Pearson(σ̄, MSE) ${m.pearsonSigmaMse.raw.toFixed(2)} raw → ${m.pearsonSigmaMse.calibrated.toFixed(2)} (ln–ln ${m.pearsonLogSigmaLogMse.calibrated.toFixed(2)}, Spearman ${m.spearmanSigmaMse.calibrated.toFixed(2)}), worst-decile coverage ${m.coverageWorstDecile.raw.toFixed(2)} → ${m.coverageWorstDecile.calibrated.toFixed(2)} (${Math.round((performance.now() - t0) / 1000)} s)`);
}
process.exit(failed ? 1 : 0);
