/**
 * @module inverse/cnn
 * The spectrum → G2 convolutional network of the XANES inverse model (paper 002, section 2.1):
 * three 1D convolutions (kernel 8, stride 2, ReLU) → flatten → dense 256 → ReLU → dense 128 → ReLU
 * → dense `outputLength` (linear).
 *
 * The model is plain named weights plus a pure {@link cnnForward}; no `tf.layers`, so the same
 * weights export directly to ONNX (src/onnx). Conv filters are stored as `[1, 1, k, Cin, Cout]`, the
 * layout of the first version, which ran `tf.conv3d` on `[B, 1, 1, L, C]` (the tfjs wasm backend has no
 * Conv2D gradient kernels). That was slow, and on the wasm backend of tfjs 4.22 conv3d's input gradient
 * is wrong for stride > 1, so the forward pass now computes each 1D convolution as one matMul of strided
 * windows ({@link conv1dAsMatMul}); a training step of the shipped Cu network takes a quarter to a half
 * of the conv3d time (bench/training-step.ts).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { InputError } from '../errors.ts';
import { seededRng } from '../learn/index.ts';
import type { NamedWeight } from '../learn/index.ts';

/** Network shape. `filters.length` is the number of conv layers, `hidden` the dense hidden sizes. */
export interface CnnConfig {
  /** Points per input spectrum (L). */
  inputLength: number;
  /** Number of regression targets (50 G2 bins in the paper). */
  outputLength: number;
  /** Output channels of each conv layer. */
  filters: number[];
  /** Conv kernel width in grid points. */
  kernelSize: number;
  /** Conv stride in grid points. */
  stride: number;
  /**
   * `'valid'` (no padding, PyTorch's `padding=0` as in the paper's code) or `'same'`
   * (TensorFlow convention: output length ceil(L/stride), extra pad point at the end).
   */
  padding: 'valid' | 'same';
  /** Sizes of the dense hidden layers (each followed by ReLU). */
  hidden: number[];
  /** Weight initialisation: Glorot/Xavier uniform (paper ref. 24) or He normal. Biases start at 0. */
  init: 'xavier' | 'he';
}

/**
 * Defaults = the paper's architecture. The paper's text gives a very small filter count per conv
 * layer ("its own set of 2 filters"); we default to the doubling scheme [8, 16, 32].
 * Timing (2025, this 2-core box, wasm backend, 4000 samples × 226 points, batch 32, one process, with
 * the first conv3d version; steps are now about 4× faster, bench/training-step.ts):
 * filters [8,16,32] ≈ 5.0 s/epoch, [16,32,64] ≈ 16 s/epoch — i.e. 50 epochs ≈ 4 min vs 13 min
 * per ensemble member.
 */
export const CNN_DEFAULTS: Omit<CnnConfig, 'inputLength'> = Object.freeze({
  outputLength: 50,
  filters: [8, 16, 32],
  kernelSize: 8,
  stride: 2,
  padding: 'valid',
  hidden: [256, 128],
  init: 'xavier',
}) as Omit<CnnConfig, 'inputLength'>;

/**
 * Fill a partial config with {@link CNN_DEFAULTS} and validate it.
 *
 * @example
 * const config = cnnConfig({ inputLength: 226 }); // paper architecture for 226-point spectra
 */
