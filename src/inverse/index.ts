/**
 * @module inverse
 * The spectrum → G2 CNN: architecture, seeded initialisation, training, augmentation. The training
 * machinery it shares with the forward model (backend, Adam loop, seeded RNG, weight files) is in src/learn.
 */
export { CNN_DEFAULTS, cnnConfig, convPadding, convLengths, cnnWeightShapes, initCnnWeights, cnnForward, type CnnConfig, type CnnParams } from './cnn.ts';
export { augmentRow, AUGMENT_DEFAULTS, type AugmentSpec } from './augment.ts';
