/**
 * @module screen/calibrate
 * Fit the theory → experiment calibration of one absorber for one predictor on measured
 * reference compounds of known structure: per reference the offset (where the predictor's relative
 * 0 falls in measured energy, relative to the tabulated edge) and the broadening that best match
 * the predicted spectrum of its structure; the calibration is the median offset over the
 * references, with every reference's residual kept (alignment.ts).
 *
 * The offset search is the screening fit itself (fit.ts) with a wide shift and no penalty, so the
 * calibration and the ranking measure agreement the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeEnergy } from '../elements/index.ts';
import { InputError, XasinvError } from '../errors.ts';
import { prepareMeasured, type PreparedSpectrum } from '../measured/index.ts';
import { candidateId, expandCandidates, parseStructure } from '../structure/index.ts';
import { median } from '../stats/index.ts';
import { shiftSamples, type CalibrationReference, type EnergyCalibration } from './alignment.ts';
import { applyBroadening, type Broadening } from './broadening.ts';
import { fitCandidate, FIT_DEFAULTS, scoreTransform } from './fit.ts';
import type { MeasuredReference } from './references.ts';
import type { ScoreKind } from './scores.ts';
import type { SpectrumPredictor } from './types.ts';

/** Defaults of the calibration fit. */
export const CALIBRATE_DEFAULTS = Object.freeze({
  /** Offsets searched (eV above the tabulated edge). */
  offsetRangeEv: Object.freeze([-10, 30]) as readonly [number, number],
  offsetStepEv: 0.25,
  /** Broadenings searched per reference (Γ0 × Γ1 × Gaussian). */
  referenceBroadenings: Object.freeze(grid([0, 1, 2, 3, 4], [0, 0.05, 0.1, 0.15, 0.2], [0, 1, 2])) as readonly Broadening[],
  /** Broadenings a ranking chooses from per measurement (HERFD to transmission; reports/screen.md). */
  screeningBroadenings: Object.freeze(grid([0.5, 1, 2, 3, 4], [0.05, 0.1, 0.15, 0.2], [1, 2])) as readonly Broadening[],
  windowEv: FIT_DEFAULTS.windowEv,
  score: FIT_DEFAULTS.score,
  compareStepEv: 0.5,
});

/** All combinations of the given Γ0, Γ1 and Gaussian widths. */
export function grid(gamma0Ev: readonly number[], gamma1: readonly number[], gaussianFwhmEv: readonly number[]): Broadening[] {
  const out: Broadening[] = [];
  for (const g0 of gamma0Ev) for (const g1 of gamma1) for (const gs of gaussianFwhmEv) out.push({ gamma0Ev: g0, gamma1: g1, gaussianFwhmEv: gs });
  return out;
}

/** One reference's best offset and broadening. */
export interface ReferenceFit {
  offsetEv: number;
  broadening: Broadening;
  distance: number;
}

/** Options of {@link fitReference}. */
export interface FitReferenceOptions {
  gridRelEv: Float64Array;
  validRangeEv?: readonly [number, number];
  windowEv?: readonly [number, number];
  broadenings?: readonly Broadening[];
  offsetRangeEv?: readonly [number, number];
  offsetStepEv?: number;
  score?: ScoreKind;
  compareStepEv?: number;
}

function linear(grid: Float64Array, y: ArrayLike<number>, x: Float64Array): Float64Array {
  const g0 = grid[0]!;
  const n = grid.length;
  const step = (grid[n - 1]! - g0) / (n - 1);
  return x.map((v) => {
    const u = Math.min(Math.max((v - g0) / step, 0), n - 1);
    const i = Math.min(Math.floor(u), n - 2);
    return y[i]! + (u - i) * (y[i + 1]! - y[i]!);
  });
}

/**
 * Best offset (and broadening) of one measured reference against its structure's prediction `mu`.
 *
 * @example
 * const fit = fitReference(prepareMeasured('CuO.xdi'), 'Cu', prediction.mu, { gridRelEv: predictor.gridRelEv });
 * fit.offsetEv // ≈ 14 eV for FEFF Cu K
 */
