/**
 * Validates the confidence verdicts against real errors.
 *
 *   npm run eval:confidence -- [--element Fe|Cu] [--data ../shared/data] [--models models] [--ood-limit N]
 *
 * For every inverse model with an ood.json (npm run fit:confidence):
 * 1. held-out test split: the theory spectrum, broadened as in training, is checked like a
 *    measurement (rule-based checks) and its model input like any prediction (data-driven checks);
 *    first-shell and G2 errors per verdict; Spearman between the score and the error;
 * 2. out-of-distribution: OmniXAS Co, Cr, Ni, Ti, V FEFF spectra (141 points, 0.25 eV from the
 *    per-element e_start) relabelled so their edge sits on the model element's edge; fraction
 *    `unreliable` overall, and by the training-distance check alone — (a) on the padded input and
 *    (b) on the part of the grid the 35 eV spectra cover (PCA + thresholds refitted on that window);
 *    the Cu OmniXAS spectra (same materials as the Cu test split) are the in-distribution control;
 * 3. measured Fe/Cu spectra of experimental/manifest.csv: verdicts and reasons;
 * 4. forward model (models/forward/<id> with ood.json): verdicts of the test sites (environment
 *    distance + ensemble spread) against the spectrum error, per absorber; and the full
 *    `xasinv predict` verdicts on the AMCSD mineral CIFs (where the training data end).
 *
 * Writes reports/confidence.json and reports/confidence.md; every number in them comes from here.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from '../src/cli/args.ts';
import {
  combineReasons,
  dataReasons,
  distanceReference,
  fitDistanceReference,
  inputStatistics,
  percentileOf,
  quantileAt,
  quantileTable,
  readOodFile,
  spectrumReasons,
  THRESHOLD_PERCENTILES,
  SCORE_PENALTY,
  trainingDistance,
  assessMeasured,
  problems,
  type Confidence,
  type OodFile,
  type Verdict,
} from '../src/confidence/index.ts';
import { edgeEnergy } from '../src/elements/index.ts';
import { buildInverseDataset, type InverseDataset } from '../src/inverse/dataset.ts';
import { listInverseModels, loadInverseModelDir, predictEnsemble, type InverseModel } from '../src/inverse/ensemble-model.ts';
import { firstShellDistance } from '../src/inverse/first-shell.ts';
import { spearman, summarize } from '../src/stats/index.ts';
import type { InverseRecipe } from '../src/inverse/model-input.ts';
import { INVERSE_TARGETS, targetSplits } from '../src/inverse/targets.ts';
import { readSpectrum, type Spectrum } from '../src/io/index.ts';
import { readdirSync } from 'node:fs';
import { buildForwardDataset } from '../src/forward/dataset.ts';
import { descriptorParamsOf } from '../src/forward/manifest.ts';
import { closeForwardModel, loadForwardModel, predictStructure } from '../src/forward/predict.ts';
import { readStructure } from '../src/structure/index.ts';
import { XasinvError } from '../src/errors.ts';
import { assessForward, forwardSiteReasons, oodIsCurrent, readForwardOod } from '../src/confidence/index.ts';
import { runModelOutputs } from '../src/onnx/session.ts';
import { prepareMeasured, prepareSpectrum } from '../src/measured/index.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { arctanBroaden, findE0, gaussianBroaden } from '../src/spectrum/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:confidence -- [options]', {
  element: { type: 'string', help: 'Fe or Cu (default: every model with an ood.json)' },
  data: { type: 'string', help: 'shared data folder' },
  models: { type: 'string', help: 'models folder' },
  'ood-limit': { type: 'number', help: 'at most N OmniXAS spectra per file (default all)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const modelsDir = String(options.models ?? MODELS_DIR);
const oodLimit = options['ood-limit'] === undefined ? Infinity : Number(options['ood-limit']);
const OOD_ELEMENTS = ['Co', 'Cr', 'Ni', 'Ti', 'V'];
const OMNIXAS = join(dataDir, 'spectra-only', 'omnixas-processed');
const VERDICTS: Verdict[] = ['ok', 'caution', 'unreliable'];
const log = (msg: string) => process.stderr.write(`[eval-confidence] ${msg}\n`);
const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const pctf = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');

/**
 * Theory spectra start only 5–30 eV below the edge, too short for a pre-edge line fit, while the
 * training pipeline assumes a flat baseline (mean of the first `baselineEv`). A measurement has a
 * pre-edge region, so 60 eV of that flat baseline are prepended (same spacing as the first step)
 * before the spectrum is checked as a measurement. Applied alike to test and OOD spectra.
 */
