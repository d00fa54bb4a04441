/**
 * @module lab/forward/mlp
 * The forward model's network: a multilayer perceptron over standardised descriptors with ReLU
 * hidden layers and a softplus output (μ ≥ 0). Weights are named `NamedWeight`s
 * (`dense{j}.kernel` [in, out], `dense{j}.bias` [out]) as in src/inverse, so the ONNX exporter and
 * the weight files work the same way. `mlpForward` is the tfjs graph (training); `mlpForwardJs` is
 * the same arithmetic in plain TypeScript (reference for tests and tfjs-free checks).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { InputError } from '../../src/errors.ts';
import { seededRng } from '../../src/learn/index.ts';
import type { NamedWeight } from '../../src/learn/index.ts';

/** Architecture of one MLP. */
export interface MlpConfig {
  kind: 'mlp';
  inputLength: number;
  hidden: number[];
  outputLength: number;
}

/** One trained MLP with the feature standardisation it expects. */
export interface MlpModel {
  config: MlpConfig;
  weights: NamedWeight[];
  /** x_std = (x − featureMean) · featureScale, applied before the first layer. */
  featureMean: Float32Array;
  featureScale: Float32Array;
  meta?: Record<string, unknown>;
}

/** Default hidden layers. */
export const MLP_DEFAULTS = Object.freeze({ hidden: Object.freeze([256, 256]) });

/**
 * An MLP config with defaults filled in.
 *
 * @example
 * mlpConfig({ inputLength: 306, outputLength: 161 }) // hidden [256, 256]
 */
export function mlpConfig({ inputLength, outputLength, hidden = [...MLP_DEFAULTS.hidden] }: { inputLength: number; outputLength: number; hidden?: number[] }): MlpConfig {
  for (const [v, what] of [[inputLength, 'inputLength'], [outputLength, 'outputLength'], ...hidden.map((h, i) => [h, `hidden[${i}]`] as const)] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InputError(`${what} must be a positive integer, got ${v}`);
  }
  return { kind: 'mlp', inputLength, hidden: [...hidden], outputLength };
}

/**
 * Weight shapes in order: dense0.kernel, dense0.bias, …
 *
 * @example
 * mlpWeightShapes(mlpConfig({ inputLength: 3, outputLength: 2, hidden: [4] }))
 * // [{ name: 'dense0.kernel', shape: [3, 4] }, { name: 'dense0.bias', shape: [4] }, { name: 'dense1.kernel', shape: [4, 2] }, …]
 */
export function mlpWeightShapes(config: MlpConfig): { name: string; shape: number[] }[] {
  const sizes = [config.inputLength, ...config.hidden, config.outputLength];
  const out: { name: string; shape: number[] }[] = [];
  for (let j = 0; j + 1 < sizes.length; j++) {
    out.push({ name: `dense${j}.kernel`, shape: [sizes[j]!, sizes[j + 1]!] });
    out.push({ name: `dense${j}.bias`, shape: [sizes[j + 1]!] });
  }
  return out;
}

/** softplus⁻¹(y) = log(eʸ − 1), for y > 0. */
export function inverseSoftplus(y: number): number {
  return y > 20 ? y : Math.log(Math.expm1(Math.max(y, 1e-6)));
}

/**
 * He-normal kernels (seeded), zero hidden biases; the output bias is softplus⁻¹(outputBias) when given
 * (e.g. the mean training spectrum), so training starts from the average spectrum.
 *
 * @example
 * const w = initMlpWeights(config, 7, meanSpectrum);
 */
export function initMlpWeights(config: MlpConfig, seed: number, outputBias?: ArrayLike<number>): NamedWeight[] {
  const rng = seededRng(seed);
  const layers = config.hidden.length + 1;
  return mlpWeightShapes(config).map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.kernel')) {
      const last = name === `dense${layers - 1}.kernel`;
      const sd = Math.sqrt(2 / shape[0]!) * (last ? 0.1 : 1);
      for (let i = 0; i < size; i++) data[i] = sd * rng.normal();
    } else if (name === `dense${layers - 1}.bias` && outputBias) {
      if (outputBias.length !== size) throw new InputError(`outputBias has ${outputBias.length} values, expected ${size}`);
      for (let i = 0; i < size; i++) data[i] = inverseSoftplus(outputBias[i]!);
    }
    return { name, shape: [...shape], data };
  });
}

/**
 * tfjs forward pass on standardised input x [n, inputLength] → μ [n, outputLength]. `dropout` > 0
 * (training only) drops hidden activations with that rate (inverted dropout).
 *
 * @example
 * const y = mlpForward(tf, config, params, x);
 */