export function cnnConfig(partial: Partial<CnnConfig> & { inputLength: number }): CnnConfig {
  const config: CnnConfig = {
    ...CNN_DEFAULTS,
    ...partial,
    filters: [...(partial.filters ?? CNN_DEFAULTS.filters)],
    hidden: [...(partial.hidden ?? CNN_DEFAULTS.hidden)],
  };
  const positiveInt = (v: number, name: string): void => {
    if (!Number.isInteger(v) || v < 1) throw new InputError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt(config.inputLength, 'inputLength');
  positiveInt(config.outputLength, 'outputLength');
  positiveInt(config.kernelSize, 'kernelSize');
  positiveInt(config.stride, 'stride');
  config.filters.forEach((f, i) => positiveInt(f, `filters[${i}]`));
  config.hidden.forEach((h, i) => positiveInt(h, `hidden[${i}]`));
  if (config.padding !== 'valid' && config.padding !== 'same') {
    throw new InputError(`padding must be "valid" or "same", got "${String(config.padding)}"`);
  }
  if (config.init !== 'xavier' && config.init !== 'he') {
    throw new InputError(`init must be "xavier" or "he", got "${String(config.init)}"`);
  }
  convLengths(config); // throws if the spectrum is too short
  return config;
}

/**
 * Padding of one conv layer as `[before, after]` grid points (ONNX `pads` order) and its output length.
 *
 * @example
 * convPadding(40, 8, 2, 'valid'); // { padBefore: 0, padAfter: 0, outputLength: 17 }
 */
export function convPadding(
  inputLength: number,
  kernelSize: number,
  stride: number,
  padding: 'valid' | 'same',
): { padBefore: number; padAfter: number; outputLength: number } {
  if (padding === 'valid') {
    return { padBefore: 0, padAfter: 0, outputLength: Math.floor((inputLength - kernelSize) / stride) + 1 };
  }
  const outputLength = Math.ceil(inputLength / stride);
  const total = Math.max((outputLength - 1) * stride + kernelSize - inputLength, 0);
  const padBefore = Math.floor(total / 2);
  return { padBefore, padAfter: total - padBefore, outputLength };
}

/**
 * Sequence length after each conv layer (index 0 = input length).
 *
 * @example
 * convLengths(cnnConfig({ inputLength: 226 })); // [226, 110, 52, 23]
 */
export function convLengths(config: CnnConfig): number[] {
  const lengths = [config.inputLength];
  for (let i = 0; i < config.filters.length; i++) {
    const { outputLength } = convPadding(lengths[i]!, config.kernelSize, config.stride, config.padding);
    if (outputLength < 1) {
      throw new InputError(
        `inputLength ${config.inputLength} is too short for ${config.filters.length} conv layers ` +
          `(kernel ${config.kernelSize}, stride ${config.stride}, padding ${config.padding}): ` +
          `layer ${i + 1} would have length ${outputLength}`,
      );
    }
    lengths.push(outputLength);
  }
  return lengths;
}

/** Name and shape of every weight tensor, in forward order. */
export function cnnWeightShapes(config: CnnConfig): { name: string; shape: number[] }[] {
  const shapes: { name: string; shape: number[] }[] = [];
  let channels = 1;
  config.filters.forEach((f, i) => {
    shapes.push({ name: `conv${i}.kernel`, shape: [1, 1, config.kernelSize, channels, f] });
    shapes.push({ name: `conv${i}.bias`, shape: [f] });
    channels = f;
  });
  const lengths = convLengths(config);
  let width = lengths[lengths.length - 1]! * channels;
  [...config.hidden, config.outputLength].forEach((h, j) => {
    shapes.push({ name: `dense${j}.kernel`, shape: [width, h] });
    shapes.push({ name: `dense${j}.bias`, shape: [h] });
    width = h;
  });
  return shapes;
}

/**
 * Fresh weights: kernels Glorot-uniform (or He-normal), biases zero, from a seeded generator.
 *
 * @example
 * const weights = initCnnWeights(cnnConfig({ inputLength: 40 }), 7);
 * weights[0].name; // 'conv0.kernel'
 */
export function initCnnWeights(config: CnnConfig, seed: number): NamedWeight[] {
  const rng = seededRng(seed);
  return cnnWeightShapes(config).map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.kernel')) {
      // conv [1,1,k,Cin,Cout]: fanIn = k·Cin, fanOut = k·Cout; dense [in,out].
      const isConv = shape.length === 5;
      const fanIn = isConv ? shape[2]! * shape[3]! : shape[0]!;
      const fanOut = isConv ? shape[2]! * shape[4]! : shape[1]!;
      if (config.init === 'xavier') {
        const a = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < size; i++) data[i] = (2 * rng.uniform() - 1) * a;
      } else {
        const sd = Math.sqrt(2 / fanIn);
        for (let i = 0; i < size; i++) data[i] = rng.normal() * sd;
      }
    }
    return { name, shape, data };
  });
}

/** tf tensors (usually `tf.Variable`s) keyed by weight name. */
export type CnnParams = Record<string, tfjs.Tensor>;

