/**
 * @module screen/alignment
 * Where a prediction sits on the measured energy axis. A predictor's energies are relative to its
 * own typical edge; the theory → experiment calibration of an absorber says where that edge falls
 * in measured energy:
 *
 *   E = E_K(absorber, Elam table) + offsetEv + stretch · E_rel + shift,
 *
 * with `offsetEv` (and optionally `stretch`) fitted once on measured reference compounds of known
 * structure (`calibrateScreening`, `npm run calibrate:screen`) and the same for every candidate, so
 * a candidate whose predicted edge sits 2 eV lower (Cu(I) against Cu(II)) is placed 2 eV lower:
 * the chemical shift counts. Each candidate may still move by a small bounded `shift` (default
 * ±2 eV; beamline energy calibrations differ by about that much), penalised in the fit.
 *
 * Without a calibration for the absorber the old convention is used: relative 0 at the measured E0
 * (the spectrum's own edge), which throws the chemical shift away; the ranking says so.
 */
import { edgeEnergy } from '../elements/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import type { Broadening } from './broadening.ts';
import type { ScoreKind } from './scores.ts';
import { measuredTarget, sampleTarget, type MeasuredTarget } from './measured-target.ts';

/** One measured reference a calibration was fitted on. */
export interface CalibrationReference {
  name: string;
  /** The compound it measures (replicate scans share it; the offset is a median over compounds). */
  compound?: string;
  /** Spectrum file, relative to the data folder. */
  spectrum: string;
  group?: string;
  /** Ids (pool folder names) of the structure(s) it is. */
  structures: string[];
  /** Best offset for this reference alone, eV. */
  offsetEv: number;
  /** Best broadening for this reference alone. */
  broadening: Broadening;
  /** Its distance (the calibration's score) at that offset. */
  distance: number;
  /** offsetEv − the calibration's offset, eV. */
  residualEv: number;
}

/** Theory → experiment calibration of one absorber for one predictor. */
export interface EnergyCalibration {
  absorber: string;
  /** Predictor id the calibration belongs to (model id@version). */
  predictor: string;
  /** E = E_K + offsetEv + stretch·E_rel (eV). */
  offsetEv: number;
  stretch: number;
  /** Broadenings the fit chooses from (per measurement by default). */
  broadenings: Broadening[];
  /** The references' median broadening: the first pass of a ranking starts from it. */
  broadening: Broadening;
  /** Relative window compared (eV), clipped to the predictor's valid range. */
  windowEv: [number, number];
  /** Score the offsets were fitted with; the ranking uses it unless told otherwise. */
  score: ScoreKind;
  /** Bound on a candidate's own shift (eV) chosen with the score on measured references (absent: the fit's default). */
  maxShiftEv?: number;
  /** Which measured references the calibration and its choices saw (e.g. the benchmark's dev half). */
  chosenOn?: string;
  references: CalibrationReference[];
  /** Median |residual| over the references, eV. */
  medianAbsResidualEv: number;
  fitted: string;
  command: string;
}

/** How a measured spectrum is aligned for one screening run. */
export interface Alignment {
  /** Absolute energy of the predictor's relative 0, eV. */
  anchorEv: number;
  stretch: number;
  calibrated: boolean;
  /** What the anchor is, for reports. */
  description: string;
}

/**
 * The alignment of `prepared` for `absorber`: calibrated when a calibration is given, else at the
 * measured E0.
 *
 * @example
 * alignmentFor(prepared, 'Cu', calibration).anchorEv // 8979 + 14.5
 */
export function alignmentFor(prepared: PreparedSpectrum, absorber: string, calibration?: EnergyCalibration): Alignment {
  if (calibration) {
    const edge = edgeEnergy(absorber, 'K');
    return {
      anchorEv: edge + calibration.offsetEv,
      stretch: calibration.stretch,
      calibrated: true,
      description: `E = ${edge} + ${calibration.offsetEv.toFixed(2)} eV + ${calibration.stretch === 1 ? '' : `${calibration.stretch.toFixed(4)}·`}E_rel (calibrated on ${calibration.references.length} measured references)`,
    };
  }
  return { anchorEv: prepared.e0Ev, stretch: 1, calibrated: false, description: `E = measured E0 (${prepared.e0Ev.toFixed(2)} eV) + E_rel (no calibration: the edge position is not used)` };
}

/** The measured μ at the window points for every candidate shift. */
export interface ShiftSamples {
  shiftsEv: Float64Array;
  /** samples[s][k] = measured μ at anchor + stretch·E_rel(window k) + shift s. */
  samples: Float64Array[];
  target: MeasuredTarget;
}

/**
 * Sample the measured spectrum once per shift at the window's relative energies.
 *
 * @example
 * const s = shiftSamples(prepared, alignment, windowRelEv, 2, 0.25); // 17 shifts
 */
export function shiftSamples(prepared: PreparedSpectrum, alignment: Alignment, windowRelEv: Float64Array, maxShiftEv: number, shiftStepEv: number): ShiftSamples {
  const lo = alignment.stretch * windowRelEv[0]! - maxShiftEv - 1;
  const hi = alignment.stretch * windowRelEv[windowRelEv.length - 1]! + maxShiftEv + 1;
  const target = measuredTarget(prepared, lo, hi, { anchorEv: alignment.anchorEv });
  const nShift = maxShiftEv > 0 ? Math.round((2 * maxShiftEv) / shiftStepEv) + 1 : 1;
  const shiftsEv = Float64Array.from({ length: nShift }, (_, i) => (nShift === 1 ? 0 : -maxShiftEv + i * shiftStepEv));
  const samples = Array.from(shiftsEv, (s) => Float64Array.from(windowRelEv, (e) => sampleTarget(target, alignment.stretch * e + s)));
  return { shiftsEv, samples, target };
}
