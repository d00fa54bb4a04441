/**
 * @module lab/forward/train-mlp
 * Mini-batch Adam training of one forward MLP on raw descriptors (standardised here with the
 * given mean/scale) and spectra on the relative grid, with the loop the inverse CNN trains with
 * (learn/minibatch-adam): one batch at a time as tensors, optional validation with best-weight
 * restore and early stopping, seeded initialisation, shuffling and dropout. Targets may hold NaN
 * where a spectrum has no data (beyond its source's energy range on the wide grid): every loss
 * skips those points (masked), so a row trains on its valid part only.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { InputError } from '../../src/errors.ts';
import { useWasmBackend } from '../learn/index.ts';
import { minibatchAdam, type EpochReport } from '../learn/index.ts';
import { seededRng } from '../../src/learn/index.ts';
import { initMlpWeights, mlpForward, type MlpConfig, type MlpModel } from './mlp.ts';

/** Row-major raw samples: x is n × inputLength, y is n × outputLength. */
export interface ForwardData {
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputLength: number;
  outputLength: number;
}

/** Options of {@link trainMlp}. */
export interface TrainMlpOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Multiply the learning rate by this after every epoch. */
  learningRateDecay?: number;
  seed?: number;
  validation?: ForwardData;
  /** Stop after this many epochs without validation improvement. */
  patience?: number;
  /** Dropout rate on hidden activations during training (0 = none). */
  dropout?: number;
  /** Rows of the training data to use (repeats allowed: bootstrap or oversampling). */
  indices?: Uint32Array;
  /**
   * Squared errors over the points with a finite target only (NaN = no data). `mse`: their mean,
   * pooled over all points of the batch (each valid point weighs the same; without NaN the plain MSE).
   * `spectrum-mse`: each spectrum's mean over its valid points, then the mean over spectra (each
   * spectrum weighs the same however many points it has). `rmse`: mean over spectra of each
   * spectrum's root-mean-square error, so a few badly predicted spectra weigh less (η and the RSE
   * target are medians over spectra). `logmse`: mean over spectra of ln(MSE + 1e-6), closer still to
   * a median of per-spectrum MSEs. Validation loss and early stopping use the same loss.
   */
  loss?: MlpLoss;
  /**
   * Exponential moving average of the weights (Polyak averaging): after every optimiser step
   * avg ← ema·avg + (1 − ema)·w. When set (e.g. 0.999), validation, early stopping and the returned
   * model use the averaged weights; 0 (default) = the raw weights.
   */
  ema?: number;
  /** Called after each epoch (awaited). */
  onEpoch?: (r: EpochReport) => void | Promise<void>;
}

/** Training losses of {@link trainMlp}. */
export type MlpLoss = 'mse' | 'spectrum-mse' | 'rmse' | 'logmse';
export const MLP_LOSSES: readonly MlpLoss[] = ['mse', 'spectrum-mse', 'rmse', 'logmse'];

/** Training defaults (measured on the validation data, 2026-11). */
export const TRAIN_MLP_DEFAULTS = Object.freeze({ epochs: 120, batchSize: 64, learningRate: 1e-3, learningRateDecay: 0.98, seed: 0, patience: 15, dropout: 0, loss: 'mse' as MlpLoss, ema: 0 });

/** Floor under a spectrum's mean square error before the square root (keeps the gradient finite). */
const RMSE_FLOOR = 1e-8;
/** Floor under a spectrum's mean square error before the logarithm of loss `logmse`. */
const LOGMSE_FLOOR = 1e-6;

/**
 * A batch's loss as sum ÷ weight (see {@link TrainMlpOptions.loss}), so that chunks of the validation
 * data combine exactly: Σ sums ÷ Σ weights. Points whose target is not finite are masked.
 */
