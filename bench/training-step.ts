/**
 * Training speed: milliseconds per optimiser step (forward + backward + Adam) of the shipped model
 * shapes on the tfjs wasm backend, with tfjs's own matMul gradient (products through matMul's
 * transpose flags) and with ours (explicit transposes, lab/learn/matmul-gradient.ts, what training
 * uses). Forward MLP: batch 64, the whole descriptor and the no-SOAP view; inverse CNN: batch 32, Fe and
 * Cu input lengths, with its conv layers as matMuls of strided windows (src/inverse/cnn.ts, what training
 * uses) and as tf.conv3d (the first formulation). One process, random data; the 2 cores may be shared
 * with other jobs.
 *
 *   npm run bench -- training-step
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type * as tfjs from '@tensorflow/tfjs';
import { useWasmBackend } from '../lab/learn/backend.ts';
import { cnnConfig, cnnForward, conv1dAsMatMul, initCnnWeights, type CnnConfig } from '../src/inverse/cnn.ts';
import { matMulGradConfig } from '../lab/learn/matmul-gradient.ts';
import { structuralLength } from '../src/forward/descriptor.ts';
import { DEFAULT_FORWARD_MODEL_ID, descriptorParamsOf, type ForwardManifest } from '../src/forward/manifest.ts';
import { initMlpWeights, mlpConfig, mlpForward } from '../lab/forward/mlp.ts';
import { MODELS_DIR } from '../src/paths.ts';
import type { NamedWeight } from '../src/learn/weights.ts';

const tf = await useWasmBackend();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifest fields read loosely for a benchmark
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
const forward = readJson(join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'));
const K = forward.architecture.outputLength as number;
const hidden = forward.architecture.hidden as number[];

interface Case {
  name: string;
  batch: number;
  inputLength: number;
  outputLength: number;
  init: () => NamedWeight[];
  forward: (params: Record<string, tfjs.Tensor>, x: tfjs.Tensor2D) => tfjs.Tensor2D;
}
const mlp = (name: string, inputLength: number): Case => {
  const config = mlpConfig({ inputLength, outputLength: K, hidden });
  return { name, batch: 64, inputLength, outputLength: K, init: () => initMlpWeights(config, 1), forward: (p, x) => mlpForward(tf, config, p, x, 0.1, 7) };
};
/** The CNN as first written: each conv layer a tf.conv3d on [B, 1, 1, L, C] (slower, and its wasm input gradient is wrong for stride > 1). */
function cnnForwardConv3d(config: CnnConfig, params: Record<string, tfjs.Tensor>, x: tfjs.Tensor2D): tfjs.Tensor2D {
  const batch = x.shape[0];
  let h = tf.reshape(x, [batch, 1, 1, config.inputLength, 1]) as tfjs.Tensor5D;
  for (let i = 0; i < config.filters.length; i++) h = tf.relu(tf.add(tf.conv3d(h, params[`conv${i}.kernel`] as tfjs.Tensor5D, [1, 1, config.stride], 'valid'), params[`conv${i}.bias`]!)) as tfjs.Tensor5D;
  let z = tf.reshape(h, [batch, -1]) as tfjs.Tensor2D;
  for (let j = 0; j <= config.hidden.length; j++) {
    z = tf.add(tf.matMul(z, params[`dense${j}.kernel`] as tfjs.Tensor2D), params[`dense${j}.bias`]!);
    if (j < config.hidden.length) z = tf.relu(z);
  }
  return z;
}
const cnn = (element: string, conv3d = false): Case => {
  const config = cnnConfig(readJson(join(MODELS_DIR, 'inverse', `${element.toLowerCase()}-k`, 'manifest.json')).architecture as CnnConfig);
  if (config.padding !== 'valid') throw new Error('bench/training-step expects the valid-padding CNN');
  return {
    name: `inverse CNN ${element} (${config.inputLength} points)${conv3d ? ', conv layers as tf.conv3d (before)' : ''}`,
    batch: 32,
    inputLength: config.inputLength,
    outputLength: config.outputLength,
    init: () => initCnnWeights(config, 1),
    forward: (p, x) => (conv3d ? cnnForwardConv3d(config, p, x) : cnnForward(tf, config, p, x)),
  };
};
const d = descriptorParamsOf(forward as ForwardManifest);
const { soap: _soap, ...withoutSoap } = d;
// The no-SOAP view: radial, angular and shell columns plus the absorber one-hot.
const soapFrom = structuralLength(withoutSoap) + (forward.descriptor.length - structuralLength(d));
const cases = [mlp(`forward MLP, whole descriptor (${forward.descriptor.length} features)`, forward.descriptor.length as number), mlp(`forward MLP, no-SOAP view (${soapFrom} features)`, soapFrom), cnn('Fe', true), cnn('Fe'), cnn('Cu', true), cnn('Cu')];