const PRE_EDGE_PAD_EV = 60;
function padPreEdge(s: Spectrum, baselineEv: number): Spectrum {
  const e = s.energyEv;
  const step = e[1]! - e[0]!;
  let base = 0;
  let c = 0;
  for (let i = 0; i < e.length && e[i]! <= e[0]! + baselineEv; i++, c++) base += s.mu[i]!;
  base /= Math.max(1, c);
  const n = Math.round(PRE_EDGE_PAD_EV / step);
  const energyEv = new Float64Array(n + e.length);
  const mu = new Float64Array(n + e.length);
  for (let i = 0; i < n; i++) {
    energyEv[i] = e[0]! - (n - i) * step;
    mu[i] = base;
  }
  energyEv.set(e, n);
  mu.set(s.mu, n);
  return { ...s, energyEv, mu, meta: { ...s.meta, headers: { ...s.meta.headers, dataStartEv: String(e[0]) } } };
}

/** A theory spectrum made to look like a measurement: the training broadening, as theoryToModelInput does, and a flat pre-edge. */
function theoryAsMeasured(s: Spectrum, recipe: InverseRecipe, element: string): Spectrum {
  let mu: Float64Array = s.mu;
  const t = recipe.theory;
  if (t.arctan) mu = arctanBroaden(s.energyEv, mu, { e0Ev: findE0(s.energyEv, mu).e0Ev, ...t.arctan });
  if (t.gaussianFwhmEv > 0) mu = gaussianBroaden(s.energyEv, mu, t.gaussianFwhmEv);
  return padPreEdge({ ...s, mu, meta: { ...s.meta, element, edge: 'K' } }, t.baselineEv);
}

/** e_start per element from OmniXAS transformations.yaml. */
function omnixasStarts(): Record<string, number> {
  const text = readFileSync(join(OMNIXAS, 'transformations.yaml'), 'utf8');
  const block = text.slice(text.indexOf('e_start:'));
  const out: Record<string, number> = {};
  for (const m of block.matchAll(/^\s+([A-Z][a-z]?):\s*([0-9.]+)/gm)) if (!(m[1]! in out)) out[m[1]!] = Number(m[2]);
  return out;
}

/** OmniXAS rows of `el` relabelled onto `modelElement`'s edge. */
function omnixasSpectra(el: string, modelElement: string, starts: Record<string, number>): Spectrum[] {
  const out: Spectrum[] = [];
  const shift = edgeEnergy(modelElement, 'K') - edgeEnergy(el, 'K');
  for (const split of ['test', 'val']) {
    const file = join(OMNIXAS, `${el}_FEFF_${split}_y.txt`);
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8').trim().split('\n').slice(0, oodLimit);
    rows.forEach((line, i) => {
      const mu = Float64Array.from(line.trim().split(/\s+/).map(Number));
      const energyEv = Float64Array.from(mu, (_, k) => starts[el]! + 0.25 * k + shift);
      out.push(padPreEdge({ energyEv, mu, meta: { format: 'columns', source: `${el}_FEFF_${split}_y.txt#${i}`, element: modelElement, edge: 'K', headers: {} }, warnings: [] }, 2));
    });
  }
  return out;
}

interface Row {
  confidence: Confidence;
  dataOnly: Confidence;
  distance: number;
  spread: number;
  sensitivity: number;
}

/** Full verdicts (rule-based + data-driven) of many spectra, with the model inputs the checks built. */
async function verdictsOf(model: InverseModel, ood: OodFile, spectra: Spectrum[], inputs?: InverseDataset): Promise<{ rows: Row[]; x: Float32Array; failed: number }> {
  const L = model.manifest.recipe.grid.n;
  const rules = spectra.map((s) => spectrumReasons(prepareSpectrum(s), model.manifest));
  const usable = rules.map((r, i) => (inputs ? i : r.input ? i : -1)).filter((i) => i >= 0);
  const x = new Float32Array(usable.length * L);
  usable.forEach((i, k) => x.set(inputs ? inputs.x.subarray(i * L, (i + 1) * L) : rules[i]!.input!.x, k * L));
  const stats = await inputStatistics(model, distanceReference(ood), x, usable.length);
  const rows = usable.map((i, k) => {
    const data = dataReasons(stats[k]!, ood);
    return { confidence: combineReasons([...rules[i]!.reasons, ...data]), dataOnly: combineReasons(data), distance: stats[k]!.distance, spread: stats[k]!.spread, sensitivity: stats[k]!.sensitivity };
  });
  return { rows, x, failed: spectra.length - usable.length };
}

