/**
 * @module chemistry/edge-valence
 * Oxidation state from the measured edge position, calibrated on measured references, and how
 * well a candidate's bond-valence state agrees with it.
 *
 * The half-height edge energy E½ (spectrum/edge-position.ts) rises with the absorber's oxidation
 * state: for Fe K about 4 eV from Fe(II) to Fe(III) in oxides and silicates (Wilke et al., Am.
 * Mineral. 86, 714 (2001) use the pre-edge centroid for the same purpose; the edge position is the
 * coarser, noise-robust measure). Theory places this chemical shift 1–3 eV wrong for Fe
 * (reports/feff-presets.md), so screening takes it from measured spectra instead:
 *
 *   E½ = a + b·v      least squares over measured references of known formal valence v,
 *   s  = residual standard deviation of that fit (ligand effects, energy calibration, noise).
 *
 * A candidate whose absorber sites have the multiplicity-weighted mean bond valence sum v_c gets
 *
 *   penalty = ½ · ((E½ − a − b·v_c) / σ)²,   σ² = s² + (b·σ_BVS)²,
 *
 * the negative log-likelihood (up to a constant) of the measured edge position given the
 * candidate's valence, with σ_BVS the usual agreement of a BVS with the formal valence (0.2 v.u.).
 * It adds to the ranking's log-score (screen/combine.ts).
 *
 * Domain: the fit uses the references whose first shell holds the calibration's `ligands` only
 * (oxygen: oxides, hydroxides, silicates, carbonates, sulfates). Sulfides sit ≈ 2 eV lower at the
 * same valence (covalency) and their BVS is unreliable (the persulfide of pyrite), so they are
 * neither fitted nor penalised; a sulfide's valence estimate reads low. The measured energy axis
 * must be calibrated (Fe foil E0 = 7112.0 eV), as the references' are.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, ParseError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import { oxidationLabel, valenceLabel } from './labels.ts';
import { tabulatedStates } from './bond-valence-parameters.ts';

/** Where the shipped edge-position calibrations live. */
export const EDGE_VALENCE_FILE = join(MODELS_DIR, 'screen', 'edge-valence.json');

/** Defaults of {@link fitEdgeValence}. */
export const EDGE_VALENCE_DEFAULTS = Object.freeze({
  /** Spread of a BVS around the formal valence (v.u.; site-chemistry.ts's "well refined" bound). */
  bvsSigma: 0.2,
  /**
   * Fewest distinct compounds per oxidation state: a state with fewer is left out of the fit, and at
   * least two states must remain. Two, so that no state rests on a single compound (Cu has one
   * O-coordinated Cu(I) compound, cuprite: no Cu calibration). Leave-one-out refits apply the same
   * rule, so a state with exactly two compounds drops out of the refit that leaves one of them out;
   * Fe has 13 Fe(II) and 10 Fe(III) compounds.
   */
  minCompoundsPerState: 2,
  /** First-shell ligands of the references fitted and the candidates penalised. */
  ligands: Object.freeze(['O']) as readonly string[],
});

/** One measured reference of the fit. */
export interface EdgeValencePoint {
  name: string;
  /** Spectra of one compound are left out together in leave-one-out. */
  compound: string;
  /** Relative to the data folder. */
  spectrum: string;
  group?: string;
  oxidationState: number;
  /** First-shell ligand element of the phase (e.g. 'O', 'S'). */
  ligand: string;
  /** Measured half-height edge energy (eV). */
  edgeEv: number;
  /** Measured − fitted (eV). */
  residualEv?: number;
}

/** A fitted edge-position calibration of one absorber. */
export interface EdgeValenceCalibration {
  absorber: string;
  /** The edge-step fraction of the edge energy (½). */
  level: number;
  /** a of E½ = a + b·v (eV). */
  interceptEv: number;
  /** b (eV per unit of valence). */
  slopeEvPerValence: number;
  /** Residual standard deviation s (eV). */
  residualSdEv: number;
  bvsSigma: number;
  /** First-shell ligand elements the fit covers: only candidates with these ligands are penalised. */
  ligands: string[];
  /** The points fitted (those with one of `ligands`). */
  points: EdgeValencePoint[];
  command?: string;
  created?: string;
  commit?: string;
}

/** What the measured edge says (the `edgeValence` of a ranking). */
export interface EdgeValenceReadout {
  edgeEv: number;
  /** (E½ − a)/b, continuous. */
  valence: number;
  /** s/b. */
  sigma: number;
  /** `Fe(III)` when the estimate lies within ±0.25 of a state, else e.g. `Fe(II/III)` between two. */
  label: string;
  references: number;
}

/**
 * Least-squares fit of E½ = a + b·v over the points whose ligand is one of `ligands`, of the
 * oxidation states with at least `minCompoundsPerState` compounds (at least two such states).
 *
 * @example
 * const cal = fitEdgeValence('Fe', points); // cal.slopeEvPerValence ≈ 4
 * @throws InputError when the points do not span two oxidation states.
 */