/** Median ms per step over `steps` steps after 5 warm-up steps. */
function msPerStep(c: Case, steps = 40): number {
  const params: Record<string, tfjs.Variable> = {};
  for (const w of c.init()) params[w.name] = tf.variable(tf.tensor(w.data, w.shape));
  const optimizer = tf.train.adam(1e-3);
  const x = new Float32Array(c.batch * c.inputLength).map((_, i) => Math.sin(i * 0.37));
  const y = new Float32Array(c.batch * c.outputLength).map((_, i) => Math.abs(Math.cos(i * 0.11)));
  const times: number[] = [];
  try {
    for (let s = 0; s < steps + 5; s++) {
      const t0 = performance.now();
      const loss = tf.tidy(() => optimizer.minimize(() => tf.mean(tf.squaredDifference(c.forward(params, tf.tensor2d(x, [c.batch, c.inputLength])), tf.tensor2d(y, [c.batch, c.outputLength]))) as tfjs.Scalar, true, Object.values(params))!);
      loss.dataSync();
      loss.dispose();
      if (s >= 5) times.push(performance.now() - t0);
    }
  } finally {
    optimizer.dispose();
    for (const v of Object.values(params)) v.dispose();
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const rows = ['| model (batch) | tfjs gradient (transpose flags) / ms per step | explicit transposes / ms per step | speed-up |', '|---|---|---|---|'];
for (const c of cases) {
  tf.registerGradient(matMulGradConfig(tf, { explicitTranspose: false }));
  const flags = msPerStep(c);
  tf.registerGradient(matMulGradConfig(tf));
  const explicit = msPerStep(c);
  rows.push(`| ${c.name} (${c.batch}) | ${flags.toFixed(1)} | ${explicit.toFixed(1)} | ${(flags / explicit).toFixed(1)}× |`);
}
console.log(rows.join('\n'));

// Why the CNN left tf.conv3d: its input gradient on this backend, against conv1dAsMatMul's (which the tests
// check against hand-written loops), for one stride-2 layer on random data.
{
  const [L, k, cin, cout] = [41, 8, 3, 4];
  const h = tf.randomNormal([2, L, cin], 0, 1, 'float32', 5) as tfjs.Tensor3D;
  const w = tf.randomNormal([1, 1, k, cin, cout], 0, 1, 'float32', 6) as tfjs.Tensor5D;
  const lout = Math.floor((L - k) / 2) + 1;
  const r = tf.randomNormal([2, lout, cout], 0, 1, 'float32', 7);
  const viaConv3d = (x: tfjs.Tensor3D): tfjs.Tensor => tf.reshape(tf.conv3d(tf.reshape(x, [2, 1, 1, L, cin]) as tfjs.Tensor5D, w, [1, 1, 2], 'valid'), [2, lout, cout]);
  const dConv3d = tf.grad((x: tfjs.Tensor) => tf.sum(tf.mul(viaConv3d(x as tfjs.Tensor3D), r)))(h);
  const dMatMul = tf.grad((x: tfjs.Tensor) => tf.sum(tf.mul(conv1dAsMatMul(tf, x as tfjs.Tensor3D, w, 2), r)))(h);
  const forwardDiff = tf.max(tf.abs(tf.sub(viaConv3d(h), conv1dAsMatMul(tf, h, w, 2)))).dataSync()[0]!;
  const gradDiff = tf.max(tf.abs(tf.sub(dConv3d, dMatMul))).dataSync()[0]!;
  const scale = tf.max(tf.abs(dMatMul)).dataSync()[0]!;
  console.log(`\nconv layer, stride 2 (L ${L}, kernel ${k}, ${cin} → ${cout} channels): tf.conv3d vs conv1dAsMatMul, max |Δ| forward ${forwardDiff.toExponential(1)}, input gradient ${gradDiff.toFixed(2)} (largest gradient entry ${scale.toFixed(2)})`);
}
console.log(`\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), tfjs ${tf.version.tfjs} wasm backend, median of 40 steps, measured ${new Date().toISOString()}`);
