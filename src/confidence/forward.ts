/**
 * @module confidence/forward
 * Confidence of forward predictions (structure → spectrum): how far the absorber's environment
 * (the site descriptor, standardised per feature on that absorber's training sites) lies from the
 * training environments — whitened k-NN in PCA space, as for the inverse model — and how much the
 * ensemble members disagree, both against the held-out (validation) distribution of the same
 * absorber. Stored in `models/forward/<id>/ood.json` by `npm run fit:confidence`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ForwardDataset } from '../forward/index.ts';
import { siteDescriptor } from '../forward/index.ts';
import { descriptorParamsOf } from '../forward/index.ts';
import type { ForwardModel, StructurePrediction } from '../forward/index.ts';
import { validGridIndices } from '../forward/index.ts';
import { runModelOutputs } from '../onnx/index.ts';
import type { Structure } from '../structure/index.ts';
import { percentileOf, quantileAt, quantileTable, type StatThresholds } from './ood-file.ts';
import type { Pca } from './pca.ts';
import { fitDistanceReference, trainingDistance, type DistanceReference } from './training-distance.ts';
import { combineReasons, type Confidence, type Reason, type Verdict } from './verdict.ts';
import { readJsonFile, writeFileAtomic } from '../io/index.ts';
import { z } from 'zod';

/**
 * Below this validation η (OmniXAS's: the mean training spectrum's median MSE ÷ the model's) the
 * model removes less than half of the error of simply predicting the absorber's mean spectrum:
 * its predictions for that absorber get a caution whatever the structure (set once; S K: 1.4).
 */
export const MIN_VALIDATION_ETA = 2;

/**
 * How well the model does on this absorber's held-out (validation) spectra, from the manifest's
 * metrics: a caution below {@link MIN_VALIDATION_ETA}, otherwise an ok line stating it; undefined when
 * the manifest has no validation η for the absorber.
 *
 * @example modelAccuracyReason(model.manifest.metrics, 'S')?.status // 'caution'
 */
export function modelAccuracyReason(metrics: Record<string, unknown>, absorber: string): Reason | undefined {
  const eta = ((metrics.validation as Record<string, { eta?: unknown }> | undefined)?.[absorber])?.eta;
  if (typeof eta !== 'number' || !Number.isFinite(eta)) return undefined;
  const status: Verdict = eta < MIN_VALIDATION_ETA ? 'caution' : 'ok';
  const message =
    status === 'caution'
      ? `the forward model predicts ${absorber} K spectra barely better than the average ${absorber} training spectrum (held-out η ${eta.toFixed(2)}; η = 1 is that average): read the shape as a rough guide only`
      : `the forward model's accuracy on held-out ${absorber} K spectra: η ${eta.toFixed(1)} (its median squared error is 1/${eta.toFixed(1)} of the average spectrum's)`;
  return { check: 'model-accuracy', status, value: eta, threshold: MIN_VALIDATION_ETA, unit: 'η (validation)', message };
}

/** Forward-model reference settings, written once. Noise floor in standardised feature units; 600 reference sites per absorber keep ood.json under 1 MB for four absorbers. */
export const FORWARD_CONFIDENCE_DEFAULTS = Object.freeze({ components: 30, noiseFloor: 0.1, referenceSize: 600, caution: 0.9, unreliable: 0.99 });

export interface ForwardAbsorberReference {
  standardise: { mean: number[]; sd: number[] };
  pca: Pca;
  reference: { k: number; points: number[][]; residuals: number[]; weights: number[]; residualWeight: number; trainingSamples: number };
  quantiles: { trainingDistance: number[]; distance: number[]; spread: number[] };
  thresholds: { distance: StatThresholds; spread: StatThresholds };
  heldOut: { split: string; samples: number };
}

/** What reading a forward model's `ood.json` checks (zod). */
export const FORWARD_OOD_SCHEMA = z.looseObject({
  version: z.literal(1),
  kind: z.literal('forward-confidence'),
  model: z.looseObject({ id: z.string(), created: z.string() }),
  absorbers: z.record(z.string(), z.looseObject({})),
});

export interface ForwardOodFile {
  version: 1;
  kind: 'forward-confidence';
  model: { id: string; created: string };
  fitted: string;
  command: string;
  absorbers: Record<string, ForwardAbsorberReference>;
}