export function fitReference(prepared: PreparedSpectrum, absorber: string, mu: ArrayLike<number>, options: FitReferenceOptions): ReferenceFit {
  const d = CALIBRATE_DEFAULTS;
  const { gridRelEv, windowEv = d.windowEv, broadenings = d.referenceBroadenings, offsetRangeEv = d.offsetRangeEv, offsetStepEv = d.offsetStepEv, score = d.score, compareStepEv = d.compareStepEv } = options;
  const valid = options.validRangeEv ?? [gridRelEv[0]!, gridRelEv[gridRelEv.length - 1]!];
  const centre = 0.5 * (offsetRangeEv[0] + offsetRangeEv[1]);
  const half = 0.5 * (offsetRangeEv[1] - offsetRangeEv[0]);
  const anchorEv = edgeEnergy(absorber, 'K') + centre;
  const e = prepared.spectrum.energyEv;
  const lo = Math.max(windowEv[0], valid[0], Math.ceil((e[0]! - anchorEv + half) / compareStepEv) * compareStepEv);
  const hi = Math.min(windowEv[1], valid[1], Math.floor((e[e.length - 1]! - anchorEv - half) / compareStepEv) * compareStepEv);
  if (!(hi - lo >= 10)) throw new InputError(`${prepared.spectrum.meta.source}: the measured data do not cover the calibration window (${lo.toFixed(1)}…${hi.toFixed(1)} eV)`);
  const windowRel = Float64Array.from({ length: Math.floor((hi - lo) / compareStepEv + 1e-9) + 1 }, (_, i) => lo + i * compareStepEv);
  const samples = shiftSamples(prepared, { anchorEv, stretch: 1, calibrated: true, description: 'calibration search' }, windowRel, half, offsetStepEv);
  const measuredT = samples.samples.map((s) => scoreTransform(score, s));
  const predictedT = broadenings.map((b) => scoreTransform(score, linear(gridRelEv, applyBroadening(gridRelEv, mu, b), windowRel)));
  const best = fitCandidate(score, measuredT, samples.shiftsEv, predictedT, { maxShiftEv: half, shiftPenalty: 0 });
  return { offsetEv: centre + best.shiftEv, broadening: broadenings[best.broadeningIndex]!, distance: best.distance };
}

/**
 * The calibration from per-reference fits: median offset (over compounds, each its spectra's median), residuals, and the broadening list.
 *
 * @example
 * const cal = calibrationFromReferences('Cu', predictor.id, refs, { command: 'npm run calibrate:screen' });
 */
export function calibrationFromReferences(
  absorber: string,
  predictor: string,
  references: readonly (Omit<CalibrationReference, 'residualEv'>)[],
  { windowEv = CALIBRATE_DEFAULTS.windowEv, broadenings = CALIBRATE_DEFAULTS.screeningBroadenings, score = CALIBRATE_DEFAULTS.score, command = '' }: { windowEv?: readonly [number, number]; broadenings?: readonly Broadening[]; score?: ScoreKind; command?: string } = {},
): EnergyCalibration {
  if (references.length === 0) throw new InputError(`no measured reference to calibrate ${absorber} on`);
  // Replicate scans of one compound are not independent: the median over compounds of each compound's median.
  const byCompound = new Map<string, number[]>();
  references.forEach((r, i) => byCompound.set(r.compound ?? `#${i}`, [...(byCompound.get(r.compound ?? `#${i}`) ?? []), r.offsetEv]));
  const offsetEv = median([...byCompound.values()].map((v) => median(v)));
  const refs: CalibrationReference[] = references.map((r) => ({ ...r, residualEv: r.offsetEv - offsetEv }));
  return {
    absorber,
    predictor,
    offsetEv,
    stretch: 1,
    broadenings: [...broadenings],
    broadening: {
      gamma0Ev: median(references.map((r) => r.broadening.gamma0Ev)),
      gamma1: median(references.map((r) => r.broadening.gamma1)),
      gaussianFwhmEv: median(references.map((r) => r.broadening.gaussianFwhmEv)),
    },
    windowEv: [windowEv[0], windowEv[1]],
    score,
    references: refs,
    medianAbsResidualEv: median(refs.map((r) => Math.abs(r.residualEv))),
    fitted: new Date().toISOString(),
    command,
  };
}

