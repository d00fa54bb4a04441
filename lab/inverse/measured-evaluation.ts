/**
 * @module lab/inverse/measured-evaluation
 * One element's measured σ calibration, fitted on the dev rows and judged on both halves: first-shell
 * and G2 coverage at ±1σ and ±2σ before (theory σ, member spread) and after the calibration, beside
 * a base rate (a constant ± equal to the dev median first-shell error), counted by spectra and by
 * compounds. Pure: the rows come from measured-rows.ts.
 */
import { sigmaFingerprint, type InverseManifest, type MeasuredCalibration } from '../../src/inverse/index.ts';
import type { MeasuredInverseRow } from './measured-rows.ts';
import {
  chooseFirstShellForm,
  compoundWeights,
  firstShellCoverage,
  fitConstant,
  fitFirstShell,
  fitG2Scale,
  FIRST_SHELL_FORMS,
  leaveOneCompoundOut,
  g2Coverage,
  MEASURED_CALIBRATION_DEFAULTS,
  weightedQuantile,
  type FirstShellFit,
  type FirstShellPoint,
  type LocoResult,
} from './measured-calibration.ts';
import { calibratedFirstShellSigma } from '../../src/inverse/index.ts';

/** Coverage of one σ rule at ±1σ and ±2σ. */
export interface RuleCoverage {
  oneSigma: ReturnType<typeof firstShellCoverage>;
  twoSigma: ReturnType<typeof firstShellCoverage>;
}

/** One half's numbers. */
export interface HalfResult {
  compounds: string[];
  spectra: number;
  /** Spectra the model could not be run on, or with no predicted first shell (not in the coverages). */
  notScored: { id: string; why: string }[];
  firstShell: {
    medianErrorAngstrom: { spectra: number; compounds: number };
    before: RuleCoverage;
    after: RuleCoverage;
    /** A constant ± equal to the dev median first-shell error (ignores the model's own uncertainty). */
    baseRate: RuleCoverage;
    /** A constant ± fitted on dev to the stated coverage (no spread term; for comparison). */
    constant: RuleCoverage;
  };
  g2: { before: { oneSigma: number; twoSigma: number }; after: { oneSigma: number; twoSigma: number } };
}

/** The whole evaluation of one element. */
export interface MeasuredEvaluation {
  element: string;
  k: number;
  statedCoverage: number;
  g2Scale: { fitted: number; applied: number };
  firstShell: {
    fit: FirstShellFit;
    loco: LocoResult[];
    alternatives: FirstShellFit[];
    /** Leave-one-compound-out score of a constant ± (not a candidate form; reported for comparison). */
    constantLoco: LocoResult<'constant'>;
  };
  /** The constant ± of the base rate: the compound-weighted median dev first-shell error (Å). */
  baseRateAngstrom: number;
  /** The constant ± that reaches the stated coverage on dev (Å). */
  constantAngstrom: number;
  dev: HalfResult;
  test: HalfResult;
  /** Test coverage at ±2σ of the forms not chosen (reported, never used to choose). */
  testAlternatives: { form: string; twoSigma: ReturnType<typeof firstShellCoverage> }[];
  rows: MeasuredInverseRow[];
}

const scored = (r: MeasuredInverseRow): boolean => r.firstShell !== undefined && Number.isFinite(r.firstShell.predictedAngstrom);
const points = (rows: readonly MeasuredInverseRow[]): FirstShellPoint[] => rows.filter(scored).map((r) => ({ compound: r.compound, errorAngstrom: r.firstShell!.errorAngstrom, spreadAngstrom: r.firstShell!.memberSpreadAngstrom }));
const g2Rows = (rows: readonly MeasuredInverseRow[]) => rows.filter((r) => r.g2).map((r) => ({ compound: r.compound, ...r.g2! }));

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function ruleCoverage(pts: FirstShellPoint[], sigmaOf: (p: FirstShellPoint) => number): RuleCoverage {
  return { oneSigma: firstShellCoverage(pts, sigmaOf, 1), twoSigma: firstShellCoverage(pts, sigmaOf, 2) };
}

