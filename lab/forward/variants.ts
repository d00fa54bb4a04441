/**
 * @module lab/forward/variants
 * The named one-member validation variants of `npm run train:forward -- --variants a,b` (rows of
 * architecture-comparison.json): each changes a few settings of model 1.0.0 and is judged on the
 * validation rows.
 */
import type { DescriptorParams } from '../../src/forward/index.ts';
import { SOAP_DEFAULTS } from '../../src/structure/index.ts';
import type { MlpLoss } from './train-mlp.ts';

/**
 * One-member validation variants (`--variants`). Unset fields keep the settings of model 1.0.0:
 * MLP [256, 256], dropout 0.1, 80 epochs, patience 10, lr 1e-3 × 0.98 per epoch, batch 64, the
 * default descriptor with split metal channels, no oversampling, seed 101.
 */
export interface Variant {
  name: string;
  hidden?: number[];
  dropout?: number;
  repeat?: Record<string, number>;
  descriptor?: Partial<DescriptorParams>;
  learningRateDecay?: number;
  patience?: number;
  epochs?: number;
  /** > 1: average this many members (seeds 101, 102, …). */
  members?: number;
  loss?: MlpLoss;
  batchSize?: number;
  ema?: number;
  /** Floor of the feature sd in the input standardisation (default MIN_FEATURE_SD = 0.05). */
  minSd?: number;
}
export const VARIANTS: Readonly<Record<string, Variant>> = Object.freeze({
  wide: { name: 'MLP [512,512], dropout 0.1', hidden: [512, 512] },
  deep: { name: 'MLP [512,512,256], dropout 0.1', hidden: [512, 512, 256] },
  drop2: { name: 'MLP [256,256], dropout 0.2', dropout: 0.2 },
  slow: { name: 'MLP [256,256], dropout 0.1, lr decay 0.99, 150 epochs, patience 20', learningRateDecay: 0.99, epochs: 150, patience: 20 },
  cu2: { name: 'MLP [256,256], dropout 0.1, Cu oversampled ×2', repeat: { Cu: 2 } },
  fine: { name: 'MLP [256,256], dropout 0.1, 64 Gaussians 0.8…6 Å', descriptor: { nRadial: 64 } },
  r8: { name: 'MLP [256,256], dropout 0.1, 48 Gaussians 0.8…8 Å (cutoff 8 Å)', descriptor: { nRadial: 48, rMaxAngstrom: 8, cutoffAngstrom: 8 } },
  ang5: { name: 'MLP [256,256], dropout 0.1, angular cutoff 5 Å', descriptor: { angularCutoffAngstrom: 5 } },
  cuonly: { name: 'MLP [256,256], dropout 0.1, Cu rows only (expert, not universal)', repeat: { Co: 0, Fe: 0, S: 0 } },
  s8: { name: 'MLP [256,256], dropout 0.1, S oversampled ×8', repeat: { S: 8 } },
  rmse: { name: 'MLP [256,256], dropout 0.1, per-spectrum RMSE loss', loss: 'rmse' },
  onemetal: { name: 'MLP [256,256], dropout 0.1, one metal channel', descriptor: { splitMetals: false } },
  soap: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapsqrt: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum as sign·√ (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS, signedSqrt: true } } },
  soapmetal: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum, channels all / 0.1·Z / metals (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS }, soapChannels: ['all', 'zWeighted', 'metal'] } },
  soapdrop2: { name: 'MLP [256,256], dropout 0.2, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', dropout: 0.2, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapdrop3: { name: 'MLP [256,256], dropout 0.3, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', dropout: 0.3, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapb32: { name: 'MLP [256,256], dropout 0.1, batch 32, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', batchSize: 32, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soaplog: { name: 'MLP [256,256], dropout 0.1, per-spectrum ln MSE loss, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', loss: 'logmse', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapema: { name: 'MLP [256,256], dropout 0.1, weight average (EMA 0.999), + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', ema: 0.999, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapsd01: { name: 'MLP [256,256], dropout 0.1, feature sd floor 0.01, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', minSd: 0.01, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapspec: { name: 'MLP [256,256], dropout 0.1, per-spectrum MSE over its valid points (spectrum-mse loss), + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', loss: 'spectrum-mse', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soaplong: { name: 'ensemble of 2 × MLP [256,256], dropout 0.1, lr decay 0.99, 250 epochs, patience 30, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', members: 2, learningRateDecay: 0.99, epochs: 250, patience: 30, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapwide: { name: 'ensemble of 2 × MLP [512,512], dropout 0.1, lr decay 0.99, 120 epochs, patience 20, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', members: 2, hidden: [512, 512], learningRateDecay: 0.99, epochs: 120, patience: 20, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soap4: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum (6 Gaussians 1.2…3.7 Å, l ≤ 6, cutoff 4.2 Å)', descriptor: { soap: { rMinAngstrom: 1.2, rMaxAngstrom: 3.7, nRadial: 6, lMax: 6, cutoffAngstrom: 4.2 } } },
});
