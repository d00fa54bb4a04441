/**
 * @module lab/inverse/train
 * Mini-batch Adam training of the CNN ({@link cnnForward}) on data held as `Float32Array`s.
 * Only one batch at a time becomes a tensor; every step runs under `tf.tidy`, so the tensor count
 * stays constant across epochs. Optional validation data gives per-epoch validation loss, keeps
 * the best weights and can stop early.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { InputError } from '../../src/errors.ts';
import { useWasmBackend } from '../learn/index.ts';
import { cnnForward, initCnnWeights, type CnnConfig, type CnnParams } from '../../src/inverse/index.ts';
import { augmentRow, type AugmentSpec } from '../../src/inverse/index.ts';
import { chunkedLoss, minibatchAdam, type EpochReport } from '../learn/index.ts';
import { seededRng, type SeededRng } from '../../src/learn/index.ts';
import type { ModelWeights, NamedWeight } from '../../src/learn/index.ts';

/** Row-major samples: `x` is n × inputLength, `y` is n × outputLength. */
export interface TrainingData {
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputLength: number;
  outputLength: number;
}

export type { EpochReport } from '../learn/index.ts';

/** Training options; defaults are the paper's (Adam, lr 2e-3, batch 32, 50 epochs). */
export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Seeds both the weight initialisation and the per-epoch shuffling. */
  seed?: number;
  /**
   * Per-output weight w_k in the loss mean_k,b[w_k (ŷ − y)²] (length outputLength). Use it so that
   * small-amplitude far-shell G2 bins are not ignored. Default: all ones.
   */
  lossWeights?: Float32Array;
  /** Held-out data for validation loss, best-weight selection and early stopping. */
  validation?: TrainingData;
  /** Stop after this many epochs without validation improvement. Default: never stop early. */
  patience?: number;
  /** Return the best-validation weights instead of the last ones (only with `validation`). */
  restoreBest?: boolean;
  /** Train on these rows of `data` (e.g. a bootstrap resample, repeats allowed). Default: all rows. */
  indices?: Uint32Array;
  /** Start from these weights instead of a fresh initialisation. */
  initialWeights?: NamedWeight[];
  /** Called after every epoch (awaited). */
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Augment every training row each time it is drawn (validation rows stay clean). */
  augment?: AugmentSpec;
}

/** Result of {@link trainModel}. */
export interface TrainResult {
  model: ModelWeights<CnnConfig>;
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
}

/** Default training options (paper 002, section 2.1). */
export const TRAIN_DEFAULTS = Object.freeze({ epochs: 50, batchSize: 32, learningRate: 2e-3, seed: 0, restoreBest: true });

/**
 * Train a CNN on `data` with Adam and a (weighted) MSE loss.
 *
 * @example
 * const config = cnnConfig({ inputLength: 226, outputLength: 50 });
 * const { model, history } = await trainModel(data, config, { epochs: 50, seed: 1, validation });
 * saveModelWeights('runs/fe/model', model);
 */