function half(rows: readonly MeasuredInverseRow[], fit: FirstShellFit, g2Scale: number, baseRate: number, constant: number): HalfResult {
  const pts = points(rows);
  const byCompound = new Map<string, number[]>();
  for (const p of pts) byCompound.set(p.compound, [...(byCompound.get(p.compound) ?? []), p.errorAngstrom]);
  const g2 = g2Rows(rows);
  return {
    compounds: [...new Set(rows.map((r) => r.compound))].sort(),
    spectra: rows.length,
    notScored: rows.filter((r) => !scored(r)).map((r) => ({ id: r.id, why: r.error ?? 'no first-shell maximum in the predicted G2' })),
    firstShell: {
      medianErrorAngstrom: { spectra: median(pts.map((p) => p.errorAngstrom)), compounds: median([...byCompound.values()].map(median)) },
      before: ruleCoverage(pts, (p) => p.spreadAngstrom),
      after: ruleCoverage(pts, (p) => calibratedFirstShellSigma(p.spreadAngstrom, fit)),
      baseRate: ruleCoverage(pts, () => baseRate),
      constant: ruleCoverage(pts, () => constant),
    },
    g2: {
      before: { oneSigma: g2Coverage(g2, 1, 1).weighted, twoSigma: g2Coverage(g2, 1, 2).weighted },
      after: { oneSigma: g2Coverage(g2, g2Scale, 1).weighted, twoSigma: g2Coverage(g2, g2Scale, 2).weighted },
    },
  };
}

/**
 * Fits on the dev rows and scores both halves. The G2 factor is never below 1: measured spectra
 * carry every error theory spectra do, plus the theory–experiment mismatch.
 * @throws Error when dev has fewer than 2 scored compounds.
 * @example const ev = evaluateMeasuredCalibration('Fe', rows); ev.test.firstShell.after.twoSigma
 */
export function evaluateMeasuredCalibration(element: string, rows: MeasuredInverseRow[], { k = MEASURED_CALIBRATION_DEFAULTS.k, coverage = MEASURED_CALIBRATION_DEFAULTS.coverage }: { k?: number; coverage?: number } = {}): MeasuredEvaluation {
  const dev = rows.filter((r) => r.half === 'dev');
  const test = rows.filter((r) => r.half === 'test');
  const devPts = points(dev);
  const { chosen, loco } = chooseFirstShellForm(devPts, { k, coverage });
  const alternatives = FIRST_SHELL_FORMS.map((f) => fitFirstShell(devPts, f, { k, coverage }));
  const fit = alternatives.find((a) => a.form === chosen)!;
  const fitted = fitG2Scale(g2Rows(dev), { k, coverage });
  const g2Scale = Math.max(1, fitted);
  const baseRate = weightedQuantile(
    devPts.map((p) => p.errorAngstrom),
    compoundWeights(devPts.map((p) => p.compound)),
    0.5,
  );
  const constant = fitConstant(devPts, { k, coverage });
  const testPts = points(test);
  return {
    element,
    k,
    statedCoverage: coverage,
    g2Scale: { fitted, applied: g2Scale },
    firstShell: { fit, loco, alternatives, constantLoco: leaveOneCompoundOut(devPts, 'constant', (others) => ({ scale: 0, floorAngstrom: fitConstant(others, { k, coverage }) }), { k, coverage }) },
    baseRateAngstrom: baseRate,
    constantAngstrom: constant,
    dev: half(dev, fit, g2Scale, baseRate, constant),
    test: half(test, fit, g2Scale, baseRate, constant),
    testAlternatives: alternatives.filter((a) => a.form !== chosen).map((a) => ({ form: a.form, twoSigma: firstShellCoverage(testPts, (p) => calibratedFirstShellSigma(p.spreadAngstrom, a), 2) })),
    rows,
  };
}

const pct = (x: number): string => `${Math.round(100 * x)} %`;
const count = (c: { covered: number; of: number }): string => `${c.covered} of ${c.of}`;