export function mlpForward(tf: typeof tfjs, config: MlpConfig, params: Record<string, tfjs.Tensor>, x: tfjs.Tensor2D, dropout = 0, seed?: number): tfjs.Tensor2D {
  const layers = config.hidden.length + 1;
  let h: tfjs.Tensor2D = x;
  for (let j = 0; j < layers; j++) {
    const z = tf.add(tf.matMul(h, params[`dense${j}.kernel`] as tfjs.Tensor2D), params[`dense${j}.bias`]!) as tfjs.Tensor2D;
    h = j < layers - 1 ? tf.relu(z) : tf.softplus(z);
    // Inverted dropout on hidden activations (training only; inference passes dropout = 0).
    if (dropout > 0 && j < layers - 1) h = tf.dropout(h, dropout, undefined, seed === undefined ? undefined : seed + j) as tfjs.Tensor2D;
  }
  return h;
}

/**
 * Plain-TypeScript forward pass of a trained model on RAW features (standardisation included),
 * x [n, inputLength] row-major → μ [n, outputLength].
 *
 * @example
 * const mu = mlpForwardJs(model, features, 1);
 */
export function mlpForwardJs(model: MlpModel, x: Float32Array, n: number): Float32Array {
  const { config } = model;
  if (x.length !== n * config.inputLength) throw new InputError(`x has ${x.length} values, expected n·inputLength = ${n * config.inputLength}`);
  const byName = new Map(model.weights.map((w) => [w.name, w]));
  const get = (name: string): Float32Array => {
    const w = byName.get(name);
    if (!w) throw new InputError(`model weights lack "${name}"`);
    return w.data;
  };
  const layers = config.hidden.length + 1;
  const sizes = [config.inputLength, ...config.hidden, config.outputLength];
  const out = new Float32Array(n * config.outputLength);
  for (let s = 0; s < n; s++) {
    let h = new Float64Array(config.inputLength);
    for (let i = 0; i < config.inputLength; i++) h[i] = (x[s * config.inputLength + i]! - model.featureMean[i]!) * model.featureScale[i]!;
    for (let j = 0; j < layers; j++) {
      const W = get(`dense${j}.kernel`);
      const b = get(`dense${j}.bias`);
      const nin = sizes[j]!;
      const nout = sizes[j + 1]!;
      const z = new Float64Array(nout);
      for (let o = 0; o < nout; o++) z[o] = b[o]!;
      for (let i = 0; i < nin; i++) {
        const hi = h[i]!;
        if (hi === 0) continue;
        const row = i * nout;
        for (let o = 0; o < nout; o++) z[o] += hi * W[row + o]!;
      }
      for (let o = 0; o < nout; o++) z[o] = j < layers - 1 ? Math.max(0, z[o]!) : softplus(z[o]!);
      h = z;
    }
    for (let o = 0; o < config.outputLength; o++) out[s * config.outputLength + o] = h[o]!;
  }
  return out;
}

/** softplus(z) = log(1 + eᶻ), overflow-safe. */
export function softplus(z: number): number {
  return z > 20 ? z : Math.log1p(Math.exp(z));
}

/**
 * The same network on a wider input: `model` was trained on the columns `columns` of a descriptor of
 * `standardisation.mean.length` features; the result reads the whole descriptor, with zero first-layer
 * weights on every other column, and takes the whole descriptor's standardisation (which must agree
 * with the model's on the kept columns). Lets members that see different descriptor blocks share one
 * ensemble graph and one input.
 *
 * @example
 * const wide = widenMlpInput(noSoapMember, nonSoapColumns, { mean, scale });
 */
export function widenMlpInput(model: MlpModel, columns: readonly number[], standardisation: { mean: Float32Array; scale: Float32Array }): MlpModel {
  const F = standardisation.mean.length;
  const { inputLength, hidden } = model.config;
  if (columns.length !== inputLength) throw new InputError(`${columns.length} columns given for a model of ${inputLength} inputs`);
  if (standardisation.scale.length !== F) throw new InputError('standardisation mean and scale differ in length');
  columns.forEach((c, j) => {
    if (!Number.isInteger(c) || c < 0 || c >= F) throw new InputError(`column ${c} is outside the ${F}-feature descriptor`);
    const agree = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
    if (!agree(model.featureMean[j]!, standardisation.mean[c]!) || !agree(model.featureScale[j]!, standardisation.scale[c]!)) {
      throw new InputError(`the model's standardisation of its input ${j} differs from that of descriptor column ${c}`);
    }
  });
  const width = hidden.length > 0 ? hidden[0]! : model.config.outputLength;
  const weights = model.weights.map((w) => {
    if (w.name !== 'dense0.kernel') return { ...w, shape: [...w.shape], data: w.data.slice() };
    const data = new Float32Array(F * width);
    columns.forEach((c, j) => data.set(w.data.subarray(j * width, (j + 1) * width), c * width));
    return { name: w.name, shape: [F, width], data };
  });
  return { config: { ...model.config, hidden: [...hidden], inputLength: F }, weights, featureMean: standardisation.mean.slice(), featureScale: standardisation.scale.slice(), ...(model.meta ? { meta: model.meta } : {}) };
}