/**
 * Pure forward pass: `x` [B, L] → prediction [B, outputLength]. Call inside `tf.tidy`.
 *
 * @example
 * const y = tf.tidy(() => cnnForward(tf, config, params, tf.tensor2d(x, [n, config.inputLength])));
 */
export function cnnForward(tf: typeof tfjs, config: CnnConfig, params: CnnParams, x: tfjs.Tensor2D): tfjs.Tensor2D {
  const batch = x.shape[0];
  let h: tfjs.Tensor3D = tf.reshape(x, [batch, config.inputLength, 1]);
  let length = config.inputLength;
  for (let i = 0; i < config.filters.length; i++) {
    const { padBefore, padAfter, outputLength } = convPadding(length, config.kernelSize, config.stride, config.padding);
    if (padBefore > 0 || padAfter > 0) h = tf.pad(h, [[0, 0], [padBefore, padAfter], [0, 0]]);
    const kernel = param(params, `conv${i}.kernel`) as tfjs.Tensor5D;
    h = tf.relu(tf.add(conv1dAsMatMul(tf, h, kernel, config.stride), param(params, `conv${i}.bias`))) as tfjs.Tensor3D;
    length = outputLength;
  }
  let z: tfjs.Tensor2D = tf.reshape(h, [batch, -1]); // channels-last flatten: index l·C + c
  const layers = config.hidden.length + 1;
  for (let j = 0; j < layers; j++) {
    z = tf.add(tf.matMul(z, param(params, `dense${j}.kernel`) as tfjs.Tensor2D), param(params, `dense${j}.bias`));
    if (j < layers - 1) z = tf.relu(z);
  }
  return z;
}

/**
 * Valid 1D convolution, `h` [B, L, Cin] with filters [1, 1, k, Cin, Cout] and stride s → [B, Lout, Cout],
 * Lout = ⌊(L − k)/s⌋ + 1, as one matMul. Consecutive groups of s positions are folded into the channel
 * axis ([B, L/s, s·Cin]); then output position o sees the q = ⌈k/s⌉ folded positions o … o + q − 1,
 * whose concatenation is exactly input positions o·s … o·s + q·s − 1 in tap-major order, the row order
 * of the filters reshaped to [k·Cin, Cout] (zero rows added for taps k … q·s − 1). Only reshape, slice,
 * concat and matMul: all have fast wasm kernels and gradients.
 *
 * @example
 * conv1dAsMatMul(tf, tf.zeros([2, 40, 1]), tf.zeros([1, 1, 8, 1, 4]), 2).shape; // [2, 17, 4]
 */
export function conv1dAsMatMul(tf: typeof tfjs, h: tfjs.Tensor3D, kernel: tfjs.Tensor5D, stride: number): tfjs.Tensor3D {
  const [batch, length, cin] = h.shape;
  const [, , k, kernelCin, cout] = kernel.shape;
  if (kernelCin !== cin) throw new InputError(`conv filters expect ${kernelCin} input channels, got ${cin}`);
  const lout = Math.floor((length - k) / stride) + 1;
  if (lout < 1) throw new InputError(`a sequence of ${length} points is shorter than the kernel (${k})`);
  const q = Math.ceil(k / stride);
  const folded = lout + q - 1; // folded positions the windows touch
  const needed = folded * stride;
  // Exactly `needed` input points: cut the tail the windows never reach, or pad zeros (they meet zero filter rows).
  const input = needed <= length ? tf.slice(h, [0, 0, 0], [batch, needed, cin]) : tf.pad(h, [[0, 0], [0, needed - length], [0, 0]]);
  const grouped = tf.reshape(input, [batch, folded, stride * cin]);
  const windows = q === 1 ? grouped : tf.concat(Array.from({ length: q }, (_, t) => tf.slice(grouped, [0, t, 0], [batch, lout, stride * cin])), 2);
  let w: tfjs.Tensor2D = tf.reshape(kernel, [k * cin, cout]);
  if (q * stride > k) w = tf.concat([w, tf.zeros([(q * stride - k) * cin, cout])], 0);
  return tf.reshape(tf.matMul(tf.reshape(windows, [batch * lout, q * stride * cin]), w), [batch, lout, cout]);
}

function param(params: CnnParams, name: string): tfjs.Tensor {
  const p = params[name];
  if (!p) throw new InputError(`CNN weights lack tensor "${name}"`);
  return p;
}