/** What the calibrated G2 σ means, in words. */
export function sigmaMeaningText(ev: MeasuredEvaluation): string {
  const d = ev.dev;
  const t = ev.test;
  const factor = ev.g2Scale.applied > ev.g2Scale.fitted ? `× 1 (the dev fit, ${ev.g2Scale.fitted.toFixed(3)}, would narrow it; it is never narrowed)` : `× ${ev.g2Scale.applied.toFixed(2)}`;
  return (
    `σ for measured ${ev.element} K spectra: the theory-calibrated σ ${factor}. ` +
    `±${ev.k}σ held ${pct(d.g2.after.twoSigma)} of the known G2 points of ${d.compounds.length} measured dev compounds (${d.spectra} spectra; ${pct(d.g2.before.twoSigma)} before), ` +
    `${pct(t.g2.after.twoSigma)} on ${t.compounds.length} test compounds (compounds weighted equally). Few compounds: a rough calibration.` +
    (t.g2.after.twoSigma < ev.statedCoverage - 0.1 ? ` The test half fell short of ${pct(ev.statedCoverage)}: σ is likely too narrow for spectra unlike the dev compounds.` : '')
  );
}

/** What the calibrated first-shell ± means, in words. */
export function firstShellMeaningText(ev: MeasuredEvaluation, members: number): string {
  const f = ev.firstShell.fit;
  const rule = f.form === 'scale' ? `${f.scale.toFixed(2)} × the spread of the ${members} members' first shells` : `√((${f.scale.toFixed(2)} × the spread of the ${members} members' first shells)² + (${f.floorAngstrom.toFixed(2)} Å)²)`;
  const d = ev.dev.firstShell.after.twoSigma;
  const t = ev.test.firstShell.after.twoSigma;
  const short = Math.min(t.compounds.covered / t.compounds.of, t.spectra.covered / t.spectra.of) < ev.statedCoverage - 0.1;
  return (
    `"±" is 1σ of the first-shell distance calibrated on measured spectra: ${rule}. ` +
    `±${ev.k}σ covered the known first shell of ${count(d.compounds)} measured dev compounds (${count(d.spectra)} spectra) and ${count(t.compounds)} test compounds (${count(t.spectra)} spectra).` +
    (short ? ` The test half fell short of ${pct(ev.statedCoverage)}: the ± is likely too narrow for spectra unlike the dev compounds.` : '')
  );
}

/**
 * The file `--write` stores beside the model.
 * @example writeMeasuredCalibration(model.dir, calibrationFile(ev, model.manifest, { … }))
 */
export function calibrationFile(ev: MeasuredEvaluation, manifest: InverseManifest, { split, provenance }: { split: MeasuredCalibration['split']; provenance: MeasuredCalibration['provenance'] }): MeasuredCalibration {
  const fs = (h: HalfResult) => ({ spectra: h.firstShell.after.twoSigma.spectra, compounds: h.firstShell.after.twoSigma.compounds });
  return {
    version: 1,
    kind: 'inverse-measured-calibration',
    element: ev.element,
    model: { id: manifest.id, version: manifest.version, created: manifest.created, sigma: sigmaFingerprint(manifest) },
    k: ev.k,
    statedCoverage: ev.statedCoverage,
    g2: {
      scale: ev.g2Scale.applied,
      devCoverage: { before: ev.dev.g2.before.twoSigma, after: ev.dev.g2.after.twoSigma },
      testCoverage: { before: ev.test.g2.before.twoSigma, after: ev.test.g2.after.twoSigma },
    },
    firstShell: { ...ev.firstShell.fit, dev: fs(ev.dev), test: fs(ev.test) },
    sigmaMeaning: sigmaMeaningText(ev),
    firstShellMeaning: firstShellMeaningText(ev, manifest.members),
    dev: { compounds: ev.dev.compounds, spectra: ev.dev.spectra },
    test: { compounds: ev.test.compounds, spectra: ev.test.spectra },
    split,
    provenance,
  };
}