function verdictShares(rows: { verdict: Verdict }[]): Record<Verdict, number> {
  const out = { ok: 0, caution: 0, unreliable: 0 };
  for (const r of rows) out[r.verdict]++;
  for (const v of VERDICTS) out[v] /= Math.max(1, rows.length);
  return out;
}

/** Grid window [i0, i1] covered by ≥ 90 % of the OmniXAS spectra (no clamped values inside). */
function coveredWindow(spectra: Spectrum[], model: InverseModel, rules: ReturnType<typeof spectrumReasons>[]): [number, number] {
  const g = model.manifest.recipe.grid;
  const lo: number[] = [];
  const hi: number[] = [];
  rules.forEach((r, i) => {
    if (!r.input) return;
    const e = spectra[i]!.energyEv;
    lo.push(Number(spectra[i]!.meta.headers.dataStartEv ?? e[0]) - r.input.e0Ev);
    hi.push(e[e.length - 1]! - r.input.e0Ev);
  });
  const a = quantileAt(quantileTable(lo), 0.9);
  const b = quantileAt(quantileTable(hi), 0.1);
  return [Math.max(0, Math.ceil((a - g.startEv) / g.stepEv)), Math.min(g.n - 1, Math.floor((b - g.startEv) / g.stepEv))];
}

function columns(x: Float32Array, n: number, L: number, [i0, i1]: [number, number]): Float32Array {
  const w = i1 - i0 + 1;
  const out = new Float32Array(n * w);
  for (let s = 0; s < n; s++) out.set(x.subarray(s * L + i0, s * L + i1 + 1), s * w);
  return out;
}

mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true });
const models = listInverseModels(modelsDir);
const elements = options.element ? [String(options.element)] : [...models.keys()];
const report: Record<string, unknown> = { generated: new Date().toISOString(), command: `npm run eval:confidence${options.element ? ` -- --element ${options.element}` : ''}`, inverse: {} as Record<string, unknown> };
const md: string[] = ['# Confidence verdicts — validation', '', `Generated by \`${report.command as string}\` on ${(report.generated as string).slice(0, 10)}. Verdicts: \`ok\` / \`caution\` / \`unreliable\`; score 0–1, higher = more trustworthy (mean of 1 − held-out percentile of ensemble spread and sensitivity, × ${SCORE_PENALTY.caution} per check at caution, × ${SCORE_PENALTY.unreliable} per check at unreliable). Thresholds: held-out percentiles ${JSON.stringify(THRESHOLD_PERCENTILES.distance)} of the calibration split, stored in \`models/inverse/<el>-k/ood.json\`.`, ''];
md.push(
  '## How a verdict is made',
  '',
  '| check | what | caution / unreliable when |',
  '|---|---|---|',
  '| element, edge | absorbing element known, modelled, K edge | guessed from E0 / no model, other edge, wrong model |',
  '| e0 | E0 (derivative maximum) vs the tabulated K edge; another element\'s K edge closer | > 20 eV / > 40 eV, or another element matches |',
  '| energy-range | model grid not covered by the data (eV extrapolated) | > 0.5 eV / > the recipe\'s 3 eV |',
  '| edge-step | sign of the jump (mean μ 10–50 eV above E0 vs 5–50 eV below) | — / μ falls |',
  '| noise | robust σ of the residual of a 4-neighbour cubic prediction, edge-step units, E0 − 30 … + 100 eV | > 1× / > 3× the largest noise added in training (1 %) |',
  '| glitches | isolated second-difference outliers (> 10 σ, > 5 % of the step, > 5× the residual 2–4 points away) | ≥ 1 / ≥ 3 |',
  '| edge-points | points in E0 − 20 … + 50 eV | < 50 / < 25 |',
  '| training-distance | whitened k-NN distance (k = 5, 30 PCA components, noise floor 0.002) to 1000 training inputs | > 90th / > 99th held-out percentile |',
  '| ensemble-spread | mean calibrated σ over the 50 G2 bins | > 90th / > 99th held-out percentile |',
  '| sensitivity | largest first-shell change under ±1 eV shift or +1 eV FWHM broadening | > 90th / > 99th held-out percentile |',
  '',
);
const starts = omnixasStarts();
const summary: string[] = ['## Summary', '', '| model | test split ok or caution (≥ 90 %) | OOD absorbers unreliable, full verdict (≥ 95 %) | … without the energy-range check | … distance alone, covered window | Spearman(score, first-shell error) | median first-shell error ok / caution / unreliable (Å) |', '|---|---|---|---|---|---|---|'];
const summaryAt = md.length;

