/**
 * Pre-edge subtraction and edge-step normalisation with larch `pre_edge` semantics (xraylarch
 * 0.9.7x `larch/xafs/pre_edge.py`, function `preedge`), as a pure function that returns new arrays
 * and the full recipe it used.
 *
 * 1. E0 from `findE0` unless given; snapped to the nearest grid energy (larch).
 * 2. A line is fitted to μ·E^nvict over E0 + [pre1, pre2]: `pre = (intercept + slope·E)·E^−nvict`.
 * 3. A polynomial of degree nnorm is fitted to μ − pre over E0 + [norm1, norm2]:
 *    `post = pre + Σ postPoly[k]·(E − E0)^k`.
 * 4. edge step = post(E0) − pre(E0) = postPoly[0]; norm = (μ − pre)/step.
 * 5. flat = norm − (post − pre)/step + (post − pre)(E0)/step above E0, = norm below (larch `flat`).
 *
 * Fit ranges follow numpy slices `[p1, p2)` with p1 = last point ≤ E0 + r1 and p2 = point nearest
 * E0 + r2, exactly as larch, so the last point of each range is not used.
 */
import { InputError } from '../errors.ts';
import { findE0, type FindE0Options } from './find-e0.ts';
import { looksNormalized } from './looks-normalized.ts';
import { polyfit, polyval } from './polyfit.ts';
import { checkNumber, checkSpectrum, indexNearest, indexOf, type NumericArray } from './validate.ts';

/**
 * Constants of larch's default rules, written once. When an option is not given:
 * - `pre1RelE0Ev` = second energy point − E0, rounded (half-to-even, as Python) to `pre1RoundEv`
 *   (to `pre1RoundFewPointsEv` when E0 is within `pre1FewPoints` points of the start), and never
 *   below the first point;
 * - `pre2RelE0Ev` = `pre2FractionOfPre1`·pre1; moved out so the line has ≥ 2 + nvict points;
 * - `norm2RelE0Ev` = last energy − E0, rounded to `norm2RoundEv` and capped at the data;
 *   a negative value means "that many eV before the last point" (larch instead treats it as the
 *   full range — its code says `max(energy) - e0 - norm2`);
 * - `norm1RelE0Ev` = min(`norm1MaxEv`, `norm1RoundEv`·round(norm2·`norm1FractionOfNorm2`/`norm1RoundEv`)),
 *   and at most norm2 − `minNormRangeEv`;
 * - `nnorm` = 2, or 1 when norm2 − norm1 < `nnormQuadraticMinRangeEv`, or 0 when <
 *   `nnormLinearMinRangeEv`; clamped to 0…`maxNnorm`.
 * Larch history: before 2022 the defaults were pre2 = −50, norm1 = 100 and nnorm from a
 * 100/400 eV rule; xasinv follows the current code.
 */
export const PRE_EDGE_DEFAULTS = Object.freeze({
  nvict: 0,
  maxNnorm: 5,
  pre1RoundEv: 5,
  pre1RoundFewPointsEv: 2,
  pre1FewPoints: 20,
  pre2FractionOfPre1: 0.5,
  norm2RoundEv: 5,
  norm1MaxEv: 25,
  norm1FractionOfNorm2: 1 / 3,
  norm1RoundEv: 5,
  minNormRangeEv: 10,
  nnormQuadraticMinRangeEv: 300,
  nnormLinearMinRangeEv: 30,
  alreadyNormalized: false as boolean | 'auto',
});

/** Options of `preEdge`; every field overrides one default. Energies relative to E0 in eV. */
export interface PreEdgeOptions {
  /** Edge energy (eV); default `findE0`. Snapped to the nearest grid energy. */
  e0Ev?: number;
  /** Fixed edge step (μ units); default fitted. */
  edgeStep?: number;
  pre1RelE0Ev?: number;
  pre2RelE0Ev?: number;
  norm1RelE0Ev?: number;
  norm2RelE0Ev?: number;
  /** Degree of the post-edge polynomial, 0–5. */
  nnorm?: number;
  /** Energy exponent (Victoreen) of the pre-edge fit: the line is fitted to μ·E^nvict. */
  nvict?: number;
  /** Input already normalised: norm = μ, edge step 1. `'auto'` asks `looksNormalized`. */
  alreadyNormalized?: boolean | 'auto';
  /** Options passed to `findE0` when E0 is not given. */
  findE0?: FindE0Options;
}

/** Every parameter `preEdge` used; pass it back as options to reproduce the result exactly. */
export interface PreEdgeRecipe {
  method: 'larch-pre-edge';
  alreadyNormalized: boolean;
  e0Ev: number;
  /** Present only when the step was fixed rather than fitted. */
  edgeStep?: number;
  pre1RelE0Ev: number;
  pre2RelE0Ev: number;
  norm1RelE0Ev: number;
  norm2RelE0Ev: number;
  nnorm: number;
  nvict: number;
}

