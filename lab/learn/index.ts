/**
 * @module lab/learn
 * Training machinery shared by the inverse CNN and the forward MLP: the tfjs wasm backend, the
 * mini-batch Adam loop and the matMul gradient.
 */
export { useWasmBackend, TRAINING_CODE_VERSION } from './backend.ts';
export { matMulGradConfig, useFastMatMulGradient } from './matmul-gradient.ts';
export { minibatchAdam, chunkedLoss, type EpochReport, type MinibatchAdamSpec, type MinibatchAdamResult } from './minibatch-adam.ts';