function standardiseRows(x: Float32Array, n: number, F: number, s: { mean: number[]; sd: number[] }): Float32Array {
  const out = new Float32Array(n * F);
  for (let i = 0; i < n; i++) for (let j = 0; j < F; j++) out[i * F + j] = (x[i * F + j]! - s.mean[j]!) / s.sd[j]!;
  return out;
}

/**
 * Mean calibrated σ per row of a forward ensemble run on `n` descriptor rows of `absorber`, over the
 * absorber's valid range (the bins a prediction returns, see forward/valid-range).
 */
export async function forwardSpread(model: ForwardModel, x: Float32Array, n: number, absorber: string): Promise<number[]> {
  const m = model.manifest;
  const K = m.grid.n;
  const { from, to } = validGridIndices(m, absorber);
  const out = await runModelOutputs(model.session, x, [n, m.descriptor.length]);
  const sigma = out.sigma!.data;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = from; k < to; k++) s += (sigma[i * K + k]! * (m.calibration.perBinScale ? m.calibration.perBinScale[k]! : m.calibration.scale)) / (to - from);
    return s;
  });
}

function thresholdsOf(table: number[]): StatThresholds {
  const d = FORWARD_CONFIDENCE_DEFAULTS;
  return { caution: quantileAt(table, d.caution), unreliable: quantileAt(table, d.unreliable), cautionPercentile: d.caution, unreliablePercentile: d.unreliable };
}

/**
 * Fits the per-absorber references on the training rows and the thresholds on the validation rows.
 * @example writeForwardOod(model.dir, await fitForwardConfidence(model, ds, { command }));
 */
export async function fitForwardConfidence(model: ForwardModel, ds: ForwardDataset, { command }: { command: string }): Promise<ForwardOodFile> {
  const F = ds.inputLength;
  const d = FORWARD_CONFIDENCE_DEFAULTS;
  const absorbers: Record<string, ForwardAbsorberReference> = {};
  for (const el of model.manifest.elements) {
    const rowsOf = (split: string) => ds.rows.map((r, i) => (r.absorber === el && r.split === split ? i : -1)).filter((i) => i >= 0);
    const take = (idx: number[]) => {
      const x = new Float32Array(idx.length * F);
      idx.forEach((r, i) => x.set(ds.x.subarray(r * F, (r + 1) * F), i * F));
      return x;
    };
    const tr = rowsOf('train');
    const va = rowsOf('val');
    if (tr.length < 10 || va.length < 10) continue;
    const xt = take(tr);
    const mean = new Array<number>(F).fill(0);
    const sd = new Array<number>(F).fill(0);
    for (let i = 0; i < tr.length; i++) for (let j = 0; j < F; j++) mean[j]! += xt[i * F + j]! / tr.length;
    for (let i = 0; i < tr.length; i++) for (let j = 0; j < F; j++) sd[j]! += (xt[i * F + j]! - mean[j]!) ** 2 / tr.length;
    const standardise = { mean, sd: sd.map((v) => (Math.sqrt(v) > 1e-6 ? Math.sqrt(v) : 1)) };
    const { reference, looDistances } = fitDistanceReference(standardiseRows(xt, tr.length, F, standardise), tr.length, F, { components: d.components, noiseFloor: d.noiseFloor, referenceSize: d.referenceSize });
    const xv = take(va);
    const xvs = standardiseRows(xv, va.length, F, standardise);
    const dist = Array.from({ length: va.length }, (_, i) => trainingDistance(reference, xvs.subarray(i * F, (i + 1) * F)));
    const spread = await forwardSpread(model, xv, va.length, el);
    const quantiles = { trainingDistance: quantileTable(looDistances), distance: quantileTable(dist), spread: quantileTable(spread) };
    absorbers[el] = {
      standardise,
      pca: reference.pca,
      reference: { k: reference.k, points: reference.points, residuals: reference.residuals, weights: reference.weights, residualWeight: reference.residualWeight, trainingSamples: tr.length },
      quantiles,
      thresholds: { distance: thresholdsOf(quantiles.distance), spread: thresholdsOf(quantiles.spread) },
      heldOut: { split: 'val', samples: va.length },
    };
  }
  return { version: 1, kind: 'forward-confidence', model: { id: model.manifest.id, created: model.manifest.created }, fitted: new Date().toISOString(), command, absorbers };
}

/** Writes `ood.json` of a forward model folder (5 significant digits). */
export function writeForwardOod(dir: string, f: ForwardOodFile): string {
  const path = join(dir, 'ood.json');
  writeFileAtomic(path, JSON.stringify(f, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(5)) : null) : v)));
  return path;
}