function lossParts(tf: typeof tfjs, loss: MlpLoss, pred: tfjs.Tensor2D, y: tfjs.Tensor2D): { sum: tfjs.Scalar; weight: tfjs.Scalar } {
  const valid = tf.isFinite(y);
  const mask = tf.cast(valid, 'float32');
  const se = tf.mul(tf.squaredDifference(pred, tf.where(valid, y, tf.zerosLike(y))), mask);
  if (loss === 'mse') return { sum: tf.sum(se), weight: tf.sum(mask) };
  const perSpectrum = tf.div(tf.sum(se, 1), tf.maximum(tf.sum(mask, 1), 1));
  const rows = tf.scalar(pred.shape[0]);
  if (loss === 'spectrum-mse') return { sum: tf.sum(perSpectrum), weight: rows };
  if (loss === 'logmse') return { sum: tf.sum(tf.log(tf.add(perSpectrum, LOGMSE_FLOOR))), weight: rows };
  return { sum: tf.sum(tf.sqrt(tf.add(perSpectrum, RMSE_FLOOR))), weight: rows };
}

/**
 * Per-batch loss tensor (masked where the target is NaN): see {@link TrainMlpOptions.loss}. Call it
 * inside `tf.tidy` (the intermediate tensors are not disposed here).
 *
 * @example
 * const l = tf.tidy(() => batchLoss(tf, 'mse', pred, y)); // y may hold NaN where a spectrum has no data
 */
export function batchLoss(tf: typeof tfjs, loss: MlpLoss, pred: tfjs.Tensor2D, y: tfjs.Tensor2D): tfjs.Scalar {
  const { sum, weight } = lossParts(tf, loss, pred, y);
  return tf.div(sum, tf.maximum(weight, 1e-12));
}

/** The loss over all rows of (x, y), evaluated `chunk` rows at a time without gradients. */
function dataLoss(tf: typeof tfjs, loss: MlpLoss, forward: (x: tfjs.Tensor2D) => tfjs.Tensor2D, x: Float32Array, y: Float32Array, n: number, L: number, K: number, chunk = 512): number {
  let sum = 0;
  let weight = 0;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const [s, w] = tf.tidy(() => {
      const p = lossParts(tf, loss, forward(tf.tensor2d(x.subarray(start * L, (start + count) * L), [count, L])), tf.tensor2d(y.subarray(start * K, (start + count) * K), [count, K]));
      return [p.sum.dataSync()[0]!, p.weight.dataSync()[0]!];
    });
    sum += s;
    weight += w;
  }
  return weight > 0 ? sum / weight : NaN;
}

/** Result of {@link trainMlp}. */
export interface TrainMlpResult {
  model: MlpModel;
  history: EpochReport[];
  bestEpoch: number;
}

/** Smallest feature sd used for scaling (raw descriptor units), see {@link featureStandardisation}. */
export const MIN_FEATURE_SD = 0.05;

/**
 * Feature mean and 1/sd over the rows of `x`. The sd is floored at `minSd` (default {@link MIN_FEATURE_SD}): a
 * feature that is almost always zero (e.g. a radial bin below 0.9 Å) must not blow up a test
 * structure that happens to populate it.
 *
 * @example
 * const { mean, scale } = featureStandardisation(data.x, data.n, data.inputLength);
 */
export function featureStandardisation(x: Float32Array, n: number, width: number, minSd = MIN_FEATURE_SD): { mean: Float32Array; scale: Float32Array } {
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let s = 0; s < n; s++) for (let i = 0; i < width; i++) mean[i] += x[s * width + i]!;
  for (let i = 0; i < width; i++) mean[i] /= n;
  for (let s = 0; s < n; s++) for (let i = 0; i < width; i++) sq[i] += (x[s * width + i]! - mean[i]!) ** 2;
  const scale = new Float32Array(width);
  for (let i = 0; i < width; i++) {
    const sd = Math.sqrt(sq[i]! / Math.max(1, n - 1));
    scale[i] = 1 / Math.max(sd, minSd);
  }
  return { mean: Float32Array.from(mean), scale };
}

function standardise(x: Float32Array, width: number, mean: Float32Array, scale: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean[i % width]!) * scale[i % width]!;
  return out;
}

/**
 * Train one MLP with Adam and a (masked) squared-error loss.
 *
 * @example
 * const { model } = await trainMlp(train, config, { mean, scale }, { seed: 3, validation: val });
 */
