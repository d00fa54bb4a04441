/**
 * @module screen/types
 * The small interface the screening loop is written against: anything that turns a structure into
 * a multiplicity-averaged absorber spectrum (mean and σ) on an edge-relative energy grid. The real
 * forward model, a FEFF look-up (reference spectra of a pool) and test fakes all implement it.
 */
import type { Structure } from '../structure/index.ts';
import type { EnergyCalibration } from './alignment.ts';

/** One inequivalent absorber site used in a prediction. */
export interface PredictedSite {
  /** 0-based site index in the structure file (the group's representative). */
  index: number;
  multiplicity: number;
}

/** What a predictor returns for one structure and absorber. */
export interface CandidatePrediction {
  sites: PredictedSite[];
  /** Multiplicity-weighted average μ on {@link SpectrumPredictor.gridRelEv}. */
  mu: ArrayLike<number>;
  /** Its (calibrated) σ, same length; zeros when the predictor has none. */
  sigma: ArrayLike<number>;
  warnings?: string[];
}

/** Where a candidate came from (the file, so look-up predictors can find reference data beside it). */
export interface CandidateSource {
  file: string;
}

/**
 * Structure → averaged absorber spectrum on an edge-relative grid. The relative energy is defined
 * as in the forward model: 0 is the typical position of the absorption edge (Larch E0, maximum of
 * the smoothed derivative) of the predictor's spectra, so it lines up with a measured E0.
 *
 * @example
 * const p: SpectrumPredictor = {
 *   id: 'fake@1', model: { id: 'fake', version: '1' }, absorbers: ['Cu'],
 *   gridRelEv: uniformGrid(-10, 30, 0.25),
 *   async predict(structure, absorber) { return { sites: [{ index: 0, multiplicity: 1 }], mu, sigma }; },
 * };
 */
export interface SpectrumPredictor {
  /** Identifies model and version; part of the cache key (change it when predictions change). */
  id: string;
  model: { id: string; version: string };
  /** Absorbers the predictor covers (element symbols). */
  absorbers: readonly string[];
  /** Edge-relative energies (eV) of `mu`/`sigma`, ascending. */
  gridRelEv: Float64Array;
  /** Relative range (eV) where the predictor's spectra of `absorber` are valid (default: the whole grid). */
  validRangeEv?(absorber: string): readonly [number, number];
  /** Theory → experiment energy calibration per absorber (screen/alignment.ts), when fitted. */
  calibration?: Readonly<Record<string, EnergyCalibration>>;
  /** Throws an XasinvError when the structure cannot be predicted (the candidate is then rejected). */
  predict(structure: Structure, absorber: string, source: CandidateSource): Promise<CandidatePrediction>;
  /**
   * Averaged μ and σ (on {@link gridRelEv}) of many structures from stored structural descriptors
   * (a candidate library: `descriptor.length` floats per site, entries' sites in order, entries'
   * site multiplicities in `entries`). Optional: only models that featurise this way have it.
   * @throws InputError when `descriptor.params` are not the model's own.
   */
  predictDescriptors?(
    structural: Float32Array,
    descriptor: { params: Record<string, unknown>; length: number },
    entries: readonly (readonly number[])[],
    absorber: string,
  ): Promise<{ mu: ArrayLike<number>; sigma: ArrayLike<number> }[]>;
  /** Release resources (ONNX sessions). */
  close?(): Promise<void>;
}