/** Result of `preEdge`. All arrays are new and have the input's length. */
export interface PreEdgeResult {
  e0Ev: number;
  /** Index of E0 in the energy array. */
  e0Index: number;
  edgeStep: number;
  /** Pre-edge line of μ·E^nvict in absolute energy: `slope·E + intercept`. */
  preLine: { slope: number; intercept: number };
  /** Post-edge polynomial of μ − pre in powers of (E − E0), lowest first (postPoly[0] = step when fitted). */
  postPoly: number[];
  /** Pre-edge curve evaluated on the grid. */
  pre: Float64Array;
  /** Post-edge curve (pre + polynomial) on the grid. */
  post: Float64Array;
  /** (μ − pre)/step. */
  norm: Float64Array;
  /** norm with the post-edge curvature removed above E0. */
  flat: Float64Array;
  recipe: PreEdgeRecipe;
  /** Recoverable oddities (negative step, very few fit points, …). */
  warnings: string[];
}

/** Python's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * Fill in every default of `preEdge` for this grid and E0 (what the UI shows as "auto").
 *
 * @example
 * resolvePreEdgeRecipe(energyEv, 8979) // { pre1RelE0Ev: -200, pre2RelE0Ev: -100, norm1RelE0Ev: 25, … }
 */
export function resolvePreEdgeRecipe(energyEv: Float64Array, e0Ev: number, opts: PreEdgeOptions = {}, alreadyNormalized = false): PreEdgeRecipe {
  const d = PRE_EDGE_DEFAULTS;
  const n = energyEv.length;
  const ie0 = indexNearest(energyEv, e0Ev);
  const e0 = energyEv[ie0];
  const eMin = energyEv[0];
  const eMax = energyEv[n - 1];
  const nvict = opts.nvict ?? d.nvict;
  checkNumber(nvict, 'nvict');
  let pre1 = opts.pre1RelE0Ev;
  if (pre1 === undefined) {
    const round = ie0 > d.pre1FewPoints ? d.pre1RoundEv : d.pre1RoundFewPointsEv;
    pre1 = round * roundHalfEven((energyEv[Math.min(1, n - 1)] - e0) / round);
  }
  checkNumber(pre1, 'pre1RelE0Ev');
  pre1 = Math.max(pre1, eMin - e0);
  let pre2 = opts.pre2RelE0Ev ?? d.pre2FractionOfPre1 * pre1;
  checkNumber(pre2, 'pre2RelE0Ev');
  if (pre1 > pre2) [pre1, pre2] = [pre2, pre1];
  const rel = energyEv.map((e) => e - e0);
  const ipre1 = indexOf(rel, pre1);
  const ipre2 = indexOf(rel, pre2);
  const need = ipre1 + 2 + Math.max(0, Math.ceil(nvict));
  if (ipre2 < need && need < n) pre2 = rel[need];

  let norm2 = opts.norm2RelE0Ev ?? d.norm2RoundEv * roundHalfEven((eMax - e0) / d.norm2RoundEv);
  checkNumber(norm2, 'norm2RelE0Ev');
  if (norm2 < 0) norm2 = eMax - e0 + norm2;
  norm2 = Math.min(norm2, eMax - e0);
  let norm1 = opts.norm1RelE0Ev ?? Math.min(d.norm1MaxEv, d.norm1RoundEv * roundHalfEven((norm2 * d.norm1FractionOfNorm2) / d.norm1RoundEv));
  checkNumber(norm1, 'norm1RelE0Ev');
  if (norm1 > norm2) [norm1, norm2] = [norm2, norm1];
  norm1 = Math.min(norm1, norm2 - d.minNormRangeEv);
  let nnorm = opts.nnorm;
  if (nnorm === undefined) {
    nnorm = 2;
    if (norm2 - norm1 < d.nnormQuadraticMinRangeEv) nnorm = 1;
    if (norm2 - norm1 < d.nnormLinearMinRangeEv) nnorm = 0;
  }
  checkNumber(nnorm, 'nnorm');
  if (!Number.isInteger(nnorm)) throw new InputError(`nnorm is ${nnorm}; expected an integer 0–${d.maxNnorm}`);
  nnorm = Math.max(0, Math.min(nnorm, d.maxNnorm));
  const recipe: PreEdgeRecipe = {
    method: 'larch-pre-edge',
    alreadyNormalized,
    e0Ev: e0,
    pre1RelE0Ev: pre1,
    pre2RelE0Ev: pre2,
    norm1RelE0Ev: norm1,
    norm2RelE0Ev: norm2,
    nnorm,
    nvict,
  };
  if (opts.edgeStep !== undefined) recipe.edgeStep = checkNumber(opts.edgeStep, 'edgeStep');
  return recipe;
}

/** numpy-slice fit range [p1, p2) as larch computes it. */
function fitRange(e: Float64Array, lowEv: number, highEv: number): [number, number] {
  const p1 = indexOf(e, lowEv);
  let p2 = indexNearest(e, highEv);
  if (p2 - p1 < 2) p2 = Math.min(e.length, p1 + 2);
  return [p1, p2];
}