for (const element of elements) {
  const dir = models.get(element);
  const target = INVERSE_TARGETS[element];
  const ood = dir ? readOodFile(dir) : undefined;
  if (!dir || !target || !ood) {
    log(`${element}: no model or no ood.json (run npm run fit:confidence); skipped`);
    continue;
  }
  const model = await loadInverseModelDir(dir);
  if (!oodIsCurrent(ood, model.manifest)) log(`${element}: WARNING ood.json was fitted for another model version or σ calibration; run npm run fit:confidence -- --force`);
  const recipe = model.manifest.recipe;
  const r = model.manifest.g2.r;
  const K = r.length;
  const L = recipe.grid.n;
  const splits = targetSplits(dataDir, target);

  // 1. Held-out test split.
  const test = buildInverseDataset(splits.test, recipe, {}, { onSkip: (p, why) => log(`skipped ${p.id}: ${why}`) });
  const byId = new Map(splits.test.map((p) => [p.id, p]));
  // Theory codes place the edge at their own absolute energy (Cu FEFF ≈ 15–20 eV above the table);
  // a measurement is calibrated, so the spectra are moved by the split's median E0 offset first.
  const raw = test.ids.map((id) => theoryAsMeasured(readSpectrum(byId.get(id)!.spectrumPath), recipe, element));
  const table = edgeEnergy(element, 'K');
  const offsetEv = summarize(raw.map((sp) => findE0(sp.energyEv, sp.mu).e0Ev - table)).median;
  const spectra = raw.map((sp) => ({ ...sp, energyEv: Float64Array.from(sp.energyEv, (e) => e - offsetEv) }));
  const { rows } = await verdictsOf(model, ood, spectra, test);
  const pred = await predictEnsemble(model, test.x, test.n);
  const fsErr: number[] = [];
  const mse: number[] = [];
  for (let s = 0; s < test.n; s++) {
    const p = pred.mean.subarray(s * K, (s + 1) * K);
    const y = test.y.subarray(s * K, (s + 1) * K);
    const e = Math.abs(firstShellDistance(r, p) - firstShellDistance(r, y));
    fsErr.push(Number.isFinite(e) ? e : 2.5);
    let m = 0;
    for (let k = 0; k < K; k++) m += (p[k]! - y[k]!) ** 2 / K;
    mse.push(m);
  }
  const perVerdict = (key: 'confidence' | 'dataOnly') =>
    Object.fromEntries(
      VERDICTS.map((v) => {
        const idx = rows.map((row, i) => (row[key].verdict === v ? i : -1)).filter((i) => i >= 0);
        return [v, { count: idx.length, share: idx.length / rows.length, firstShellError: summarize(idx.map((i) => fsErr[i]!)), mse: summarize(idx.map((i) => mse[i]!)) }];
      }),
    );
  const score = rows.map((row) => row.confidence.score);
  const checkCounts: Record<string, Record<Verdict, number>> = {};
  for (const row of rows) for (const reason of row.confidence.reasons) (checkCounts[reason.check] ??= { ok: 0, caution: 0, unreliable: 0 })[reason.status]++;
  const inDist = { okOrCaution: 1 - verdictShares(rows.map((x) => x.confidence)).unreliable, dataOnlyOkOrCaution: 1 - verdictShares(rows.map((x) => x.dataOnly)).unreliable };
  const testResult = {
    samples: test.n,
    theoryEnergyOffsetEv: offsetEv,
    perVerdict: perVerdict('confidence'),
    perVerdictDataChecksOnly: perVerdict('dataOnly'),
    spearmanScoreVsFirstShellError: spearman(score, fsErr),
    spearmanScoreVsMse: spearman(score, mse),
    spearmanDistanceVsMse: spearman(rows.map((x) => x.distance), mse),
    spearmanPerStatistic: Object.fromEntries((['distance', 'spread', 'sensitivity'] as const).map((k) => [k, { firstShellError: spearman(rows.map((x) => x[k]), fsErr), mse: spearman(rows.map((x) => x[k]), mse) }])),
    checkStatusCounts: checkCounts,
    inDistributionOkOrCaution: inDist.okOrCaution,
    inDistributionOkOrCautionDataChecksOnly: inDist.dataOnlyOkOrCaution,
  };
  log(`${element} test: ${test.n} spectra; ok/caution ${pctf(inDist.okOrCaution)}; Spearman(score, first-shell error) ${f(testResult.spearmanScoreVsFirstShellError)}`);

  // 2. Out-of-distribution absorbers, relabelled as the model's element.
  const trainDs = buildInverseDataset(splits.train, recipe, {}, {});
  const calDs = buildInverseDataset(splits.calibration, recipe, {}, {});
  const oodResults: Record<string, unknown> = {};
  const allOod: Spectrum[] = [];
  const oodSets: [string, Spectrum[]][] = [...OOD_ELEMENTS, ...(element === 'Cu' ? ['Cu'] : [])].map((el) => [el, omnixasSpectra(el, element, starts)]);
  for (const [el, s] of oodSets) if (el !== element) allOod.push(...s);
  const allRules = allOod.map((s) => spectrumReasons(prepareSpectrum(s), model.manifest));
  const window = coveredWindow(allOod, model, allRules);
  const wdim = window[1] - window[0] + 1;
  const wref = fitDistanceReference(columns(trainDs.x, trainDs.n, L, window), trainDs.n, wdim);
  const calW = columns(calDs.x, calDs.n, L, window);
  const calWd = Array.from({ length: calDs.n }, (_, s) => trainingDistance(wref.reference, calW.subarray(s * wdim, (s + 1) * wdim)));
  const wThreshold = quantileAt(quantileTable(calWd), THRESHOLD_PERCENTILES.distance.unreliable);
  const testW = columns(test.x, test.n, L, window);
  const testWFlag = Array.from({ length: test.n }, (_, s) => trainingDistance(wref.reference, testW.subarray(s * wdim, (s + 1) * wdim)) > wThreshold).filter(Boolean).length / test.n;
  const windowEv = [recipe.grid.startEv + window[0] * recipe.grid.stepEv, recipe.grid.startEv + window[1] * recipe.grid.stepEv];
  let pooled = { n: 0, full: 0, withoutRange: 0, distancePadded: 0, distanceWindow: 0 };
  for (const [el, s] of oodSets) {
    if (s.length === 0) continue;
    const { rows: orows, x, failed } = await verdictsOf(model, ood, s);
    const n = orows.length;
    const xw = columns(x, n, L, window);
    const wd = Array.from({ length: n }, (_, k) => trainingDistance(wref.reference, xw.subarray(k * wdim, (k + 1) * wdim)));
    const res = {
      spectra: s.length,
      notAligned: failed,
      verdicts: verdictShares(orows.map((o) => o.confidence)),
      unreliableIncludingNotAligned: (orows.filter((o) => o.confidence.verdict === 'unreliable').length + failed) / s.length,
      withoutRangeUnreliable: orows.filter((o) => o.confidence.reasons.some((q) => q.check !== 'energy-range' && q.status === 'unreliable')).length / Math.max(1, n),
      distancePaddedUnreliable: orows.filter((o) => o.confidence.reasons.find((q) => q.check === 'training-distance')?.status === 'unreliable').length / Math.max(1, n),
      distanceWindowUnreliable: wd.filter((d) => d > wThreshold).length / Math.max(1, n),
      medianDistance: summarize(orows.map((o) => o.distance)).median,
      medianDistancePercentile: summarize(orows.map((o) => percentileOf(ood.quantiles.distance, o.distance))).median,
      control: el === element,
    };
    oodResults[el] = res;
    if (el !== element) {
      pooled = { n: pooled.n + s.length, full: pooled.full + res.unreliableIncludingNotAligned * s.length, withoutRange: pooled.withoutRange + res.withoutRangeUnreliable * n + failed, distancePadded: pooled.distancePadded + res.distancePaddedUnreliable * n + failed, distanceWindow: pooled.distanceWindow + res.distanceWindowUnreliable * n + failed };
    }
    log(`${element} ← ${el}: ${s.length} spectra, unreliable ${pctf(res.unreliableIncludingNotAligned)}, without range check ${pctf(res.withoutRangeUnreliable)}, by distance (padded) ${pctf(res.distancePaddedUnreliable)}, by distance on ${f(windowEv[0]!, 1)}…${f(windowEv[1]!, 1)} eV ${pctf(res.distanceWindowUnreliable)}`);
  }
  const oodSummary = {
    window: { indices: window, relativeEv: windowEv, unreliableDistance: wThreshold, testSplitFlagged: testWFlag },
    perElement: oodResults,
    pooled: { spectra: pooled.n, unreliable: pooled.full / Math.max(1, pooled.n), withoutRangeUnreliable: pooled.withoutRange / Math.max(1, pooled.n), distancePaddedUnreliable: pooled.distancePadded / Math.max(1, pooled.n), distanceWindowUnreliable: pooled.distanceWindow / Math.max(1, pooled.n) },
  };

  // 3. Measured spectra of this element.
  const manifestCsv = readFileSync(join(dataDir, 'experimental', 'manifest.csv'), 'utf8').trim().split('\n').slice(1);
  const measured: Record<string, unknown>[] = [];
  for (const line of manifestCsv) {
    const [file, , el, edge, sample] = line.split(',');
    if (el !== element || edge !== 'K') continue;
    try {
      const c = await assessMeasured(prepareMeasured(join(dataDir, 'experimental', file!)), { modelsDir });
      measured.push({ file, sample, verdict: c.verdict, score: c.score, reasons: problems(c).map((q) => `${q.status}: ${q.message}`) });
    } catch (err) {
      measured.push({ file, sample, verdict: 'error', score: null, reasons: [(err as Error).message] });
    }
  }
  {
    const pvs = testResult.perVerdict as unknown as Record<Verdict, { firstShellError: { median: number } }>;
    summary.push(`| ${element} inverse | ${pctf(inDist.okOrCaution)} | ${pctf(oodSummary.pooled.unreliable)} | ${pctf(oodSummary.pooled.withoutRangeUnreliable)} | ${pctf(oodSummary.pooled.distanceWindowUnreliable)} | ${f(testResult.spearmanScoreVsFirstShellError)} | ${VERDICTS.map((v) => f(pvs[v].firstShellError.median)).join(' / ')} |`);
  }
  (report.inverse as Record<string, unknown>)[element] = { model: { id: model.manifest.id, version: model.manifest.version, created: model.manifest.created }, thresholds: ood.thresholds, heldOut: ood.heldOut, test: testResult, ood: oodSummary, measured };

  // Markdown.
  const pv = testResult.perVerdict as unknown as Record<Verdict, { count: number; share: number; firstShellError: { median: number; mean: number }; mse: { median: number } }>;
  const pd = testResult.perVerdictDataChecksOnly as unknown as typeof pv;
  md.push(`## ${element} K inverse model (\`${model.manifest.id}\`, created ${model.manifest.created.slice(0, 16)})`, '');
  md.push(`Thresholds (held-out ${ood.heldOut.split}, ${ood.heldOut.samples} spectra): distance ${f(ood.thresholds.distance.caution, 4)} / ${f(ood.thresholds.distance.unreliable, 4)} (whitened k-NN, dimensionless); ensemble spread ${f(ood.thresholds.spread.caution, 4)} / ${f(ood.thresholds.spread.unreliable, 4)}; sensitivity ${f(ood.thresholds.sensitivity.caution)} / ${f(ood.thresholds.sensitivity.unreliable)} Å (caution / unreliable).`, '');
  md.push(`### Test split (${test.n} theory spectra, broadened as in training, checked as measurements)`, '', `Each spectrum gets 60 eV of flat pre-edge (the theory spectra start only 5–30 eV below the edge) and the energy axis is moved by the split's median E0 offset from the tabulated edge (${f(offsetEv, 1)} eV), as a calibrated measurement would be; the model input is the training pipeline's.`, '');
  md.push('| verdict | share | median first-shell error (Å) | mean first-shell error (Å) | median G2 MSE | data checks only: share / median first-shell error / median MSE |', '|---|---|---|---|---|---|');
  for (const v of VERDICTS) md.push(`| ${v} | ${pctf(pv[v].share)} (${pv[v].count}) | ${f(pv[v].firstShellError.median)} | ${f(pv[v].firstShellError.mean)} | ${f(pv[v].mse.median, 4)} | ${pctf(pd[v].share)} / ${f(pd[v].firstShellError.median)} / ${f(pd[v].mse.median, 4)} |`);
  md.push('', `Spearman(score, first-shell error) = ${f(testResult.spearmanScoreVsFirstShellError)}; Spearman(score, G2 MSE) = ${f(testResult.spearmanScoreVsMse)} (negative = higher score, smaller error). Spearman of each statistic with (first-shell error, MSE): ${Object.entries(testResult.spearmanPerStatistic).map(([k, v]) => `${k} (${f(v.firstShellError)}, ${f(v.mse)})`).join(', ')}. In-distribution \`ok\` or \`caution\`: **${pctf(inDist.okOrCaution)}** (target ≥ 90 %).`, '');
  md.push('Checks that were not ok on the test split: ' + (Object.entries(checkCounts).filter(([, c]) => c.caution + c.unreliable > 0).map(([k, c]) => `${k} ${c.caution} caution / ${c.unreliable} unreliable`).join('; ') || 'none') + '.', '');
  md.push(`### Out-of-distribution absorbers presented as ${element}`, '');
  md.push(`OmniXAS FEFF spectra (141 points, 35 eV from e_start) with the energy axis moved so their edge sits on the ${element} K edge. Such short spectra fail the energy-range check on their own, so the training-distance check is also shown alone: (a) on the padded model input, (b) refitted (PCA + k-NN on the training inputs, threshold = the same held-out percentile) on the grid window ${f(windowEv[0]!, 1)} … ${f(windowEv[1]!, 1)} eV that ≥ 90 % of these spectra cover. That window check flags ${pctf(testWFlag)} of the ${element} test split.${element === 'Cu' ? ' Cu rows (OmniXAS processing of the Cu test/val materials) are the in-distribution control.' : ''}`, '');
  md.push('| absorber | spectra | unreliable (full verdict) | every check but energy range | distance alone, padded | distance alone, covered window | median distance (whitened) |', '|---|---|---|---|---|---|---|');
  for (const [el, res] of Object.entries(oodResults) as [string, { spectra: number; unreliableIncludingNotAligned: number; withoutRangeUnreliable: number; distancePaddedUnreliable: number; distanceWindowUnreliable: number; medianDistance: number; control: boolean }][]) {
    md.push(`| ${el}${res.control ? ' (control)' : ''} | ${res.spectra} | ${pctf(res.unreliableIncludingNotAligned)} | ${pctf(res.withoutRangeUnreliable)} | ${pctf(res.distancePaddedUnreliable)} | ${pctf(res.distanceWindowUnreliable)} | ${f(res.medianDistance, 4)} |`);
  }
  md.push(`| **pooled Co, Cr, Ni, Ti, V** | ${oodSummary.pooled.spectra} | **${pctf(oodSummary.pooled.unreliable)}** | ${pctf(oodSummary.pooled.withoutRangeUnreliable)} | ${pctf(oodSummary.pooled.distancePaddedUnreliable)} | ${pctf(oodSummary.pooled.distanceWindowUnreliable)} | |`, '');
  md.push(`### Measured ${element} spectra (experimental/manifest.csv)`, '', '| file | sample | verdict | score | reasons (not ok) |', '|---|---|---|---|---|');
  for (const m of measured) md.push(`| \`${m.file as string}\` | ${m.sample as string} | ${m.verdict as string} | ${typeof m.score === 'number' ? f(m.score, 2) : '—'} | ${(m.reasons as string[]).join('<br>') || '—'} |`);
  md.push('');
}

