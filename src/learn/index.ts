/**
 * @module learn
 * Training machinery shared by the inverse CNN (src/inverse) and the forward MLP (src/forward):
 * the tfjs wasm backend, the seeded random generator, the mini-batch Adam loop, the matMul
 * gradient, and named weight tensors with their on-disk format.
 */
export { useWasmBackend, TRAINING_CODE_VERSION } from './backend.ts';
export { matMulGradConfig, useFastMatMulGradient } from './matmul-gradient.ts';
export { minibatchAdam, chunkedLoss, type EpochReport, type MinibatchAdamSpec, type MinibatchAdamResult } from './minibatch-adam.ts';
export { seededRng, shuffledIndices, type SeededRng } from './seeded-rng.ts';
export {
  serializeModelWeights,
  deserializeModelWeights,
  saveModelWeights,
  loadModelWeights,
  type NamedWeight,
  type ModelWeights,
  type ModelWeightsHeader,
} from './weights.ts';