export async function trainMlp(
  data: ForwardData,
  config: MlpConfig,
  norm: { mean: Float32Array; scale: Float32Array; outputBias?: ArrayLike<number> },
  options: TrainMlpOptions = {},
): Promise<TrainMlpResult> {
  const {
    epochs = TRAIN_MLP_DEFAULTS.epochs,
    batchSize = TRAIN_MLP_DEFAULTS.batchSize,
    learningRate = TRAIN_MLP_DEFAULTS.learningRate,
    learningRateDecay = TRAIN_MLP_DEFAULTS.learningRateDecay,
    seed = TRAIN_MLP_DEFAULTS.seed,
    patience = TRAIN_MLP_DEFAULTS.patience,
    dropout = TRAIN_MLP_DEFAULTS.dropout,
    loss: lossKind = TRAIN_MLP_DEFAULTS.loss,
    ema = TRAIN_MLP_DEFAULTS.ema,
  } = options;
  if (!(ema >= 0 && ema < 1)) throw new InputError(`ema must be in [0, 1), got ${ema}`);
  if (!MLP_LOSSES.includes(lossKind)) throw new InputError(`unknown loss "${String(lossKind)}" (known: ${MLP_LOSSES.join(', ')})`);
  for (const [d, what] of [[data, 'training data'], ...(options.validation ? [[options.validation, 'validation data'] as const] : [])] as const) {
    if (d.inputLength !== config.inputLength || d.outputLength !== config.outputLength) {
      throw new InputError(`${what} is ${d.inputLength} → ${d.outputLength}, the model ${config.inputLength} → ${config.outputLength}`);
    }
    if (d.x.length !== d.n * d.inputLength || d.y.length !== d.n * d.outputLength) throw new InputError(`${what}: array sizes do not match n = ${d.n}`);
  }
  const rows = options.indices ?? Uint32Array.from({ length: data.n }, (_, i) => i);
  if (rows.length === 0) throw new InputError('no training samples');
  const tf = await useWasmBackend();
  const xs = standardise(data.x, data.inputLength, norm.mean, norm.scale);
  const val = options.validation ? { ...options.validation, x: standardise(options.validation.x, data.inputLength, norm.mean, norm.scale) } : undefined;
  const L = data.inputLength;
  const K = data.outputLength;
  const rng = seededRng(seed ^ 0x2545f491);
  const result = await minibatchAdam({
    tf,
    init: initMlpWeights(config, seed, norm.outputBias),
    rows: rows.length,
    epochs,
    batchSize,
    learningRate,
    learningRateDecay,
    rng,
    batch: (order, start, count) => {
      const x = new Float32Array(count * L);
      const y = new Float32Array(count * K);
      for (let b = 0; b < count; b++) {
        const r = rows[order[start + b]!]!;
        x.set(xs.subarray(r * L, (r + 1) * L), b * L);
        y.set(data.y.subarray(r * K, (r + 1) * K), b * K);
      }
      return { x, y };
    },
    inputLength: L,
    outputLength: K,
    stepLoss: (params, x, y) => {
      const dropSeed = dropout > 0 ? rng.int(2 ** 30) : undefined;
      return batchLoss(tf, lossKind, mlpForward(tf, config, params, x, dropout, dropSeed) as tfjs.Tensor2D, y);
    },
    ...(val
      ? { validationLoss: (params: Record<string, tfjs.Tensor>) => dataLoss(tf, lossKind, (x) => mlpForward(tf, config, params, x), val.x, val.y, val.n, L, K) }
      : {}),
    patience,
    ema,
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  return { model: { config, weights: result.weights, featureMean: norm.mean, featureScale: norm.scale }, history: result.history, bestEpoch: result.bestEpoch };
}

/**
 * Predict with a trained model on tfjs (raw features in; reference path, production uses ONNX).
 *
 * @example
 * const mu = await predictMlp(model, features, n);
 */
export async function predictMlp(model: MlpModel, x: Float32Array, n: number): Promise<Float32Array> {
  const tf = await useWasmBackend();
  const L = model.config.inputLength;
  if (x.length !== n * L) throw new InputError(`x has ${x.length} values, expected n·inputLength = ${n * L}`);
  const params: Record<string, tfjs.Tensor> = {};
  for (const w of model.weights) params[w.name] = tf.tensor(w.data, w.shape);
  try {
    const xs = standardise(x, L, model.featureMean, model.featureScale);
    const out = tf.tidy(() => mlpForward(tf, model.config, params, tf.tensor2d(xs, [n, L])));
    const result = out.dataSync().slice() as Float32Array;
    out.dispose();
    return result;
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
