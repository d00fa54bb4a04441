/**
 * @module lab/learn/minibatch-adam
 * The mini-batch Adam loop both networks train with (the inverse CNN in inverse/train, the forward
 * MLP in forward/train-mlp): weights as tfjs variables, one batch at a time as tensors, every step
 * under `tf.tidy` (the tensor count stays constant across epochs), an optional learning-rate decay
 * and weight average, and with a validation loss: best-weight selection and early stopping.
 * What differs between the networks — the forward pass, the loss, how a batch is gathered
 * (augmentation) and the validation loss — comes in as functions.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { shuffledIndices, type SeededRng } from '../../src/learn/index.ts';
import type { NamedWeight } from '../../src/learn/index.ts';

/** One line of training history (epochs are 1-based). */
export interface EpochReport {
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  /** Loss on the validation data, if given. */
  valLoss?: number;
  /** Wall time of this epoch. */
  seconds: number;
  /** Epoch whose weights are currently kept as best (the last epoch without validation). */
  bestEpoch: number;
}

/** What {@link minibatchAdam} needs; see the module comment. */
export interface MinibatchAdamSpec {
  tf: typeof tfjs;
  /** Initial weights (names and shapes of the returned weights). */
  init: readonly NamedWeight[];
  /** How many training rows an epoch visits (shuffled by `rng` each epoch). */
  rows: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate of epoch e = learningRate · decay^(e − 1). Default 1 (constant). */
  learningRateDecay?: number;
  /** Shuffles the rows each epoch; `stepLoss` may draw from it too (e.g. dropout seeds). */
  rng: SeededRng;
  /** The batch of rows order[start … start + count − 1] as row-major x (count × inputLength) and y. */
  batch: (order: Uint32Array, start: number, count: number) => { x: Float32Array; y: Float32Array };
  inputLength: number;
  outputLength: number;
  /** Training loss of one batch (runs inside the optimiser's tape). */
  stepLoss: (params: Record<string, tfjs.Variable>, x: tfjs.Tensor2D, y: tfjs.Tensor2D) => tfjs.Scalar;
  /** Validation loss of the weights `params` (without it: no selection, no early stopping). */
  validationLoss?: (params: Record<string, tfjs.Tensor>) => number;
  /** Stop after this many epochs without validation improvement. Default: never. */
  patience?: number;
  /** Return the best-validation weights instead of the last ones. Default true. */
  restoreBest?: boolean;
  /**
   * Exponential moving average of the weights (Polyak averaging): after every step
   * avg ← ema·avg + (1 − ema)·w; validation and the returned weights then use the average. Default 0 (off).
   */
  ema?: number;
  /** Called after every epoch (awaited). */
  onEpoch?: (report: EpochReport) => void | Promise<void>;
}

/** Result of {@link minibatchAdam}. */
export interface MinibatchAdamResult {
  weights: NamedWeight[];
  history: EpochReport[];
  bestEpoch: number;
  stoppedEarly: boolean;
}

/**
 * Run the loop; disposes every variable it made, also on error.
 *
 * @example
 * const { weights } = await minibatchAdam({ tf, init, rows: n, epochs: 50, batchSize: 32, learningRate: 2e-3, rng,
 *   batch, inputLength: L, outputLength: K, stepLoss: (p, x, y) => tf.mean(tf.squaredDifference(forward(p, x), y)) });
 */
