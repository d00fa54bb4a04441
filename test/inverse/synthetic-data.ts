/**
 * Tiny seeded synthetic regression set shared by the inverse / ensemble / onnx tests:
 * each "spectrum" is a Gaussian peak (centre c, width w, height a) on an L-point grid plus noise;
 * the K targets are smooth functions of (c, w, a).
 */
import { seededRng } from '../../src/learn/seeded-rng.ts';
import type { TrainingData } from '../../lab/inverse/train.ts';

export function syntheticPeaks(n: number, inputLength = 64, outputLength = 6, seed = 1): TrainingData {
  const rng = seededRng(seed);
  const x = new Float32Array(n * inputLength);
  const y = new Float32Array(n * outputLength);
  for (let s = 0; s < n; s++) {
    const c = 0.25 + 0.5 * rng.uniform();
    const w = 0.05 + 0.1 * rng.uniform();
    const a = 0.5 + rng.uniform();
    for (let i = 0; i < inputLength; i++) {
      const t = i / (inputLength - 1);
      x[s * inputLength + i] = a * Math.exp(-0.5 * ((t - c) / w) ** 2) + 0.01 * rng.normal();
    }
    for (let k = 0; k < outputLength; k++) {
      const f = (k + 1) / outputLength;
      y[s * outputLength + k] = a * Math.sin(Math.PI * f * c) + (w - 0.1) * 5 * f;
    }
  }
  return { x, y, n, inputLength, outputLength };
}