export async function trainModel(data: TrainingData, config: CnnConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const {
    epochs = TRAIN_DEFAULTS.epochs,
    batchSize = TRAIN_DEFAULTS.batchSize,
    learningRate = TRAIN_DEFAULTS.learningRate,
    seed = TRAIN_DEFAULTS.seed,
    restoreBest = TRAIN_DEFAULTS.restoreBest,
    patience = Infinity,
  } = options;
  checkData(data, config, 'training data');
  if (options.validation) checkData(options.validation, config, 'validation data');
  if (!Number.isInteger(epochs) || epochs < 1) throw new InputError(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!(learningRate > 0)) throw new InputError(`learningRate must be > 0, got ${learningRate}`);
  const lossWeights = options.lossWeights ?? new Float32Array(config.outputLength).fill(1);
  if (lossWeights.length !== config.outputLength) {
    throw new InputError(`lossWeights has ${lossWeights.length} entries, expected outputLength ${config.outputLength}`);
  }
  const rows = options.indices ?? Uint32Array.from({ length: data.n }, (_, i) => i);
  for (const r of rows) if (r >= data.n) throw new InputError(`training index ${r} out of range (n = ${data.n})`);
  if (rows.length === 0) throw new InputError('no training samples');

  const tf = await useWasmBackend();
  const wLoss = tf.tensor1d(lossWeights);
  const lossOf = (pred: tfjs.Tensor2D, y: tfjs.Tensor2D): tfjs.Scalar => tf.mean(tf.mul(tf.squaredDifference(pred, y), wLoss));
  const augmentRng = options.augment ? seededRng(seed ^ 0x2545f491) : undefined;
  const validation = options.validation;
  try {
    const result = await minibatchAdam({
      tf,
      init: options.initialWeights ?? initCnnWeights(config, seed),
      rows: rows.length,
      epochs,
      batchSize,
      learningRate,
      rng: seededRng(seed ^ 0x5bd1e995),
      batch: (order, start, count) => gatherBatch(data, rows, order, start, count, options.augment, augmentRng),
      inputLength: data.inputLength,
      outputLength: data.outputLength,
      stepLoss: (params, x, y) => lossOf(cnnForward(tf, config, params, x), y),
      ...(validation
        ? { validationLoss: (params: CnnParams) => chunkedLoss(tf, validation.x, validation.y, validation.n, validation.inputLength, validation.outputLength, 256, (x, y) => lossOf(cnnForward(tf, config, params, x), y)) }
        : {}),
      patience,
      restoreBest,
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    return { model: { config, weights: result.weights }, history: result.history, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly };
  } finally {
    wLoss.dispose();
  }
}

function gatherBatch(
  data: TrainingData,
  rows: Uint32Array,
  order: Uint32Array,
  start: number,
  count: number,
  augment?: AugmentSpec,
  augmentRng?: SeededRng,
): { x: Float32Array; y: Float32Array } {
  const L = data.inputLength;
  const K = data.outputLength;
  // Fresh arrays per batch: the wasm backend may read a tensor's source array lazily.
  const xb = new Float32Array(count * L);
  const yb = new Float32Array(count * K);
  for (let b = 0; b < count; b++) {
    const r = rows[order[start + b]!]!;
    xb.set(data.x.subarray(r * L, (r + 1) * L), b * L);
    yb.set(data.y.subarray(r * K, (r + 1) * K), b * K);
  }
  if (augment && augmentRng) {
    const scratch = new Float32Array(L);
    for (let b = 0; b < count; b++) augmentRow(xb.subarray(b * L, (b + 1) * L), augment, augmentRng, scratch);
  }
  return { x: xb, y: yb };
}

function checkData(data: TrainingData, config: CnnConfig, what: string): void {
  if (data.inputLength !== config.inputLength) {
    throw new InputError(`${what}: inputLength ${data.inputLength} does not match the model's ${config.inputLength}`);
  }
  if (data.outputLength !== config.outputLength) {
    throw new InputError(`${what}: outputLength ${data.outputLength} does not match the model's ${config.outputLength}`);
  }
  if (!Number.isInteger(data.n) || data.n < 1) throw new InputError(`${what}: n must be a positive integer, got ${data.n}`);
  if (data.x.length !== data.n * data.inputLength) {
    throw new InputError(`${what}: x has ${data.x.length} values, expected n·inputLength = ${data.n * data.inputLength}`);
  }
  if (data.y.length !== data.n * data.outputLength) {
    throw new InputError(`${what}: y has ${data.y.length} values, expected n·outputLength = ${data.n * data.outputLength}`);
  }
  for (const [arr, width, name] of [[data.x, data.inputLength, 'x'], [data.y, data.outputLength, 'y']] as const) {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]!)) {
        throw new InputError(`${what}: ${name} of sample ${Math.floor(i / width)} has a non-finite value at column ${i % width}`);
      }
    }
  }
}

/**
 * Predict with trained weights on the tfjs backend (reference implementation; production inference
 * uses ONNX). `x` is n × inputLength row-major; returns n × outputLength.
 *
 * @example
 * const yHat = await predictCnn(model, x, n);
 */
export async function predictCnn(model: ModelWeights<CnnConfig>, x: Float32Array, n: number): Promise<Float32Array> {
  const tf = await useWasmBackend();
  const { config } = model;
  if (x.length !== n * config.inputLength) {
    throw new InputError(`x has ${x.length} values, expected n·inputLength = ${n * config.inputLength}`);
  }
  const params: CnnParams = {};
  for (const w of model.weights) params[w.name] = tf.tensor(w.data, w.shape);
  try {
    const out = tf.tidy(() => cnnForward(tf, config, params, tf.tensor2d(x, [n, config.inputLength])));
    const result = out.dataSync().slice() as Float32Array;
    out.dispose();
    return result;
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
