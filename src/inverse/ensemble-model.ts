/**
 * @module inverse/ensemble-model
 * A shipped inverse model: manifest + one ONNX session for the whole bootstrap ensemble.
 * Sessions are created once and reused (`loadInverseModel` caches by folder).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { libraryHint } from '../library/index.ts';
import { ParseError, UnsupportedError } from '../errors.ts';
import { createSession, runModelOutputs, type OnnxSession } from '../onnx/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { errorFeatures, errorReferenceIndex, predictedMse, readErrorReference, rescaleSigma, type ErrorReferenceIndex } from './error-model.ts';
import { INVERSE_MANIFEST_SCHEMA, type InverseManifest } from './manifest.ts';
import { readMeasuredCalibration, type MeasuredCalibration } from './measured-calibration.ts';
import { readJsonFile } from '../io/index.ts';

export interface InverseModel {
  dir: string;
  manifest: InverseManifest;
  session: OnnxSession;
  /** The folder's `measured-calibration.json` when it fits this model (σ for measured spectra). */
  measuredCalibration?: MeasuredCalibration;
  /** Why a `measured-calibration.json` present in the folder is not applied. */
  measuredCalibrationNote?: string;
}

/** Ensemble output for n spectra: members [M][n·K], mean, raw / distance-aware / calibrated σ (n·K). */
export interface EnsemblePrediction {
  n: number;
  k: number;
  members: Float32Array[];
  mean: Float32Array;
  /** Raw ensemble standard deviation. */
  sigmaRaw: Float32Array;
  /** Distance-aware σ (the error model's rescaling of sigmaRaw; sigmaRaw itself without an error model). */
  sigmaModel: Float32Array;
  /** Per-spectrum MSE the error model expects (absent without an error model). */
  expectedMse?: Float64Array;
  /** σ after the manifest's calibration scale (applied to sigmaModel). */
  sigma: Float32Array;
}

const cache = new Map<string, Promise<InverseModel>>();
const references = new Map<string, Promise<ErrorReferenceIndex>>();

/** The error-model reference of a model with its k-NN graphs (built once per folder, hash and k). */
function errorReferenceOf(model: InverseModel): Promise<ErrorReferenceIndex> | undefined {
  const em = model.manifest.errorModel;
  if (!em) return undefined;
  const key = `${model.dir}#${em.reference.sha256}#${em.k}`;
  let index = references.get(key);
  if (!index) {
    index = errorReferenceIndex(readErrorReference(model.dir, em.reference), em.k);
    index.catch(() => references.delete(key));
    references.set(key, index);
  }
  return index;
}

/** Reads a manifest, naming the file on any problem. */
export function readInverseManifest(dir: string): InverseManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new ParseError(path, undefined, 'missing model manifest');
  return readJsonFile(path, INVERSE_MANIFEST_SCHEMA) as unknown as InverseManifest;
}

/** Inverse model folders under `modelsDir/inverse`, keyed by element symbol. */
export function listInverseModels(modelsDir = MODELS_DIR): Map<string, string> {
  const root = join(modelsDir, 'inverse');
  const out = new Map<string, string>();
  if (!existsSync(root)) return out;
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    out.set(readInverseManifest(dir).element, dir);
  }
  return out;
}

/** What a spectrum of `element` can still get when a candidate library ships for it (no pseudo-RDF). */
export function rankInstead(element: string, modelsDir = MODELS_DIR): string {
  return libraryHint(element, join(modelsDir, 'library'));
}

/**
 * The inverse model of `element` (cached session).
 * @throws UnsupportedError naming the elements that do have a model.
 */
export function loadInverseModel(element: string, modelsDir = MODELS_DIR): Promise<InverseModel> {
  const models = listInverseModels(modelsDir);
  const dir = models.get(element);
  if (!dir) {
    const have = [...models.keys()].join(', ') || 'none';
    throw new UnsupportedError('NO_INVERSE_MODEL', `no inverse model for ${element} K-edge spectra (models exist for: ${have})${rankInstead(element, modelsDir)}; if ${element} is not the absorber, ${HOW_TO_SET_ELEMENT}`, { element, available: [...models.keys()] });
  }
  return loadInverseModelDir(dir);
}

/** Loads (once) the model in `dir`, with its measured calibration when the folder has one for it. */
export function loadInverseModelDir(dir: string): Promise<InverseModel> {
  let p = cache.get(dir);
  if (!p) {
    p = (async () => {
      const manifest = readInverseManifest(dir);
      const { calibration, note } = readMeasuredCalibration(dir, manifest);
      const session = await createSession(join(dir, manifest.onnx));
      return { dir, manifest, session, ...(calibration ? { measuredCalibration: calibration } : {}), ...(note ? { measuredCalibrationNote: note } : {}) };
    })();
    p.catch(() => cache.delete(dir));
    cache.set(dir, p);
  }
  return p;
}

/** Scale σ by the calibration (per bin when available). */
export function calibrateSigma(sigmaRaw: Float32Array, k: number, cal: InverseManifest['calibration']): Float32Array {
  const out = new Float32Array(sigmaRaw.length);
  for (let i = 0; i < sigmaRaw.length; i++) out[i] = sigmaRaw[i]! * (cal.perBinScale ? cal.perBinScale[i % k]! : cal.scale);
  return out;
}

/**
 * Runs the ensemble on n model inputs (row-major n × L).
 * @example const pred = await predictEnsemble(model, x, n);
 */
export async function predictEnsemble(model: InverseModel, x: Float32Array, n: number): Promise<EnsemblePrediction> {
  const L = model.manifest.recipe.grid.n;
  const K = model.manifest.g2.n;
  const out = await runModelOutputs(model.session, x, [n, L]);
  const M = out.members!.dims[0]!;
  const members = Array.from({ length: M }, (_, m) => out.members!.data.slice(m * n * K, (m + 1) * n * K));
  const sigmaRaw = out.sigma!.data.slice();
  const mean = out.mean!.data.slice();
  const em = model.manifest.errorModel;
  const index = errorReferenceOf(model);
  if (!em || !index) return { n, k: K, members, mean, sigmaRaw, sigmaModel: sigmaRaw, sigma: calibrateSigma(sigmaRaw, K, model.manifest.calibration) };
  const expectedMse = predictedMse(em.weights, await errorFeatures(mean, sigmaRaw, x, n, await index, em.features, M));
  const sigmaModel = rescaleSigma(sigmaRaw, K, expectedMse);
  return { n, k: K, members, mean, sigmaRaw, sigmaModel, expectedMse, sigma: calibrateSigma(sigmaModel, K, model.manifest.calibration) };
}
