/**
 * @module confidence/assess
 * The full verdict on an inverse prediction: rule-based spectrum checks plus the data-driven ones
 * (distance from the training data, ensemble disagreement, sensitivity), each compared with the
 * held-out distribution stored in the model's `ood.json`.
 */
import { loadInverseModel, type EnsemblePrediction, type InverseModel } from '../inverse/index.ts';
import { measuredToModelInput } from '../inverse/index.ts';
import { rdfFromPrediction, type RdfResult } from '../inverse/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { XasinvError } from '../errors.ts';
import { inputStatisticsWithPrediction, SENSITIVITY_DEFAULTS, type InputStatistics } from './input-statistics.ts';
import { oodIsCurrent, percentileOf, readOodFile, type DataStatistic, type OodFile } from './ood-file.ts';
import { spectrumReasons } from './spectrum-checks.ts';
import type { DistanceReference } from './training-distance.ts';
import { combineReasons, type Confidence, type Reason, type Verdict } from './verdict.ts';

const oodCache = new Map<string, OodFile | undefined>();

/** The model's confidence reference (cached per folder); undefined when not fitted yet. */
export function modelOod(model: InverseModel): OodFile | undefined {
  if (!oodCache.has(model.dir)) oodCache.set(model.dir, readOodFile(model.dir));
  return oodCache.get(model.dir);
}

/** Forget cached references (after `fit-confidence` rewrote them). */
export function clearOodCache(): void {
  oodCache.clear();
}

/** The k-NN reference of an `ood.json`. */
export function distanceReference(ood: OodFile): DistanceReference {
  return { pca: ood.pca, k: ood.reference.k, points: ood.reference.points, residuals: ood.reference.residuals, weights: ood.reference.weights, residualWeight: ood.reference.residualWeight };
}

const pct = (p: number) => `${(100 * p).toFixed((p > 0.99 && p < 1) || (p > 0 && p < 0.01) ? 1 : 0)} %`;

function dataReason(stat: DataStatistic, value: number, ood: OodFile): Reason {
  const t = ood.thresholds[stat];
  const p = percentileOf(ood.quantiles[stat], value);
  const status: Verdict = !Number.isFinite(value) || value > t.unreliable ? 'unreliable' : value > t.caution ? 'caution' : 'ok';
  const threshold = status === 'unreliable' ? t.unreliable : t.caution;
  const than = `${p >= 1 ? 'more than on any' : `more than on ${pct(p)} of the`} ${ood.heldOut.samples} held-out spectra`;
  let message: string;
  let unit: string;
  if (stat === 'distance') {
    unit = 'whitened k-NN distance';
    const train = percentileOf(ood.quantiles.trainingDistance, value);
    const share = (q: number) => (q >= 1 ? 'none' : `only ${pct(1 - q)}`);
    message = `the spectrum lies ${value.toFixed(1)} training spreads from its ${ood.reference.k} closest training spectra; ${share(p)} of ${ood.heldOut.samples} held-out spectra (${share(train).replace('only ', '')} of training spectra) are this far from the training data`;
    if (status === 'unreliable') message += '; the model has not seen spectra like this';
  } else if (stat === 'spread') {
    unit = 'G2 units (mean σ)';
    message = `the predicted uncertainty is σ = ${value.toPrecision(2)} on average (ensemble disagreement, scaled up with the distance from the training data), ${than}`;
  } else {
    unit = 'Å';
    message = `a ${SENSITIVITY_DEFAULTS.shiftEv} eV shift or an extra ${SENSITIVITY_DEFAULTS.broadenFwhmEv} eV broadening moves the first shell by ${value.toFixed(2)} Å, ${than}`;
  }
  return { check: stat === 'distance' ? 'training-distance' : stat === 'spread' ? 'ensemble-spread' : 'sensitivity', status, value, threshold, unit, percentile: Number.isFinite(p) ? p : 1, message };
}

/**
 * Data-driven reasons for already computed statistics (one spectrum).
 * @example dataReasons(stats, ood) // [training-distance, ensemble-spread, sensitivity]
 */
export function dataReasons(stats: InputStatistics, ood: OodFile): Reason[] {
  return [dataReason('distance', stats.distance, ood), dataReason('spread', stats.spread, ood), dataReason('sensitivity', stats.sensitivity, ood)];
}

/**
 * Why the data-driven checks cannot run (no `ood.json`, or one fitted for another model), if they cannot.
 * @example referenceProblem(model, modelOod(model)) // undefined when the reference is current
 */