/** A reference read and predicted, ready for {@link fitReference}. */
export interface LoadedReference {
  reference: MeasuredReference;
  prepared: PreparedSpectrum;
  /** Prediction of each of its structures that the predictor could make (pool id → μ). */
  predictions: Map<string, ArrayLike<number>>;
}

/**
 * Read each reference spectrum and predict its structures, found by candidate id (the pool
 * folder name of a POSCAR, or a file's name without extension) among the files of `pool`.
 *
 * @example
 * const loaded = await loadReferences(CU_REFERENCES, predictor, { dataDir: '../shared/data', pool: [poolDir] });
 */
export async function loadReferences(
  references: readonly MeasuredReference[],
  predictor: SpectrumPredictor,
  { dataDir, pool }: { dataDir: string; pool: readonly string[] },
): Promise<LoadedReference[]> {
  const byId = new Map<string, string>();
  for (const f of expandCandidates(pool).files) if (!byId.has(candidateId(f))) byId.set(candidateId(f), f);
  const out: LoadedReference[] = [];
  for (const reference of references) {
    const prepared = prepareMeasured(join(dataDir, reference.spectrum), { ...(reference.group ? { group: reference.group } : {}), element: reference.absorber });
    const predictions = new Map<string, ArrayLike<number>>();
    for (const id of reference.structures) {
      const file = byId.get(id);
      if (!file || !existsSync(file)) continue;
      try {
        const p = await predictor.predict(parseStructure(readFileSync(file, 'utf8'), { name: file }), reference.absorber, { file });
        predictions.set(id, p.mu);
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
      }
    }
    out.push({ reference, prepared, predictions });
  }
  return out;
}

/**
 * Fit every loaded reference (its best structure) and combine them into a calibration.
 *
 * @example
 * const cal = calibrateOnReferences(loaded, predictor, { command: 'npm run calibrate:screen' });
 */
export function calibrateOnReferences(
  loaded: readonly LoadedReference[],
  predictor: SpectrumPredictor,
  options: { score?: ScoreKind; windowEv?: readonly [number, number]; broadenings?: readonly Broadening[]; command?: string } = {},
): EnergyCalibration {
  const absorber = loaded[0]?.reference.absorber;
  if (!absorber) throw new InputError('no measured reference to calibrate on');
  const score = options.score ?? CALIBRATE_DEFAULTS.score;
  const refs: Omit<CalibrationReference, 'residualEv'>[] = [];
  for (const l of loaded) {
    let best: (ReferenceFit & { id: string }) | undefined;
    for (const [id, mu] of l.predictions) {
      const f = fitReference(l.prepared, absorber, mu, {
        gridRelEv: predictor.gridRelEv,
        ...(predictor.validRangeEv ? { validRangeEv: predictor.validRangeEv(absorber) } : {}),
        ...(options.windowEv ? { windowEv: options.windowEv } : {}),
        score,
      });
      if (!best || f.distance < best.distance) best = { ...f, id };
    }
    if (!best) continue;
    refs.push({
      name: l.reference.name,
      compound: l.reference.compound,
      spectrum: l.reference.spectrum,
      ...(l.reference.group ? { group: l.reference.group } : {}),
      structures: [best.id],
      offsetEv: best.offsetEv,
      broadening: best.broadening,
      distance: best.distance,
    });
  }
  return calibrationFromReferences(absorber, predictor.id, refs, { score, ...(options.windowEv ? { windowEv: options.windowEv } : {}), ...(options.broadenings ? { broadenings: options.broadenings } : {}), ...(options.command ? { command: options.command } : {}) });
}
