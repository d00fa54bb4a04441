/**
 * @module lab/inverse/design-variants
 * The four training designs compare:inverse scores against each other (one member each, same seed,
 * data and epochs): the paper's plain MSE, inverse-variance loss weights per G2 bin, augmentation,
 * and both; and which of them a shipped model's training record matches.
 */
import { AUGMENT_DEFAULTS, type AugmentSpec } from '../../src/inverse/index.ts';
import type { InverseManifest } from '../../src/inverse/index.ts';

/** One design: whether the loss is weighted per bin and whether inputs are augmented. */
export interface DesignVariant {
  key: 'A' | 'B' | 'C' | 'D';
  name: string;
  lossWeights: boolean;
  augment: boolean;
}

/** The compared designs, in report order. */
export const DESIGN_VARIANTS: readonly DesignVariant[] = Object.freeze([
  { key: 'A', name: 'A: plain MSE, no augmentation (paper)', lossWeights: false, augment: false },
  { key: 'B', name: 'B: inverse-variance loss weights', lossWeights: true, augment: false },
  { key: 'C', name: 'C: B + augmentation', lossWeights: true, augment: true },
  { key: 'D', name: 'D: plain MSE + augmentation', lossWeights: false, augment: true },
]);

/**
 * trainModel options of a design: the given per-bin loss weights and the default augmentation on
 * a grid of `stepEv`, each only where the design uses it.
 *
 * @example
 * trainModel(data, config, { epochs, seed: 7, ...designTrainOptions(DESIGN_VARIANTS[2]!, weights, 0.5) });
 */
export function designTrainOptions(variant: DesignVariant, lossWeights: Float32Array, stepEv: number): { lossWeights?: Float32Array; augment?: AugmentSpec } {
  return {
    ...(variant.lossWeights ? { lossWeights } : {}),
    ...(variant.augment ? { augment: { ...AUGMENT_DEFAULTS, stepEv } } : {}),
  };
}

/**
 * The design a model was trained with, read from its manifest's training record.
 *
 * @example
 * designOfTraining({ lossWeighting: 'inverse-variance', augment: spec }); // 'C'
 */
export function designOfTraining(training: Pick<InverseManifest['training'], 'lossWeighting' | 'augment'>): DesignVariant['key'] {
  return training.lossWeighting === 'inverse-variance' ? (training.augment ? 'C' : 'B') : training.augment ? 'D' : 'A';
}
