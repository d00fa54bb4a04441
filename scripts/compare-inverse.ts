/**
 * Design comparison for the inverse CNN, one member per variant, same seed, data and epochs:
 *   A. the paper's recipe: plain MSE, no augmentation;
 *   B. inverse-variance loss weights per G2 bin (far shells count as much as the first shell);
 *   C. B + augmentation (misalignment, extra broadening, noise, scale);
 *   D. plain MSE + augmentation.
 * Each is scored on the calibration split (held out of training, the split the shipped models are
 * chosen on; the test split is not touched), clean and with a +1 eV misalignment, with the metrics
 * of the evaluation.
 *
 *   npm run compare:inverse -- --element Fe [--epochs N]   → reports/inverse-<el>-design.{json,md}
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/cli/args.ts';
import { AUGMENT_DEFAULTS, cnnConfig, predictCnn, trainModel } from '../src/inverse/index.ts';
import { buildInverseDataset } from '../src/inverse/dataset.ts';
import { inverseVarianceWeights } from '../src/inverse/loss-weights.ts';
import { inverseMetrics } from '../src/inverse/metrics.ts';
import { INVERSE_TARGETS, targetSplits } from '../src/inverse/targets.ts';
import type { InverseManifest } from '../src/inverse/manifest.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { g2Centres } from '../src/structure/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run compare:inverse -- --element Fe|Cu [options]', {
  element: { type: 'string', help: 'Fe or Cu' },
  data: { type: 'string', help: 'shared data folder' },
  epochs: { type: 'number', help: 'epochs per variant (default: those of the shipped model, else 50)' },
});
const element = String(options.element ?? 'Fe');
const target = INVERSE_TARGETS[element]!;
const manifestPath = join(MODELS_DIR, 'inverse', `${element.toLowerCase()}-k`, 'manifest.json');
const shippedTraining = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as InverseManifest).training : undefined;
const epochs = Number(options.epochs ?? shippedTraining?.epochs ?? 50);
const splits = targetSplits(String(options.data ?? defaultDataDir()), target);
const recipe = target.recipe;
const train = buildInverseDataset(splits.train, recipe);
const calib = buildInverseDataset(splits.calibration, recipe);
const K = train.outputLength;
const L = train.inputLength;
const r = g2Centres();

const weights = inverseVarianceWeights(train.y, train.n, K);

const shifted = new Float32Array(calib.x.length);
const d = 1 / recipe.grid.stepEv;
for (let s = 0; s < calib.n; s++) for (let i = 0; i < L; i++) shifted[s * L + i] = calib.x[s * L + Math.min(L - 1, i + d)]!;

const variants = [
  { name: 'A: plain MSE, no augmentation (paper)', lossWeights: undefined, augment: undefined },
  { name: 'B: inverse-variance loss weights', lossWeights: weights, augment: undefined },
  { name: 'C: B + augmentation', lossWeights: weights, augment: { ...AUGMENT_DEFAULTS, stepEv: recipe.grid.stepEv } },
  { name: 'D: plain MSE + augmentation', lossWeights: undefined, augment: { ...AUGMENT_DEFAULTS, stepEv: recipe.grid.stepEv } },
];
const config = cnnConfig({ inputLength: L, outputLength: K });
const zero = new Float32Array(calib.n * K);
const results = [];
for (const v of variants) {
  const t0 = performance.now();
  const { model } = await trainModel({ x: train.x, y: train.y, n: train.n, inputLength: L, outputLength: K }, config, {
    epochs,
    seed: 7,
    ...(v.lossWeights ? { lossWeights: v.lossWeights } : {}),
    ...(v.augment ? { augment: v.augment } : {}),
    onEpoch: (e) => void process.stderr.write(`\r${v.name} epoch ${e.epoch}/${e.epochs} loss ${e.trainLoss.toFixed(4)}   `),
  });
  process.stderr.write('\n');
  const clean = inverseMetrics(r, await predictCnn(model, calib.x, calib.n), zero, zero, calib.y, calib.n);
  const moved = inverseMetrics(r, await predictCnn(model, shifted, calib.n), zero, zero, calib.y, calib.n);
  results.push({ variant: v.name, seconds: Math.round((performance.now() - t0) / 1000), clean, shifted1Ev: moved });
}
mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true });
const base = join(REPO_ROOT, 'reports', `inverse-${element.toLowerCase()}-design`);
writeFileSync(`${base}.json`, JSON.stringify({ element, epochs, seed: 7, trainSamples: train.n, scoredOn: 'calibration', calibrationSamples: calib.n, results }, null, 1));
const f = (x: number, dd = 3) => (Number.isFinite(x) ? x.toFixed(dd) : '—');
// Which variant the shipped model's training record matches (read from its manifest, if there is one).
const shipped = shippedTraining
  ? `the shipped model was trained as variant ${shippedTraining.lossWeighting === 'inverse-variance' ? (shippedTraining.augment ? 'C' : 'B') : shippedTraining.augment ? 'D' : 'A'} (${shippedTraining.epochs} epochs)`
  : 'no shipped model';
writeFileSync(
  `${base}.md`,
  [
    `# Inverse ${element} K — design comparison (one member each, ${epochs} epochs, seed 7)`,
    '',
    `Generated by \`npm run compare:inverse -- --element ${element} --epochs ${epochs}\`; ${train.n} training spectra, scored on the ${calib.n} calibration spectra (held out of training; the test split is not used); ${shipped}.`,
    '',
    '| variant | median MSE | peak error 1–3.5 Å (median/mean) | peak error 3.5–6 Å (median/mean) | first shell error (median/mean) | first shell error after +1 eV misalignment (median/mean) |',
    '|---|---|---|---|---|---|',
    ...results.map((x) => `| ${x.variant} | ${x.clean.mse.median.toPrecision(3)} | ${f(x.clean.peakError1to3p5.median)} / ${f(x.clean.peakError1to3p5.mean)} | ${f(x.clean.peakError3p5to6.median)} / ${f(x.clean.peakError3p5to6.mean)} | ${f(x.clean.firstShellError.median)} / ${f(x.clean.firstShellError.mean)} | ${f(x.shifted1Ev.firstShellError.median)} / ${f(x.shifted1Ev.firstShellError.mean)} |`),
    '',
  ].join('\n'),
);
console.error(`wrote ${base}.{json,md}`);
