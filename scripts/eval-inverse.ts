/**
 * Evaluates a shipped inverse model on its held-out test split and on measured reference spectra.
 *
 *   npm run eval:inverse -- [--element Fe|Cu] [--data ../shared/data] [--models models]
 *
 * Writes reports/inverse-<el>.json and reports/inverse-<el>.md. Every number in them comes from here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/cli/args.ts';
import { readSpectrum } from '../src/io/index.ts';
import { buildInverseDataset } from '../src/inverse/dataset.ts';
import { calibrateInverseModel } from '../src/inverse/calibrate.ts';
import { calibrateSigma, loadInverseModel, predictEnsemble } from '../src/inverse/ensemble-model.ts';
import { describeErrorModelFit, formatErrorModel } from '../src/inverse/error-model-formula.ts';
import { inverseMetrics, metricsSummary, type InverseMetrics } from '../src/inverse/metrics.ts';
import { spearman, summarize } from '../src/stats/index.ts';
import { theoryToModelInput } from '../src/inverse/model-input.ts';
import { predictRdf } from '../src/inverse/rdf.ts';
import { crystallographicFirstShell, INVERSE_REFERENCE_COMPOUNDS } from '../src/inverse/reference-compounds.ts';
import { firstShellChange, shiftModelInputs } from '../src/inverse/robustness.ts';
import { INVERSE_TARGETS, targetSplits } from '../src/inverse/targets.ts';
import { prepareMeasured } from '../src/measured/index.ts';
import { assessRdf, problems } from '../src/confidence/index.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { gaussianBroaden } from '../src/spectrum/index.ts';
import { readStructure } from '../src/structure/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:inverse -- [options]', {
  element: { type: 'string', help: 'Fe or Cu (default: both)' },
  data: { type: 'string', help: 'shared data folder' },
  models: { type: 'string', help: 'models folder' },
});
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const elements = options.element ? [String(options.element)] : Object.keys(INVERSE_TARGETS);

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true });

for (const element of elements) {
  const target = INVERSE_TARGETS[element]!;
  if (!existsSync(join(modelsDir, 'inverse', `${element.toLowerCase()}-k`, 'manifest.json'))) {
    console.error(`no shipped ${element} model in ${modelsDir}; train it first (npm run train:inverse -- --element ${element})`);
    continue;
  }
  const model = await loadInverseModel(element, modelsDir);
  const recipe = model.manifest.recipe;
  const r = model.manifest.g2.r;
  const K = r.length;
  const L = recipe.grid.n;
  const { test: testPairs, calibration: calibrationPairs, train: trainPairs } = targetSplits(dataDir, target);
  const onSkip = (p: { id: string }, why: string) => console.error(`skipped ${p.id}: ${why}`);
  const test = buildInverseDataset(testPairs, recipe, {}, { onSkip });
  const pred = await predictEnsemble(model, test.x, test.n);
  const metrics: InverseMetrics = inverseMetrics(r, pred.mean, pred.sigmaRaw, pred.sigma, test.y, test.n);
  // Ablation: the same ensemble with σ = bootstrap spread + per-bin conformal only (no error model),
  // refitted on the same calibration split, so the report shows what the error model adds.
  const trainDs = buildInverseDataset(trainPairs, recipe, {}, { onSkip });
  const calibDs = buildInverseDataset(calibrationPairs, recipe, {}, { onSkip });
  const plain = await calibrateInverseModel(model, trainDs, calibDs, { errorModel: false });
  // Accuracy on the calibration split (no member trained on it; σ is fitted there, so only the mean is
  // scored): what a retrained model is chosen on, before the test split is looked at.
  const calibPred = await predictEnsemble(model, calibDs.x, calibDs.n);
  const calibAccuracy = inverseMetrics(r, calibPred.mean, calibPred.sigmaRaw, calibPred.sigma, calibDs.y, calibDs.n);
  const calibrationSplit = { samples: calibDs.n, medianMse: calibAccuracy.mse.median, meanMse: calibAccuracy.mse.mean, firstShellErrorMedian: calibAccuracy.firstShellError.median, firstShellErrorMean: calibAccuracy.firstShellError.mean };
  const plainMetrics = inverseMetrics(r, pred.mean, pred.sigmaRaw, calibrateSigma(pred.sigmaRaw, K, plain.calibration), test.y, test.n);
  // And the error model fitted on the calibration split alone (the σ shipped before the out-of-bag fit);
  // its reference file goes to a scratch folder, not the model's.
  const scratch = mkdtempSync(join(tmpdir(), 'xasinv-eval-'));
  let calibFitMetrics: InverseMetrics | undefined;
  try {
    if (model.manifest.errorModel?.fittedOn === 'out-of-bag') {
      const fitted = await calibrateInverseModel({ ...model, dir: scratch }, trainDs, calibDs, { errorModel: 'calibration' });
      const p2 = await predictEnsemble({ ...model, dir: scratch, manifest: { ...model.manifest, ...fitted } }, test.x, test.n);
      calibFitMetrics = inverseMetrics(r, p2.mean, p2.sigmaRaw, p2.sigma, test.y, test.n);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.error(`[eval-inverse ${element}] test: ${test.n} spectra, median MSE ${metrics.mse.median.toPrecision(3)}, first shell median error ${fmt(metrics.firstShellError.median)} Å`);

  // Robustness: first-shell distance change under a ±1 eV residual misalignment (input shifted on
  // the model grid) and +1 eV FWHM extra Gaussian broadening of the raw theory spectrum.
  const shifted = async (deltaEv: number) => {
    const p = await predictEnsemble(model, shiftModelInputs(test.x, test.n, L, deltaEv / recipe.grid.stepEv), test.n);
    return firstShellChange(r, pred.mean, p.mean, test.n);
  };
  const byId = new Map(testPairs.map((p) => [p.id, p]));
  const xb = new Float32Array(test.x.length);
  test.ids.forEach((id, s) => {
    const sp = readSpectrum(byId.get(id)!.spectrumPath);
    xb.set(theoryToModelInput(sp.energyEv, gaussianBroaden(sp.energyEv, sp.mu, 1.0), recipe).x, s * L);
  });
  const pb = await predictEnsemble(model, xb, test.n);
  const robustness = {
    shiftPlus1Ev: await shifted(1),
    shiftMinus1Ev: await shifted(-1),
    extraBroadening1Ev: firstShellChange(r, pred.mean, pb.mean, test.n),
  };

  // Measured reference compounds.
  const measured = [];
  for (const ref of INVERSE_REFERENCE_COMPOUNDS[element] ?? []) {
    const row: Record<string, unknown> = { compound: ref.compound, spectrum: ref.spectrum, group: ref.group ?? null };
    try {
      const prepared = prepareMeasured(join(dataDir, ref.spectrum), { ...(ref.group ? { group: ref.group } : {}), element });
      const rdf = await predictRdf(prepared, { modelsDir });
      row.predictedAngstrom = rdf.firstShell.r;
      row.predictedSigmaAngstrom = rdf.firstShell.sigma;
      row.warnings = rdf.warnings;
      const confidence = await assessRdf(prepared, rdf, model);
      row.confidence = { verdict: confidence.verdict, score: confidence.score, problems: problems(confidence).map((r) => r.check) };
    } catch (err) {
      row.error = (err as Error).message;
    }
    if (ref.structure) {
      const c = crystallographicFirstShell(readStructure(join(dataDir, ref.structure)), element);
      row.crystallographicAngstrom = c.g2Peak;
      row.nearestNeighbourAngstrom = c.nearest;
      row.structure = ref.structure;
    } else {
      row.crystallographicAngstrom = ref.literatureAngstrom;
      row.nearestNeighbourAngstrom = ref.literatureAngstrom;
      row.structureNote = ref.note;
    }
    if (typeof row.predictedAngstrom === 'number') row.errorAngstrom = Math.abs((row.predictedAngstrom as number) - (row.crystallographicAngstrom as number));
    measured.push(row);
  }
  const measuredErrors = measured.map((m) => m.errorAngstrom as number).filter(Number.isFinite);

  const report = {
    element,
    model: { id: model.manifest.id, version: model.manifest.version, members: model.manifest.members, created: model.manifest.created },
    testSplit: { source: target.source, samples: test.n },
    metrics,
    calibrationSplit,
    sigmaWithoutErrorModel: { calibration: plain.calibration, metrics: plainMetrics },
    ...(calibFitMetrics ? { sigmaErrorModelFittedOnCalibration: { metrics: calibFitMetrics } } : {}),
    robustness,
    measured,
    measuredFirstShellErrorMedianAngstrom: summarize(measuredErrors).median,
    calibration: model.manifest.calibration,
    training: model.manifest.training,
    paper: { source: 'David et al., Digital Discovery 2023 (Fe K, held-out theory)', medianMse: 0.1, meanMse: 0.2, peak1to3p5: { median: 0, mean: 0.07, iqr: 0.1 }, peak3p5to6: { median: 0.2, mean: 0.22, iqr: 0.2 }, medianCoverage2Sigma: 0.64, pearsonSigmaMse: 0.72, experimentFirstShellMedian: 0.1 },
  };
  const base_ = join(REPO_ROOT, 'reports', `inverse-${element.toLowerCase()}`);
  writeFileSync(`${base_}.json`, JSON.stringify(report, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v), 1));
  const m = metrics;
  const md = [
    `# Inverse model ${element} K — evaluation`,
    '',
    `Model \`${model.manifest.id}\` v${model.manifest.version} (${model.manifest.members} bootstrap members, trained ${model.manifest.created.slice(0, 10)}, ${model.manifest.training.wallTimeS} s). Generated by \`npm run eval:inverse -- --element ${element}\`.`,
    `Test split: ${test.n} spectra of \`${target.source}\` never seen in training or calibration.`,
    `Calibration split (${calibrationSplit.samples} spectra, no member trained on them; a retrained model is chosen on these numbers before the test split is looked at): median MSE of G2 ${calibrationSplit.medianMse.toPrecision(3)}, mean ${calibrationSplit.meanMse.toPrecision(3)}; first-shell distance error median ${fmt(calibrationSplit.firstShellErrorMedian)} Å, mean ${fmt(calibrationSplit.firstShellErrorMean)} Å.`,
    '',
    '| metric | xasinv | David et al. 2023 (Fe) |',
    '|---|---|---|',
    `| median MSE of G2 | ${m.mse.median.toPrecision(3)} | 0.1 |`,
    `| mean MSE of G2 | ${m.mse.mean.toPrecision(3)} | 0.2 |`,
    `| peak position 1–3.5 Å: median / mean / IQR (Å) | ${fmt(m.peakError1to3p5.median)} / ${fmt(m.peakError1to3p5.mean)} / ${fmt(m.peakError1to3p5.iqr)} | 0 / 0.07 / 0.1 |`,
    `| peak position 3.5–6 Å: median / mean / IQR (Å) | ${fmt(m.peakError3p5to6.median)} / ${fmt(m.peakError3p5to6.mean)} / ${fmt(m.peakError3p5to6.iqr)} | 0.2 / 0.22 / 0.2 |`,
    `| first-shell distance error: median / mean (Å) | ${fmt(m.firstShellError.median)} / ${fmt(m.firstShellError.mean)} | — |`,
    `| median coverage within ±2σ, raw bootstrap | ${fmt(m.coverageRaw.median, 2)} | 0.64 |`,
    `| median coverage within ±2σ, calibrated | ${fmt(m.coverageCalibrated.median, 2)} (pooled ${fmt(m.coverageCalibrated.pooled, 2)}) | — |`,
    `| Pearson(σ̄, MSE) per spectrum, reported σ | ${fmt(m.pearsonSigmaMse.calibrated, 2)} (ln–ln ${fmt(m.pearsonLogSigmaLogMse.calibrated, 2)}, Spearman ${fmt(m.spearmanSigmaMse.calibrated, 2)}) | 0.72 |`,
    `| Pearson(σ̄, MSE) per spectrum, raw bootstrap σ | ${fmt(m.pearsonSigmaMse.raw, 2)} (ln–ln ${fmt(m.pearsonLogSigmaLogMse.raw, 2)}, Spearman ${fmt(m.spearmanSigmaMse.raw, 2)}) | 0.72 |`,
    `| Pearson(√MSE, MSE): the same with σ̄ = each spectrum's own RMS error (an ideal calibrated σ) | ${fmt(m.pearsonRmsMse, 2)} | |`,
    `| median ±2σ coverage of the 10 % worst spectra (by MSE): raw → reported | ${fmt(m.coverageWorstDecile.raw, 2)} → ${fmt(m.coverageWorstDecile.calibrated, 2)} | — |`,
    '',
    'σ variants on the test split (all calibrated on the same calibration split):',
    '',
    '| σ | median ±2σ coverage | pooled | worst-decile coverage | Pearson(σ̄, MSE) | ln–ln | Spearman |',
    '|---|---|---|---|---|---|---|',
    ...([
      ['bootstrap spread + per-bin conformal', plainMetrics],
      ...(calibFitMetrics ? ([['distance-aware, error model fitted on the calibration split + per-bin conformal', calibFitMetrics]] as const) : []),
      [model.manifest.errorModel ? `distance-aware (error model${model.manifest.errorModel.fittedOn === 'out-of-bag' ? ' fitted on out-of-bag training rows' : ''}) + per-bin conformal — shipped` : 'shipped', m],
    ] as const).map(
      ([name, x]) => `| ${name} | ${fmt(x.coverageCalibrated.median, 2)} | ${fmt(x.coverageCalibrated.pooled, 2)} | ${fmt(x.coverageWorstDecile.calibrated, 2)} | ${fmt(x.pearsonSigmaMse.calibrated, 2)} | ${fmt(x.pearsonLogSigmaLogMse.calibrated, 2)} | ${fmt(x.spearmanSigmaMse.calibrated, 2)} |`,
    ),
    '',
    `Unmatched target peaks (no predicted peak in the region): ${m.peakError1to3p5.unmatched} (1–3.5 Å), ${m.peakError3p5to6.unmatched} (3.5–6 Å); spectra without a first-shell maximum: ${m.firstShellError.missing}.`,
    '',
    '## Calibration',
    '',
    ...(model.manifest.errorModel
      ? [
          `Distance-aware σ (src/inverse/error-model.ts): each spectrum's ensemble σ is rescaled so that its mean square equals the MSE predicted by ln MSE = ${formatErrorModel(model.manifest.errorModel.weights, model.manifest.errorModel.features)} (d = mean distance to the ${model.manifest.errorModel.k} nearest of ${model.manifest.errorModel.reference.n} training targets / inputs), ${describeErrorModelFit(model.manifest.errorModel)}.`,
          '',
        ]
      : ['No error model: σ is the bootstrap spread.', '']),
    `Split-conformal σ scale on ${model.manifest.calibration.samples} calibration spectra (held out of the bootstrap), per G2 bin, for ${Math.round(model.manifest.calibration.coverage * 100)} % of points within ±${model.manifest.calibration.k}σ. Global scale ${fmt(model.manifest.calibration.scale, 2)}. Median coverage on the calibration split ${fmt(model.manifest.calibration.coverageBefore, 2)} → ${fmt(model.manifest.calibration.coverageAfter, 2)}; on the test split ${fmt(m.coverageRaw.median, 2)} → ${fmt(m.coverageCalibrated.median, 2)}.`,
    '',
    '## Robustness (change of the predicted first-shell distance, Å)',
    '',
    '| perturbation | median | mean | IQR |',
    '|---|---|---|---|',
    `| +1 eV misalignment | ${fmt(robustness.shiftPlus1Ev.median)} | ${fmt(robustness.shiftPlus1Ev.mean)} | ${fmt(robustness.shiftPlus1Ev.iqr)} |`,
    `| −1 eV misalignment | ${fmt(robustness.shiftMinus1Ev.median)} | ${fmt(robustness.shiftMinus1Ev.mean)} | ${fmt(robustness.shiftMinus1Ev.iqr)} |`,
    `| +1 eV FWHM Gaussian broadening | ${fmt(robustness.extraBroadening1Ev.median)} | ${fmt(robustness.extraBroadening1Ev.mean)} | ${fmt(robustness.extraBroadening1Ev.iqr)} |`,
    '',
    '## Measured reference compounds',
    '',
    '| compound | spectrum | predicted first shell (Å) | crystallographic G2 peak (Å) | nearest neighbour (Å) | error (Å) | confidence (score; checks not ok) |',
    '|---|---|---|---|---|---|---|',
    ...measured.map((x) => {
      const c = x.confidence as { verdict: string; score: number; problems: string[] } | undefined;
      return `| ${x.compound} | \`${x.spectrum}\`${x.group ? ` [${x.group}]` : ''} | ${x.error ? `error: ${x.error}` : `${fmt(x.predictedAngstrom as number, 2)} ± ${fmt(x.predictedSigmaAngstrom as number, 2)}`} | ${fmt(x.crystallographicAngstrom as number, 2)} | ${fmt(x.nearestNeighbourAngstrom as number, 2)} | ${fmt(x.errorAngstrom as number, 2)} | ${c ? `${c.verdict} (${fmt(c.score, 2)}${c.problems.length ? `; ${c.problems.join(', ')}` : ''})` : '—'} |`;
    }),
    '',
    `Median first-shell error on these measured spectra: ${fmt(report.measuredFirstShellErrorMedianAngstrom, 2)} Å (David et al.: 0.1 Å on their experimental set).`,
    '',
    (() => {
      const rows = measured.filter((x) => typeof x.errorAngstrom === 'number' && x.confidence);
      const rho = spearman(rows.map((x) => (x.confidence as { score: number }).score), rows.map((x) => x.errorAngstrom as number));
      return `Confidence is the verdict \`xasinv rdf\` prints. Spearman(score, first-shell error) over these ${rows.length} compounds: ${fmt(rho, 2)} (−1 would mean the score ranks them by error exactly).`;
    })(),
    '',
  ].join('\n');
  writeFileSync(`${base_}.md`, md);
  // Keep the manifest's summary in step with the report (same definitions, same test split).
  const manifestPath = join(model.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.metrics = { ...metricsSummary(m), measuredFirstShellErrorMedianAngstrom: report.measuredFirstShellErrorMedianAngstrom };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  console.error(`[eval-inverse ${element}] wrote reports/inverse-${element.toLowerCase()}.{json,md}`);
}
