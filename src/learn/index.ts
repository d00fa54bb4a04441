/**
 * @module learn
 * What both models share outside training: the seeded random generator and named weight tensors
 * with their on-disk format. The tfjs training machinery (wasm backend, mini-batch Adam, matMul
 * gradient) is in lab/learn.
 */
export { mulberry32, seededRng, shuffledIndices, type SeededRng } from './seeded-rng.ts';
export {
  serializeModelWeights,
  deserializeModelWeights,
  saveModelWeights,
  loadModelWeights,
  type NamedWeight,
  type ModelWeights,
  type ModelWeightsHeader,
} from './weights.ts';