export function referenceProblem(model: InverseModel, ood: OodFile | undefined): Reason | undefined {
  if (!ood) return { check: 'calibration', status: 'caution', value: null, threshold: null, message: `the ${model.manifest.id} model has no confidence reference (ood.json), so its distance from the training data is unknown; run npm run fit:confidence` };
  if (!oodIsCurrent(ood, model.manifest)) {
    return { check: 'calibration', status: 'caution', value: ood.model.created, threshold: model.manifest.created, message: `the confidence reference was fitted for another version or σ calibration of the ${model.manifest.id} model; run npm run fit:confidence -- --force` };
  }
  return undefined;
}

/**
 * Verdict for a prepared spectrum and the model input the prediction used (`x`; by default the
 * input derived by the checks, grid ends held constant).
 * @example const c = await assessInput(prepared, model);
 */
export async function assessInput(prepared: PreparedSpectrum, model: InverseModel, x?: ArrayLike<number>): Promise<Confidence & { statistics?: InputStatistics }> {
  const { reasons, input } = spectrumReasons(prepared, model.manifest);
  const row = x ?? input?.x;
  if (!row) return combineReasons(reasons);
  const { confidence, statistics } = await withDataReasons(reasons, model, Float32Array.from(row));
  return { ...confidence, statistics };
}

/** The rule-based `reasons` plus the data-driven ones for model input `row`, with the ensemble prediction of the batch (row 0 = `row`). */
async function withDataReasons(reasons: Reason[], model: InverseModel, row: Float32Array): Promise<{ confidence: Confidence; statistics: InputStatistics; prediction: EnsemblePrediction }> {
  const ood = modelOod(model);
  const problem = referenceProblem(model, ood);
  const usable = ood && !problem ? ood : undefined;
  const { statistics, prediction } = await inputStatisticsWithPrediction(model, usable ? distanceReference(usable) : undefined, row);
  if (problem) reasons.push(problem);
  if (usable) reasons.push(...dataReasons(statistics, usable));
  return { confidence: combineReasons(reasons), statistics, prediction };
}

/**
 * The pseudo-RDF of a measured spectrum with its confidence, from ONE ensemble run (the batch of the
 * sensitivity check holds the input itself in row 0) — the `xasinv rdf --json` / `POST /api/rdf`
 * answer. Same numbers as {@link rdfFromInput} + {@link assessRdf}, with half the model runs.
 * @throws UnsupportedError when the energy range stops short of the model grid.
 * @example const { confidence, ...rdf } = await rdfWithConfidence(prepared, await inverseModelFor(prepared));
 */
export async function rdfWithConfidence(prepared: PreparedSpectrum, model: InverseModel): Promise<RdfResult & { confidence: Confidence }> {
  const input = measuredToModelInput(prepared, model.manifest.recipe);
  const { reasons } = spectrumReasons(prepared, model.manifest);
  const { confidence, prediction } = await withDataReasons(reasons, model, input.x);
  return { ...rdfFromPrediction(model, input, prepared, prediction), confidence };
}

/**
 * The `confidence` of an `xasinv rdf` result.
 * @example
 * const rdf = await predictRdf(prepared);
 * const conf = await assessRdf(prepared, rdf, await loadInverseModel(rdf.element));
 * conf.verdict; // 'ok' | 'caution' | 'unreliable'
 */
export async function assessRdf(prepared: PreparedSpectrum, rdf: RdfResult, model: InverseModel): Promise<Confidence> {
  const { statistics: _s, ...c } = await assessInput(prepared, model, rdf.input.mu);
  return c;
}

/**
 * Verdict on a measured spectrum without predicting (what `xasinv check` prints): finds the model
 * of its element; a spectrum no model covers is `unreliable` with the reason.
 * @example (await assessMeasured(prepareMeasured('CuO.xdi'))).verdict
 */
export async function assessMeasured(prepared: PreparedSpectrum, { element, modelsDir = MODELS_DIR }: { element?: string; modelsDir?: string } = {}): Promise<Confidence> {
  const el = element ?? prepared.element;
  let model: InverseModel | undefined;
  let missing: Reason | undefined;
  if (el) {
    try {
      model = await loadInverseModel(el, modelsDir);
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
      missing = { check: 'model', status: 'unreliable', value: el, threshold: null, message: err.message };
    }
  }
  if (model) {
    const { statistics: _s, ...c } = await assessInput(prepared, model);
    return c;
  }
  const { reasons } = spectrumReasons(prepared);
  if (missing) reasons.unshift(missing);
  return combineReasons(reasons);
}
