/**
 * Evaluates a shipped inverse model on its held-out test split and on measured reference spectra.
 *
 *   npm run eval:inverse -- [--element Fe|Cu] [--data ../shared/data] [--models models]
 *     [--report reports/inverse-fe] [--compare reports/other.json]
 *
 * Writes reports/inverse-<el>.json and reports/inverse-<el>.md (or `--report <prefix>`.{json,md}).
 * Every number in them comes from here. Besides the main test split it scores the test split of
 * every extra source the target allows (Fe: the FEFF crystal sites of held-out minerals), whether
 * or not the model trained on that source. `--compare` adds a side-by-side table with an earlier
 * report (e.g. another model's) on the same measured spectra and test splits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { readSpectrum } from '../src/io/index.ts';
import { buildInverseDataset } from '../src/inverse/dataset.ts';
import { calibrateInverseModel } from '../lab/inverse/calibrate.ts';
import { calibrateSigma, loadInverseModel, predictEnsemble } from '../src/inverse/ensemble-model.ts';
import { describeErrorModelFit, formatErrorModel } from '../lab/inverse/error-model-formula.ts';
import { inverseMetrics, metricsSummary, type InverseMetrics } from '../src/inverse/metrics.ts';
import { spearman, summarize } from '../src/stats/index.ts';
import { theoryToModelInput } from '../src/inverse/model-input.ts';
import { predictRdf } from '../src/inverse/rdf.ts';
import { crystallographicFirstShell, INVERSE_REFERENCE_COMPOUNDS } from '../lab/inverse/reference-compounds.ts';
import { firstShellChange, shiftModelInputs } from '../src/inverse/robustness.ts';
import { INVERSE_TARGETS } from '../src/inverse/targets.ts';
import { buildSourcesDataset, manifestSources, modelSourceSplits, sourceRecipe } from '../src/inverse/training-sources.ts';
import { listPairs, type Pair, type PairSource } from '../src/data/pairs.ts';
import { feffCrystalMaterialKey } from '../src/data/fe-feff-crystals.ts';
import { buildComparison, type InverseReportSummary } from '../lab/inverse/report-comparison.ts';
import { prepareMeasured } from '../src/measured/index.ts';
import { assessRdf, problems } from '../src/confidence/index.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { gaussianBroaden } from '../src/spectrum/index.ts';
import { readStructure } from '../src/structure/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:inverse -- [options]', {
  element: { type: 'string', help: 'Fe or Cu (default: both)' },
  data: { type: 'string', help: 'shared data folder' },
  models: { type: 'string', help: 'models folder' },
  report: { type: 'string', help: 'report path prefix (default reports/inverse-<el>; needs --element)' },
  compare: { type: 'string', help: 'an earlier report JSON to compare with (same element)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const elements = options.element ? [String(options.element)] : Object.keys(INVERSE_TARGETS);
if ((options.report || options.compare) && elements.length !== 1) {
  console.error('error: --report and --compare need --element');
  process.exit(2);
}
const commandLine = `npm run eval:inverse -- --element ${elements.join(',')}${options.models ? ` --models ${String(options.models)}` : ''}${options.report ? ` --report ${String(options.report)}` : ''}${options.compare ? ` --compare ${String(options.compare)}` : ''}`;

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
  // The model's own sources (its manifest's); the main test split first.
  const { splits, theories } = modelSourceSplits(dataDir, target, model.manifest, { onSkip: (m) => console.error(`left out: ${m}`) });
  const testPairs = splits[0]!.test;
  const onSkip = (p: { id: string }, why: string) => console.error(`skipped ${p.id}: ${why}`);
  const test = buildInverseDataset(testPairs, recipe, {}, { onSkip });
  const pred = await predictEnsemble(model, test.x, test.n);
  const metrics: InverseMetrics = inverseMetrics(r, pred.mean, pred.sigmaRaw, pred.sigma, test.y, test.n);
  // Ablation: the same ensemble with σ = bootstrap spread + per-bin conformal only (no error model),
  // refitted on the same calibration split, so the report shows what the error model adds.
  const trainDs = buildSourcesDataset(splits, 'train', target, { recipe, theories, hooks: { onSkip } }).dataset;
  const calibDs = buildSourcesDataset(splits, 'calibration', target, { recipe, theories, hooks: { onSkip } }).dataset;
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

  // Test splits of the target's extra sources (held-out materials), trained on or not.
  const used = manifestSources(model.manifest);
  const extraPairs = new Map<PairSource, Pair[]>();
  const extraTests: { source: PairSource; trainedOn: boolean; samples: number; materials: number; metrics: InverseMetrics }[] = [];
  for (const source of Object.keys(target.extraSources ?? {}) as PairSource[]) {
    const trainedOn = used.extra.includes(source);
    const pairs = listPairs(dataDir, source, trainedOn ? used.listOptions : {});
    extraPairs.set(source, pairs);
    const held = pairs.filter((p) => p.split === 'test');
    if (held.length === 0) continue;
    const ds = buildInverseDataset(held, sourceRecipe(target, source, recipe, theories[source]), {}, { onSkip });
    const p = await predictEnsemble(model, ds.x, ds.n);
    extraTests.push({ source, trainedOn, samples: ds.n, materials: new Set(held.map((h) => h.materialId ?? h.id)).size, metrics: inverseMetrics(r, p.mean, p.sigmaRaw, p.sigma, ds.y, ds.n) });
    console.error(`[eval-inverse ${element}] ${source} test split: ${ds.n} sites, median MSE ${extraTests.at(-1)!.metrics.mse.median.toPrecision(3)}, first shell median error ${fmt(extraTests.at(-1)!.metrics.firstShellError.median)} Å`);
  }
  // The split of each reference's mineral among the FEFF Fe crystal sites (train: a crystals model saw FEFF spectra of it).
  const crystalPairs = extraPairs.get('fe-k-feff-crystals') ?? [];
  const splitOfMineral = new Map(crystalPairs.map((p) => [feffCrystalMaterialKey(p.structurePath), p.split]));
  const crystalSplitOf = (ref: { structure?: string; mineral?: string }): string | null => {
    const name = ref.mineral ?? ref.structure;
    return name === undefined ? null : (splitOfMineral.get(feffCrystalMaterialKey(ref.mineral ? `${ref.mineral}.cif` : name)) ?? null);
  };

  // Measured reference compounds.
  const measured = [];
  for (const ref of INVERSE_REFERENCE_COMPOUNDS[element] ?? []) {
    const row: Record<string, unknown> = { compound: ref.compound, spectrum: ref.spectrum, group: ref.group ?? null, ...(crystalPairs.length > 0 ? { feffCrystalSplit: crystalSplitOf(ref) } : {}) };
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
  // The same median over the references whose mineral is not among the crystal training sites.
  const unseenErrors = measured.filter((m) => m.feffCrystalSplit !== 'train').map((m) => m.errorAngstrom as number).filter(Number.isFinite);

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
    measuredFirstShellErrorMeanAngstrom: summarize(measuredErrors).mean,
    ...(crystalPairs.length > 0 ? { measuredNotInCrystalTraining: { count: unseenErrors.length, firstShellErrorMedianAngstrom: summarize(unseenErrors).median } } : {}),
    extraTestSplits: extraTests.map((e) => ({ source: e.source, trainedOn: e.trainedOn, samples: e.samples, materials: e.materials, medianMse: e.metrics.mse.median, meanMse: e.metrics.mse.mean, firstShellErrorMedianAngstrom: e.metrics.firstShellError.median, firstShellErrorMeanAngstrom: e.metrics.firstShellError.mean, coverageCalibratedMedian: e.metrics.coverageCalibrated.median })),
    command: commandLine,
    calibration: model.manifest.calibration,
    training: model.manifest.training,
    paper: { source: 'David et al., Digital Discovery 2023 (Fe K, held-out theory)', medianMse: 0.1, meanMse: 0.2, peak1to3p5: { median: 0, mean: 0.07, iqr: 0.1 }, peak3p5to6: { median: 0.2, mean: 0.22, iqr: 0.2 }, medianCoverage2Sigma: 0.64, pearsonSigmaMse: 0.72, experimentFirstShellMedian: 0.1 },
  };
  const base_ = options.report ? String(options.report).replace(/\.(json|md)$/, '') : join(REPO_ROOT, 'reports', `inverse-${element.toLowerCase()}`);
  writeFileSync(`${base_}.json`, JSON.stringify(report, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v), 1));
  const m = metrics;
  const md = [
    `# Inverse model ${element} K — evaluation`,
    '',
    `Model \`${model.manifest.id}\` v${model.manifest.version} (${model.manifest.members} bootstrap members, trained ${model.manifest.created.slice(0, 10)}, ${model.manifest.training.wallTimeS} s, on \`${model.manifest.training.data}\`${model.manifest.training.extraSources?.length ? ` — ${model.manifest.training.extraSources.map((u) => `${u.source}: ${u.samples.train} training sites ×${u.repeat}, ${u.samples.calibration} in the calibration split`).join('; ')}` : ''}; \`${model.manifest.training.command}\`). Generated by \`${commandLine}\`.`,
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
    ...(extraTests.length > 0
      ? [
          '## Held-out test splits of other sources',
          '',
          '| source | trained on it | sites (materials) | median MSE of G2 | first-shell error median / mean (Å) | median ±2σ coverage |',
          '|---|---|---|---|---|---|',
          ...extraTests.map((e) => `| \`${e.source}\` (test split: materials no member trained on) | ${e.trainedOn ? 'yes (its train split)' : 'no'} | ${e.samples} (${e.materials}) | ${e.metrics.mse.median.toPrecision(3)} | ${fmt(e.metrics.firstShellError.median)} / ${fmt(e.metrics.firstShellError.mean)} | ${fmt(e.metrics.coverageCalibrated.median, 2)} |`),
          '',
        ]
      : []),
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
    `| compound | spectrum | predicted first shell (Å) | crystallographic G2 peak (Å) | nearest neighbour (Å) | error (Å) |${crystalPairs.length > 0 ? ' FEFF crystal split of the mineral |' : ''} confidence (score; checks not ok) |`,
    `|---|---|---|---|---|---|${crystalPairs.length > 0 ? '---|' : ''}---|`,
    ...measured.map((x) => {
      const c = x.confidence as { verdict: string; score: number; problems: string[] } | undefined;
      return `| ${x.compound} | \`${x.spectrum}\`${x.group ? ` [${x.group}]` : ''} | ${x.error ? `error: ${x.error}` : `${fmt(x.predictedAngstrom as number, 2)} ± ${fmt(x.predictedSigmaAngstrom as number, 2)}`} | ${fmt(x.crystallographicAngstrom as number, 2)} | ${fmt(x.nearestNeighbourAngstrom as number, 2)} | ${fmt(x.errorAngstrom as number, 3)} |${crystalPairs.length > 0 ? ` ${(x.feffCrystalSplit as string | null) ?? 'not computed'} |` : ''} ${c ? `${c.verdict} (${fmt(c.score, 2)}${c.problems.length ? `; ${c.problems.join(', ')}` : ''})` : '—'} |`;
    }),
    '',
    `Median first-shell error on these ${measuredErrors.length} measured spectra: ${fmt(report.measuredFirstShellErrorMedianAngstrom, 3)} Å, mean ${fmt(report.measuredFirstShellErrorMeanAngstrom, 3)} Å (David et al.: 0.1 Å median on their experimental set).${crystalPairs.length > 0 ? ` On the ${unseenErrors.length} whose mineral is not among the FEFF crystal training sites: median ${fmt(summarize(unseenErrors).median, 3)} Å.` : ''}`,
    '',
    (() => {
      const rows = measured.filter((x) => typeof x.errorAngstrom === 'number' && x.confidence);
      const rho = spearman(rows.map((x) => (x.confidence as { score: number }).score), rows.map((x) => x.errorAngstrom as number));
      return `Confidence is the verdict \`xasinv rdf\` prints. Spearman(score, first-shell error) over these ${rows.length} compounds: ${fmt(rho, 2)} (−1 would mean the score ranks them by error exactly).`;
    })(),
    '',
    ...(options.compare ? buildComparison(JSON.parse(readFileSync(String(options.compare), 'utf8')) as InverseReportSummary, report as unknown as InverseReportSummary, String(options.compare)) : []),
  ].join('\n');
  writeFileSync(`${base_}.md`, md);
  // Keep the manifest's summary in step with the report (same definitions, same test split).
  const manifestPath = join(model.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.metrics = {
    ...metricsSummary(m),
    measuredFirstShellErrorMedianAngstrom: report.measuredFirstShellErrorMedianAngstrom,
    measuredReferences: measuredErrors.length,
    ...Object.fromEntries(extraTests.flatMap((e) => [[`${e.source}.testSamples`, e.samples], [`${e.source}.medianMse`, e.metrics.mse.median], [`${e.source}.firstShellErrorMedianAngstrom`, e.metrics.firstShellError.median]])),
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  console.error(`[eval-inverse ${element}] wrote ${base_}.{json,md}; median first-shell error on ${measuredErrors.length} measured spectra ${fmt(report.measuredFirstShellErrorMedianAngstrom)} Å`);
}
