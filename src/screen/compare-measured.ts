/**
 * @module screen/compare-measured
 * How close theory itself comes to measured references of known structure (issue 18, as CuXASNet
 * reports it: MAE of normalised μ and Spearman against the measurement): a predictor's spectrum of
 * the reference's own structure, compared with the measurement (agreement.ts)
 *
 * (a) after the theory → experiment calibration only: E = E_K + offset + E_rel, no broadening,
 *     no shift, no scale — what the predictor says on its own;
 * (b) after the fit a ranking makes (screen.ts, the pool reduced to this one structure): the
 *     calibration plus the bounded penalised shift and the broadening chosen from the calibration's
 *     list. The fitted intensity scale is reported and its MAE given apart (μ stays as normalised);
 *
 * plus, for context, the best Pearson r under a free ±15 eV shift (feff/compare.ts), which says how
 * much of a miss is the edge position rather than the shape.
 *
 * The calibration must not have seen the reference: a shipped calibration fitted on it is refitted
 * without the reference's compound (leave-one-out, like `npm run eval:screen`).
 */
import { readFileSync } from 'node:fs';
import { edgeEnergy } from '../elements/index.ts';
import { InputError, XasinvError } from '../errors.ts';
import { compareToMeasured } from '../feff/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { candidateId, expandCandidates, parseStructure } from '../structure/index.ts';
import { spectrumAgreement, type Agreement, type MeasuredCurve } from './agreement.ts';
import type { EnergyCalibration } from './alignment.ts';
import { applyBroadening, type Broadening } from './broadening.ts';
import { calibrateOnReferences, calibrationFromReferences, CALIBRATE_DEFAULTS, type LoadedReference } from './calibrate.ts';
import type { FeatureCache } from './cache.ts';
import { screenCandidates } from './screen.ts';
import type { ScoreKind } from './scores.ts';
import type { SpectrumPredictor } from './types.ts';

/** Defaults of {@link compareTheoryToMeasured}. */
export const COMPARE_MEASURED_DEFAULTS = Object.freeze({
  /** Windows relative to the measured E0 (eV): the edge region, and as far as data and valid range go. */
  windowsEv: Object.freeze({ edge: Object.freeze([-10, 50] as const), full: Object.freeze([-Infinity, Infinity] as const) }) as Readonly<Record<string, readonly [number, number]>>,
});

/** One predictor's spectrum of one structure against one measurement. */
export interface TheoryVsMeasured {
  /** (a) calibration only, per window. */
  calibrated: Record<string, Agreement>;
  /** (b) the ranking's fit, per window, with what it fitted. */
  fitted: {
    shiftEv: number;
    broadening: Broadening;
    scale: number;
    score: ScoreKind;
    distance: number;
    windows: Record<string, Agreement>;
    /** MAE per window with the fitted scale applied to the theory: what is left beyond a normalisation mismatch. */
    maeScaledMu: Record<string, number>;
  };
  /** Best Pearson r over −10…+50 eV around the measured half-step edge under a free shift (eV, on top of the calibration); null when no edge is found. */
  freeShift: { shiftEv: number; pearson: number } | null;
  warnings: string[];
}

/**
 * Compare `predictor`'s spectrum of the structure in `file` with `prepared` (a measured reference).
 *
 * @example
 * const c = await compareTheoryToMeasured(prepareMeasured('Fe2O3.xdi'), 'Hematite.cif', predictor, 'Fe', calibration);
 * c.calibrated.edge.maeMu; c.fitted.windows.edge.spearman;
 * @throws InputError when the measurement does not cover a window; UnsupportedError when the
 *   predictor cannot predict the structure.
 */