const forwardOodCache = new Map<string, ForwardOodFile | undefined>();

/** The forward model's confidence reference, read once per folder; undefined when not fitted. */
export function modelForwardOod(model: { dir: string }): ForwardOodFile | undefined {
  if (!forwardOodCache.has(model.dir)) forwardOodCache.set(model.dir, readForwardOod(model.dir));
  return forwardOodCache.get(model.dir);
}

/** Reads `ood.json` of a forward model folder; undefined when absent. */
export function readForwardOod(dir: string): ForwardOodFile | undefined {
  const path = join(dir, 'ood.json');
  if (!existsSync(path)) return undefined;
  return readJsonFile(path, FORWARD_OOD_SCHEMA) as unknown as ForwardOodFile;
}

function reasonOf(check: string, value: number, table: number[], t: StatThresholds, samples: number, describe: (p: number) => string): Reason {
  const p = percentileOf(table, value);
  const status: Verdict = !Number.isFinite(value) || value > t.unreliable ? 'unreliable' : value > t.caution ? 'caution' : 'ok';
  return { check, status, value, threshold: status === 'unreliable' ? t.unreliable : t.caution, percentile: Number.isFinite(p) ? p : 1, message: `${describe(p)} (compared with ${samples} held-out sites)` };
}

/**
 * Distance and spread reasons for one site descriptor (raw) with its mean calibrated σ.
 * @example forwardSiteReasons(ref, descriptor, 0.012)
 */
export function forwardSiteReasons(ref: ForwardAbsorberReference, descriptor: ArrayLike<number>, spread: number, absorber: string): Reason[] {
  const F = ref.standardise.mean.length;
  const row = Float32Array.from({ length: F }, (_, j) => (descriptor[j]! - ref.standardise.mean[j]!) / ref.standardise.sd[j]!);
  const dr: DistanceReference = { pca: ref.pca, k: ref.reference.k, points: ref.reference.points, residuals: ref.reference.residuals, weights: ref.reference.weights, residualWeight: ref.reference.residualWeight };
  const dist = trainingDistance(dr, row);
  const share = (p: number) => (p >= 1 ? 'no' : `only ${(100 * (1 - p)).toFixed(1)} % of`);
  return [
    reasonOf('environment-distance', dist, ref.quantiles.distance, ref.thresholds.distance, ref.heldOut.samples, (p) => `the ${absorber} environment is ${dist.toFixed(1)} training spreads from the ${ref.reference.k} most similar training environments; ${share(p)} held-out ${absorber} sites are this unusual`),
    reasonOf('ensemble-spread', spread, ref.quantiles.spread, ref.thresholds.spread, ref.heldOut.samples, (p) => `the ensemble members disagree by σ = ${spread.toPrecision(2)} on average, more than on ${(100 * p).toFixed(0)} % of held-out ${absorber} sites`),
  ];
}

/**
 * The `confidence` of a forward prediction: the worst site (largest environment distance) decides.
 * @example
 * const p = await predictStructure(model, s);
 * const c = assessForward(s, p, model); // reference read from model.dir/ood.json
 */
export function assessForward(structure: Structure, prediction: StructurePrediction, model: ForwardModel, ood: ForwardOodFile | undefined = modelForwardOod(model)): Confidence {
  const reasons: Reason[] = [];
  const el = prediction.absorber;
  const ref = ood?.absorbers[el];
  if (!ood || ood.model.created !== model.manifest.created || !ref) {
    reasons.push({ check: 'calibration', status: 'caution', value: null, threshold: null, message: `the forward model has no up-to-date confidence reference for ${el}; run npm run fit:confidence` });
    return combineReasons(reasons);
  }
  const params = descriptorParamsOf(model.manifest);
  let worst: Reason[] | undefined;
  for (const site of prediction.sites) {
    const K = site.sigma.length;
    const spread = site.sigma.reduce((a, b) => a + b, 0) / K;
    const r = forwardSiteReasons(ref, siteDescriptor(structure, site.index, model.manifest.elements, params), spread, el);
    if (!worst || (r[0]!.value as number) > (worst[0]!.value as number)) worst = r;
  }
  reasons.push(...(worst ?? []));
  const accuracy = modelAccuracyReason(model.manifest.metrics, el);
  if (accuracy) reasons.push(accuracy);
  for (const w of prediction.warnings) reasons.push({ check: 'structure', status: 'ok', value: w, threshold: null, message: `note from reading the structure: ${w}` });
  return combineReasons(reasons);
}