export function fitEdgeValence(
  absorber: string,
  allPoints: readonly EdgeValencePoint[],
  {
    bvsSigma = EDGE_VALENCE_DEFAULTS.bvsSigma,
    minCompoundsPerState = EDGE_VALENCE_DEFAULTS.minCompoundsPerState,
    ligands = EDGE_VALENCE_DEFAULTS.ligands,
  }: { bvsSigma?: number; minCompoundsPerState?: number; ligands?: readonly string[] } = {},
): EdgeValenceCalibration {
  const withLigand = allPoints.filter((p) => ligands.includes(p.ligand));
  const compounds = new Map<number, Set<string>>();
  for (const p of withLigand) compounds.set(p.oxidationState, (compounds.get(p.oxidationState) ?? new Set()).add(p.compound));
  const states = [...compounds.entries()].filter(([, c]) => c.size >= minCompoundsPerState).map(([s]) => s);
  if (states.length < 2) {
    const got = [...compounds.entries()].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${oxidationLabel(absorber, s)} ${c.size}`).join(', ');
    throw new InputError(`an edge-position calibration of ${absorber} needs two oxidation states with at least ${minCompoundsPerState} ${ligands.join('/')}-coordinated reference compounds each; compounds per state: ${got || 'none'}`);
  }
  const points = withLigand.filter((p) => states.includes(p.oxidationState));
  const n = points.length;
  const mv = points.reduce((a, p) => a + p.oxidationState, 0) / n;
  const me = points.reduce((a, p) => a + p.edgeEv, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.oxidationState - mv) * (p.edgeEv - me);
    sxx += (p.oxidationState - mv) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = me - slope * mv;
  const withResiduals = points.map((p) => ({ ...p, residualEv: p.edgeEv - (intercept + slope * p.oxidationState) }));
  const residualSdEv = Math.sqrt(withResiduals.reduce((a, p) => a + p.residualEv ** 2, 0) / Math.max(1, n - 2));
  if (!(slope > 0)) throw new InputError(`the ${absorber} references give an edge energy that does not rise with the oxidation state (slope ${slope.toFixed(2)} eV per valence unit)`);
  return { absorber, level: 0.5, interceptEv: intercept, slopeEvPerValence: slope, residualSdEv, bvsSigma, ligands: [...ligands], points: withResiduals };
}

/**
 * The oxidation state the measured edge position says.
 *
 * @example valenceFromEdge(7123.1, feCal) // { valence ≈ 2.96, sigma ≈ 0.14, label: 'Fe(III)', … } (shipped Fe calibration)
 */
export function valenceFromEdge(edgeEv: number, cal: EdgeValenceCalibration): EdgeValenceReadout {
  const valence = (edgeEv - cal.interceptEv) / cal.slopeEvPerValence;
  const sigma = cal.residualSdEv / cal.slopeEvPerValence;
  const label = valenceLabel(cal.absorber, valence, tabulatedStates(cal.absorber));
  return { edgeEv, valence, sigma, label, references: cal.points.length };
}

/**
 * ½·((E½ − a − b·v)/σ)² with σ² = s² + (b·σ_BVS)²: how unlikely the measured edge is for a
 * candidate whose absorber sites have mean BVS `valence`.
 *
 * @example edgeValencePenalty(7123.1, 2.0, feCal) // ≈ 7.9 (an Fe(II) candidate for an Fe(III) edge; σ ≈ 0.94 eV)
 */
export function edgeValencePenalty(edgeEv: number, valence: number, cal: EdgeValenceCalibration): number {
  const sigma2 = cal.residualSdEv ** 2 + (cal.slopeEvPerValence * cal.bvsSigma) ** 2;
  if (!(sigma2 > 0)) throw new InputError(`the ${cal.absorber} edge-position calibration has no spread (residualSdEv and bvsSigma both 0): a penalty would be infinite`);
  const r = edgeEv - (cal.interceptEv + cal.slopeEvPerValence * valence);
  return (0.5 * r * r) / sigma2;
}

/**
 * The shipped calibrations (`models/screen/edge-valence.json`, written by
 * `npm run calibrate:edge-valence`), by absorber; empty when the file is absent.
 *
 * @example readEdgeValence().Fe?.slopeEvPerValence
 */
export function readEdgeValence(path = EDGE_VALENCE_FILE): Record<string, EdgeValenceCalibration> {
  if (!existsSync(path)) return {};
  // Every ranking asks; the file is read again only when it changes.
  const mtimeMs = statSync(path).mtimeMs;
  const memo = READ_MEMO.get(path);
  if (memo && memo.mtimeMs === mtimeMs) return memo.value;
  const value = parseEdgeValenceFile(path);
  READ_MEMO.set(path, { mtimeMs, value });
  return value;
}

const READ_MEMO = new Map<string, { mtimeMs: number; value: Record<string, EdgeValenceCalibration> }>();

function parseEdgeValenceFile(path: string): Record<string, EdgeValenceCalibration> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ParseError(path, undefined, `not valid JSON (${(err as Error).message})`);
  }
  const out = isObject(parsed) ? parsed.absorbers : undefined;
  if (!isObject(out)) throw new ParseError(path, undefined, 'expected {absorbers: {El: calibration}}');
  for (const [el, c] of Object.entries(out)) {
    const ok =
      isObject(c) &&
      [c.interceptEv, c.slopeEvPerValence, c.residualSdEv, c.bvsSigma].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
      (c.slopeEvPerValence as number) > 0 &&
      (c.residualSdEv as number) ** 2 + (c.bvsSigma as number) ** 2 > 0 &&
      Array.isArray(c.ligands) &&
      Array.isArray(c.points) &&
      c.points.length > 0 &&
      c.points.every((p: unknown) => isObject(p) && Number.isFinite(p.oxidationState) && Number.isFinite(p.edgeEv));
    if (!ok) {
      throw new ParseError(path, undefined, `the ${el} calibration needs finite interceptEv, slopeEvPerValence > 0, residualSdEv and bvsSigma (not both 0), its ligands, and points with oxidationState and edgeEv`);
    }
  }
  return out as Record<string, EdgeValenceCalibration>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