export async function compareTheoryToMeasured(
  prepared: PreparedSpectrum,
  file: string,
  predictor: SpectrumPredictor,
  absorber: string,
  calibration: EnergyCalibration,
  { windowsEv = COMPARE_MEASURED_DEFAULTS.windowsEv, cache }: { windowsEv?: Readonly<Record<string, readonly [number, number]>>; cache?: FeatureCache } = {},
): Promise<TheoryVsMeasured> {
  const grid = predictor.gridRelEv;
  const validRangeEv = predictor.validRangeEv?.(absorber) ?? [grid[0]!, grid[grid.length - 1]!];
  const measured: MeasuredCurve = { energyEv: prepared.spectrum.energyEv, mu: prepared.preEdge.flat, e0Ev: prepared.e0Ev };
  const anchorEv = edgeEnergy(absorber, 'K') + calibration.offsetEv;
  const stretch = calibration.stretch;
  const each = (mu: Float64Array, shiftEv: number): Record<string, Agreement> =>
    Object.fromEntries(Object.entries(windowsEv).map(([name, w]) => [name, spectrumAgreement(measured, { gridRelEv: grid, mu, validRangeEv }, { anchorEv, stretch, shiftEv }, w)]));

  const prediction = await predictor.predict(parseStructure(readFileSync(file, 'utf8'), { name: file }), absorber, { file });
  const mu = Float64Array.from(prediction.mu);
  const calibrated = each(mu, 0);

  const ranked = await screenCandidates(prepared, [file], { predictor, absorber, calibration, top: 0, sigmaTop: 0, inverseModelsDir: false, ...(cache ? { cache } : {}) });
  const c = ranked.candidates[0];
  if (!c) throw new InputError(`${file}: the ranking's fit failed (${ranked.rejected.map((r) => r.reason).join('; ') || 'no candidate'})`);
  const broadened = applyBroadening(grid, mu, c.broadening);
  const scaled = each(broadened.map((v) => v * c.scale), c.shift);
  const maeScaledMu = Object.fromEntries(Object.entries(scaled).map(([name, a]) => [name, a.maeMu]));
  const fitted = { shiftEv: c.shift, broadening: c.broadening, scale: c.scale, score: calibration.score, distance: c.score, windows: each(broadened, c.shift), maeScaledMu };

  // Free shift (src/feff/compare.ts): the theory's valid part on the calibrated axis.
  const inValid = Array.from(grid.keys()).filter((k) => grid[k]! >= validRangeEv[0] && grid[k]! <= validRangeEv[1]);
  let freeShift: TheoryVsMeasured['freeShift'] = null;
  try {
    const f = compareToMeasured(
      Float64Array.from(inValid, (k) => anchorEv + stretch * grid[k]!),
      Float64Array.from(inValid, (k) => mu[k]!),
      prepared.spectrum.energyEv,
      prepared.preEdge.flat,
    );
    freeShift = { shiftEv: f.shiftEv, pearson: f.pearson };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
  }
  return { calibrated, fitted, freeShift, warnings: [...(prediction.warnings ?? []), ...ranked.warnings] };
}

/** The calibration a reference is compared under, and where it came from. */
export interface ReferenceCalibration {
  calibration: EnergyCalibration | null;
  /** `shipped`: the predictor's own, which did not see the reference; `leave-one-out`: refitted without its compound. */
  source: 'shipped' | 'leave-one-out';
  /** Why there is none (no other compound to fit on). */
  missing?: string;
}

/**
 * For each loaded reference (by name), a calibration that has not seen it: the predictor's shipped
 * one if the reference did not serve it, else one refitted (same score, window and broadening list)
 * on the references of the other compounds — each reference is fitted once, so this costs one
 * calibration, not one per reference.
 *
 * @example
 * const cals = leaveOneOutCalibrations(loaded, predictor);
 * cals.get('hematite α-Fe2O3, ALS')?.calibration?.offsetEv
 */