export async function minibatchAdam(spec: MinibatchAdamSpec): Promise<MinibatchAdamResult> {
  const { tf, init, epochs, batchSize, learningRate, rng, inputLength: L, outputLength: K } = spec;
  const { learningRateDecay = 1, patience = Infinity, restoreBest = true, ema = 0 } = spec;
  const params: Record<string, tfjs.Variable> = {};
  const averaged: Record<string, tfjs.Variable> = {};
  const makeVariable = (w: NamedWeight, trainable: boolean): tfjs.Variable => {
    const initial = tf.tensor(w.data, w.shape);
    const v = tf.variable(initial, trainable, `${w.name}_${uniqueTag()}`);
    initial.dispose();
    return v;
  };
  for (const w of init) params[w.name] = makeVariable(w, true);
  if (ema > 0) for (const w of init) averaged[w.name] = makeVariable(w, false);
  const varList = Object.values(params);
  const evalParams = ema > 0 ? averaged : params;
  const optimizer = tf.train.adam(learningRate);
  const snapshot = (): NamedWeight[] => init.map((w) => ({ name: w.name, shape: [...w.shape], data: evalParams[w.name]!.dataSync().slice() as Float32Array }));

  const history: EpochReport[] = [];
  let best: NamedWeight[] | undefined;
  let bestEpoch = 0;
  let bestVal = Infinity;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      if (learningRateDecay !== 1) (optimizer as unknown as { learningRate: number }).learningRate = learningRate * learningRateDecay ** (epoch - 1);
      const order = shuffledIndices(spec.rows, rng);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const count = Math.min(batchSize, order.length - start);
        const { x: xb, y: yb } = spec.batch(order, start, count);
        const loss = tf.tidy((): tfjs.Scalar => {
          const x = tf.tensor2d(xb, [count, L]);
          const y = tf.tensor2d(yb, [count, K]);
          return optimizer.minimize(() => spec.stepLoss(params, x, y), true, varList) ?? tf.scalar(NaN);
        });
        if (ema > 0) {
          tf.tidy(() => {
            for (const w of init) averaged[w.name]!.assign(tf.add(tf.mul(averaged[w.name]!, ema), tf.mul(params[w.name]!, 1 - ema)));
          });
        }
        lossSum += loss.dataSync()[0]! * count;
        loss.dispose();
      }
      const report: EpochReport = { epoch, epochs, trainLoss: lossSum / order.length, seconds: 0, bestEpoch: epoch };
      if (spec.validationLoss) {
        report.valLoss = spec.validationLoss(evalParams);
        if (report.valLoss < bestVal) {
          bestVal = report.valLoss;
          bestEpoch = epoch;
          if (restoreBest) best = snapshot();
        }
        report.bestEpoch = bestEpoch;
      } else {
        bestEpoch = epoch;
      }
      report.seconds = (performance.now() - t0) / 1000;
      history.push(report);
      await spec.onEpoch?.(report);
      if (spec.validationLoss && epoch - bestEpoch >= patience) {
        stoppedEarly = epoch < epochs;
        break;
      }
    }
    return { weights: best ?? snapshot(), history, bestEpoch, stoppedEarly };
  } finally {
    optimizer.dispose();
    for (const v of [...varList, ...Object.values(averaged)]) v.dispose();
  }
}

/**
 * Mean of `loss` over `n` rows, evaluated `chunk` rows at a time without gradients
 * (each chunk's loss weighted by its row count).
 *
 * @example
 * const val = chunkedLoss(tf, val.x, val.y, val.n, L, K, 256, (x, y) => lossOf(forward(params, x), y));
 */
export function chunkedLoss(
  tf: typeof tfjs,
  x: Float32Array,
  y: Float32Array,
  n: number,
  inputLength: number,
  outputLength: number,
  chunk: number,
  loss: (x: tfjs.Tensor2D, y: tfjs.Tensor2D) => tfjs.Scalar,
): number {
  let sum = 0;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const v = tf.tidy(() =>
      loss(
        tf.tensor2d(x.slice(start * inputLength, (start + count) * inputLength), [count, inputLength]),
        tf.tensor2d(y.slice(start * outputLength, (start + count) * outputLength), [count, outputLength]),
      ),
    );
    sum += v.dataSync()[0]! * count;
    v.dispose();
  }
  return sum / n;
}

let tagCounter = 0;
/** A variable-name suffix unique within the process (tfjs refuses two variables of one name). */
function uniqueTag(): string {
  tagCounter += 1;
  return `${process.pid}_${tagCounter}`;
}