/**
 * Pre-edge line, post-edge polynomial, edge step and normalised μ (larch `pre_edge`).
 *
 * @example
 * const r = preEdge(energyEv, mu);
 * r.edgeStep; r.norm; r.flat;
 * preEdge(energyEv, mu, r.recipe); // identical output
 * preEdge(energyEv, mu, { nnorm: 1, norm1RelE0Ev: 50 }); // override any parameter
 */
export function preEdge(energyEv: NumericArray, mu: NumericArray, opts: PreEdgeOptions = {}): PreEdgeResult {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 4);
  const n = e.length;
  const warnings: string[] = [];
  let e0Ev = opts.e0Ev;
  if (e0Ev === undefined) {
    e0Ev = findE0(e, m, opts.findE0).e0Ev;
  } else {
    checkNumber(e0Ev, 'e0Ev');
    if (e0Ev < e[0] || e0Ev > e[n - 1]) {
      throw new InputError(`e0Ev = ${e0Ev} eV is outside the data (${e[0]}–${e[n - 1]} eV)`);
    }
  }
  const normalizedFlag = opts.alreadyNormalized ?? PRE_EDGE_DEFAULTS.alreadyNormalized;
  const alreadyNormalized = normalizedFlag === 'auto' ? looksNormalized(e, m) : normalizedFlag === true;
  const recipe = resolvePreEdgeRecipe(e, e0Ev, opts, alreadyNormalized);
  const e0 = recipe.e0Ev;
  const ie0 = indexNearest(e, e0);

  if (alreadyNormalized) {
    return {
      e0Ev: e0, e0Index: ie0, edgeStep: 1,
      preLine: { slope: 0, intercept: 0 }, postPoly: [1],
      pre: new Float64Array(n), post: new Float64Array(n).fill(1),
      norm: Float64Array.from(m), flat: Float64Array.from(m),
      recipe, warnings,
    };
  }

  const { pre1RelE0Ev, pre2RelE0Ev, norm1RelE0Ev, norm2RelE0Ev, nnorm, nvict } = recipe;
  // Pre-edge line on μ·E^nvict.
  const [a1, a2] = fitRange(e, pre1RelE0Ev + e0, pre2RelE0Ev + e0);
  if (a2 - a1 < 2) throw new InputError(`pre-edge range E0${fmt(pre1RelE0Ev)}…E0${fmt(pre2RelE0Ev)} eV holds ${a2 - a1} point(s); need 2 (is E0 = ${e0} eV at the start of the data?)`);
  if (a2 - a1 < 3) warnings.push(`pre-edge line fitted to only ${a2 - a1} points`);
  const ex = e.subarray(a1, a2);
  const omu = Float64Array.from(ex, (x, k) => m[a1 + k] * x ** nvict);
  const [b0, b1] = polyfit(ex, omu, 1, e0);
  const pre = Float64Array.from(e, (x) => (b0 + b1 * (x - e0)) * x ** -nvict);

  // Post-edge polynomial on μ − pre.
  const [c1Fitted, c2] = fitRange(e, norm1RelE0Ev + e0, norm2RelE0Ev + e0);
  let c1 = c1Fitted;
  if (c2 - c1 < 2) c1 = Math.max(0, c1 - 2);
  if (c2 - c1 < nnorm + 1) {
    throw new InputError(`post-edge range E0+${norm1RelE0Ev}…E0+${norm2RelE0Ev} eV holds ${c2 - c1} point(s); a degree-${nnorm} polynomial needs ${nnorm + 1} (lower nnorm or widen norm1/norm2)`);
  }
  const presub = Float64Array.from({ length: c2 - c1 }, (_, k) => m[c1 + k] - pre[c1 + k]);
  const postPoly = polyfit(e.subarray(c1, c2), presub, nnorm, e0);
  const post = Float64Array.from(e, (x, i) => pre[i] + polyval(postPoly, x, e0));

  let edgeStep = recipe.edgeStep ?? postPoly[0];
  if (!(edgeStep > 0)) warnings.push(`edge step is ${edgeStep.toPrecision(4)} (μ falls across the edge?); using its absolute value as larch does`);
  edgeStep = Math.max(1e-12, Math.abs(edgeStep));

  const norm = Float64Array.from(m, (v, i) => (v - pre[i]) / edgeStep);
  const resid0 = (post[ie0] - pre[ie0]) / edgeStep;
  const flat = Float64Array.from(norm, (v, i) => (i < ie0 ? v : v - (post[i] - pre[i]) / edgeStep + resid0));
  return {
    e0Ev: e0, e0Index: ie0, edgeStep,
    preLine: { slope: b1, intercept: b0 - b1 * e0 },
    postPoly, pre, post, norm, flat, recipe, warnings,
  };
}

function fmt(v: number): string {
  return v < 0 ? `${v}` : `+${v}`;
}