export function leaveOneOutCalibrations(loaded: readonly LoadedReference[], predictor: SpectrumPredictor, { command = '' }: { command?: string } = {}): Map<string, ReferenceCalibration> {
  const out = new Map<string, ReferenceCalibration>();
  const absorber = loaded[0]?.reference.absorber;
  if (!absorber) return out;
  const shipped = predictor.calibration?.[absorber];
  const settings = {
    score: shipped?.score ?? CALIBRATE_DEFAULTS.score,
    windowEv: shipped?.windowEv ?? CALIBRATE_DEFAULTS.windowEv,
    broadenings: shipped?.broadenings ?? CALIBRATE_DEFAULTS.screeningBroadenings,
  };
  const usable = loaded.filter((l) => l.predictions.size > 0);
  let fits: EnergyCalibration['references'] = [];
  try {
    fits = usable.length > 0 ? calibrateOnReferences(usable, predictor, { ...settings, command }).references : [];
  } catch (err) {
    if (!(err instanceof XasinvError)) throw err;
  }
  const compoundOf = new Map(loaded.map((l) => [l.reference.name, l.reference.compound]));
  for (const l of loaded) {
    const ref = l.reference;
    const served = shipped?.references.some((r) => r.name === ref.name && r.spectrum === ref.spectrum) ?? false;
    if (shipped && !served) {
      out.set(ref.name, { calibration: shipped, source: 'shipped' });
      continue;
    }
    const others = fits.filter((r) => compoundOf.get(r.name) !== ref.compound);
    if (others.length === 0) {
      out.set(ref.name, { calibration: null, source: 'leave-one-out', missing: 'no reference of another compound to calibrate on' });
      continue;
    }
    out.set(ref.name, { calibration: calibrationFromReferences(absorber, predictor.id, others, { ...settings, command }), source: 'leave-one-out' });
  }
  return out;
}

/** One reference's row of the theory-vs-measured table. */
export interface ReferenceTheoryRow {
  name: string;
  compound: string;
  spectrum: string;
  /** The pool id compared: the first of the reference's right answers the predictor could predict. */
  structure: string | null;
  calibration: { source: ReferenceCalibration['source']; offsetEv: number | null; references: number };
  result: TheoryVsMeasured | null;
  /** Why there is no result. */
  skipped?: string;
}

/**
 * Compare every loaded reference with `predictor`'s spectrum of its first predictable right answer
 * (`files`: pool id → structure file), under a calibration that has not seen it.
 *
 * @example
 * const loaded = await loadReferences(FE_REFERENCES, predictor, { dataDir, pool });
 * const rows = await compareReferences(loaded, predictor, poolFiles(pool));
 */
export async function compareReferences(
  loaded: readonly LoadedReference[],
  predictor: SpectrumPredictor,
  files: ReadonlyMap<string, string>,
  { windowsEv = COMPARE_MEASURED_DEFAULTS.windowsEv, cache, log = () => {}, command = '' }: { windowsEv?: Readonly<Record<string, readonly [number, number]>>; cache?: FeatureCache; log?: (msg: string) => void; command?: string } = {},
): Promise<ReferenceTheoryRow[]> {
  const calibrations = leaveOneOutCalibrations(loaded, predictor, { command });
  const rows: ReferenceTheoryRow[] = [];
  for (const l of loaded) {
    const ref = l.reference;
    const cal = calibrations.get(ref.name);
    const structure = [...l.predictions.keys()][0] ?? null;
    const row: ReferenceTheoryRow = {
      name: ref.name,
      compound: ref.compound,
      spectrum: ref.spectrum + (ref.group ? ` [${ref.group}]` : ''),
      structure,
      calibration: { source: cal?.source ?? 'leave-one-out', offsetEv: cal?.calibration?.offsetEv ?? null, references: cal?.calibration?.references.length ?? 0 },
      result: null,
    };
    const file = structure ? files.get(structure) : undefined;
    if (!structure || !file) row.skipped = `${predictor.model.id} predicts none of ${ref.structures.join(', ')}`;
    else if (!cal?.calibration) row.skipped = cal?.missing ?? 'no calibration';
    else {
      try {
        row.result = await compareTheoryToMeasured(l.prepared, file, predictor, ref.absorber, cal.calibration, { windowsEv, ...(cache ? { cache } : {}) });
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        row.skipped = err.message;
      }
    }
    const e = row.result?.calibrated.edge;
    log(`${predictor.model.id}: ${ref.name}: ${row.skipped ?? `${structure}, offset ${row.calibration.offsetEv?.toFixed(2)} eV${e ? `, MAE ${e.maeMu.toFixed(3)}, ρ ${e.spearman.toFixed(3)}` : ''}`}`);
    rows.push(row);
  }
  return rows;
}

/**
 * Pool id (candidate id: POSCAR folder or file name without extension) → file, first one wins.
 * @example poolFiles(['../shared/data/structures/fe-standards']).get('Hematite_AMCSD-0000143')
 */
export function poolFiles(pool: readonly string[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const f of expandCandidates(pool).files) if (!byId.has(candidateId(f))) byId.set(candidateId(f), f);
  return byId;
}