// 4. Forward model(s).
const forwardRoot = join(modelsDir, 'forward');
const forwardDirs = options.element || !existsSync(forwardRoot) ? [] : readdirSync(forwardRoot).map((d) => join(forwardRoot, d)).filter((d) => existsSync(join(d, 'ood.json')));
report.forward = {};
for (const dir of forwardDirs) {
  const model = await loadForwardModel(dir);
  try {
    const ood = readForwardOod(dir)!;
    const m = model.manifest;
    if (ood.model.created !== m.created) log(`forward ${m.id}: WARNING ood.json was fitted for another model version`);
    const ds = buildForwardDataset(dataDir, { gridEv: [...m.grid.energyEv], descriptor: descriptorParamsOf(m), absorbers: [...m.elements], cacheDir: join(REPO_ROOT, '.cache', 'forward') });
    const F = ds.inputLength;
    const K = ds.outputLength;
    const perAbsorber: Record<string, unknown> = {};
    md.push(`## Forward model \`${m.id}\` (created ${m.created.slice(0, 16)})`, '', 'Test sites of each absorber (never used in training or calibration): the verdict from environment distance + ensemble spread (thresholds: 90th / 99th percentile of the validation sites of the same absorber) against the error of the predicted spectrum (MSE on the relative grid).', '');
    md.push('| absorber | test sites | ok: share / median MSE | caution: share / median MSE | unreliable: share / median MSE | Spearman(score, MSE) | ok or caution |', '|---|---|---|---|---|---|---|');
    for (const el of m.elements) {
      const ref = ood.absorbers[el];
      const idx = ds.rows.map((r, i) => (r.absorber === el && r.split === 'test' ? i : -1)).filter((i) => i >= 0);
      if (!ref || idx.length === 0) continue;
      const x = new Float32Array(idx.length * F);
      idx.forEach((r, i) => x.set(ds.x.subarray(r * F, (r + 1) * F), i * F));
      const out = await runModelOutputs(model.session, x, [idx.length, F]);
      const scale = (k: number) => (m.calibration.perBinScale ? m.calibration.perBinScale[k]! : m.calibration.scale);
      const verdicts: Confidence[] = [];
      const mse: number[] = [];
      idx.forEach((r, i) => {
        let e = 0;
        let sp = 0;
        for (let k = 0; k < K; k++) {
          e += (out.mean!.data[i * K + k]! - ds.y[r * K + k]!) ** 2 / K;
          sp += (out.sigma!.data[i * K + k]! * scale(k)) / K;
        }
        mse.push(e);
        verdicts.push(combineReasons(forwardSiteReasons(ref, x.subarray(i * F, (i + 1) * F), sp, el)));
      });
      const per = Object.fromEntries(VERDICTS.map((v) => {
        const sel = verdicts.map((c, i) => (c.verdict === v ? i : -1)).filter((i) => i >= 0);
        return [v, { count: sel.length, share: sel.length / idx.length, mse: summarize(sel.map((i) => mse[i]!)) }];
      })) as unknown as Record<Verdict, { count: number; share: number; mse: { median: number } }>;
      const rho = spearman(verdicts.map((c) => c.score), mse);
      perAbsorber[el] = { testSites: idx.length, perVerdict: per, spearmanScoreVsMse: rho, okOrCaution: 1 - per.unreliable.share };
      md.push(`| ${el} | ${idx.length} | ${pctf(per.ok.share)} / ${f(per.ok.mse.median, 4)} | ${pctf(per.caution.share)} / ${f(per.caution.mse.median, 4)} | ${pctf(per.unreliable.share)} / ${f(per.unreliable.mse.median, 4)} | ${f(rho)} | ${pctf(1 - per.unreliable.share)} |`);
      log(`forward ${el}: ${idx.length} test sites, ok ${pctf(per.ok.share)} (median MSE ${f(per.ok.mse.median, 4)}), caution ${pctf(per.caution.share)} (${f(per.caution.mse.median, 4)}), unreliable ${pctf(per.unreliable.share)} (${f(per.unreliable.mse.median, 4)}); Spearman ${f(rho)}`);
    }
    md.push('', '`xasinv predict` and `POST /api/predict` add one model-level check to these site checks: a caution for every prediction of an absorber whose held-out η is below 2 (S K).', '');
    // Crystals without reference spectra: what the full verdict of `xasinv predict` says about the
    // AMCSD minerals (default absorber: the heaviest trained one present). Shows where the forward model's training data end.
    const cifDir = join(dataDir, 'structures', 'amcsd', 'cif');
    const minerals: Record<string, Record<Verdict, number>> = {};
    let noAbsorber = 0;
    let unreadable = 0;
    if (existsSync(cifDir)) {
      for (const f of readdirSync(cifDir).filter((n) => n.endsWith('.cif')).sort()) {
        let structure;
        try {
          structure = readStructure(join(cifDir, f));
        } catch {
          unreadable++;
          continue;
        }
        let prediction;
        try {
          prediction = await predictStructure(model, structure);
        } catch (err) {
          if (err instanceof XasinvError && err.code === 'UNSUPPORTED_ABSORBER') noAbsorber++;
          else throw err;
          continue;
        }
        const row = (minerals[prediction.absorber] ??= { ok: 0, caution: 0, unreliable: 0 });
        row[assessForward(structure, prediction, model).verdict]++;
      }
      md.push('### AMCSD mineral structures (no reference spectra)', '', `Full \`xasinv predict\` verdict for every CIF in \`structures/amcsd/cif\` holding a trained absorber (the heaviest one present). ${noAbsorber} CIFs hold none${unreadable ? `, ${unreadable} could not be read` : ''}. The training data are Materials Project Cu oxides, Fe molecular complexes, distortions of one Co complex (trans-[CoCl2(en)2]) and small S molecules: minerals far from them should come out unreliable.`, '');
      md.push('| absorber | minerals | ok | caution | unreliable |', '|---|---|---|---|---|');
      for (const [el, v] of Object.entries(minerals).sort()) md.push(`| ${el} | ${v.ok + v.caution + v.unreliable} | ${v.ok} | ${v.caution} | ${v.unreliable} |`);
      md.push('');
      log(`forward on AMCSD minerals: ${Object.entries(minerals).map(([el, v]) => `${el} ok ${v.ok} / caution ${v.caution} / unreliable ${v.unreliable}`).join('; ')}`);
    }
    (report.forward as Record<string, unknown>)[m.id] = { created: m.created, perAbsorber, amcsdMinerals: { verdicts: minerals, noTrainedAbsorber: noAbsorber, unreadable } };
  } finally {
    await closeForwardModel(model);
  }
}

for (const el of Object.keys(INVERSE_TARGETS)) if (!(el in (report.inverse as Record<string, unknown>))) summary.push(`| ${el} inverse | not evaluated: no trained model with ood.json in ${modelsDir} | | | | | |`);
md.splice(summaryAt, 0, ...summary, '');
writeFileSync(join(REPO_ROOT, 'reports', 'confidence.json'), JSON.stringify(report, (_k, v) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(5)) : null) : v), 1));
writeFileSync(join(REPO_ROOT, 'reports', 'confidence.md'), md.join('\n'));
log('wrote reports/confidence.{json,md}');
