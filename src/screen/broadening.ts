/**
 * @module screen/broadening
 * The extra broadening that takes a theory spectrum to a measured one: an energy-dependent
 * Lorentzian Γ(E) = Γ0 + Γ1·max(0, E_rel) (FWHM, eV; E_rel = energy above the predictor's edge),
 * followed by an optional Gaussian (instrument resolution, FWHM).
 *
 * Why energy-dependent (2026-12, issue 17): FEFF is sharper than experiment by an amount that grows
 * with the photo-electron energy (inelastic losses beyond FEFF's self-energy), so a constant
 * Gaussian fitted to the edge leaves the features at +30…+100 eV too sharp, and one fitted to those
 * washes out the edge. The linear law is the first term of FDMNES's arctangent model
 * (`spectrum/arctan-broaden.ts`), which is linear well below its E_cent ≈ 30 eV.
 *
 * Many candidates share one grid, so the Lorentzian is built once as a dense matrix
 * (`convolutionMatrix`, exact integration, rows sum to 1) and applied as W·μ; a few recent matrices
 * are memoised. Read at a window of points, only the rows the window reaches are built.
 */
import { convolutionRows, lorentzianShape, type LineShape } from '../spectrum/index.ts';
import { broadenUniform, gaussianKernel, uniformStep } from './broaden-uniform.ts';

/** Extra broadening of a prediction. */
export interface Broadening {
  /** Lorentzian FWHM at and below the edge, eV. */
  gamma0Ev: number;
  /** Growth of the Lorentzian FWHM per eV above the edge (eV/eV). */
  gamma1: number;
  /** Gaussian FWHM applied after the Lorentzian, eV (0 = none). */
  gaussianFwhmEv: number;
}

/** No extra broadening. */
export const NO_BROADENING: Readonly<Broadening> = Object.freeze({ gamma0Ev: 0, gamma1: 0, gaussianFwhmEv: 0 });

/** Zero width: the identity (C is a step, the moment is 0). */
const DELTA: LineShape = { cdf: (u: number) => (u < 0 ? 0 : 1), moment: () => 0, support: 0 };

/**
 * Lorentzian FWHM (eV) at relative energy `relEv`.
 * @example lorentzianWidthEv({ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 0 }, 40) // 3
 */
export function lorentzianWidthEv(b: Broadening, relEv: number): number {
  return b.gamma0Ev + b.gamma1 * Math.max(0, relEv);
}

const matrices = new Map<string, Float64Array>();
const MATRIX_MEMO = 48;

/**
 * The Lorentzian part as a dense n × n matrix on `gridRelEv` (memoised by grid and widths).
 *
 * @example
 * const w = lorentzianMatrix(grid, { gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 0 });
 */
export function lorentzianMatrix(gridRelEv: Float64Array, b: Broadening): Float64Array {
  const n = gridRelEv.length;
  const key = `${n}:${gridRelEv[0]}:${gridRelEv[n - 1]}:${b.gamma0Ev}:${b.gamma1}`;
  const hit = matrices.get(key);
  if (hit) return hit;
  const w = lorentzianRows(gridRelEv, b, 0, n);
  if (matrices.size >= MATRIX_MEMO) matrices.delete(matrices.keys().next().value!);
  matrices.set(key, w);
  return w;
}

/** Rows `from` … `to − 1` of {@link lorentzianMatrix} (not memoised). */
function lorentzianRows(gridRelEv: Float64Array, b: Broadening, from: number, to: number): Float64Array {
  return convolutionRows(
    gridRelEv,
    (i) => {
      const g = lorentzianWidthEv(b, gridRelEv[i]!);
      return g > 0 ? lorentzianShape(g) : DELTA;
    },
    from,
    to,
  );
}

/**
 * Broaden a spectrum on the uniform `gridRelEv`: Lorentzian Γ(E), then the Gaussian.
 *
 * @example
 * const mu2 = applyBroadening(grid, mu, { gamma0Ev: 0.5, gamma1: 0.04, gaussianFwhmEv: 1 });
 */
export function applyBroadening(gridRelEv: Float64Array, mu: ArrayLike<number>, b: Broadening, out: Float64Array = new Float64Array(gridRelEv.length)): Float64Array {
  const n = gridRelEv.length;
  if (b.gamma0Ev > 0 || b.gamma1 > 0) {
    const w = lorentzianMatrix(gridRelEv, b);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) acc += w[row + j]! * mu[j]!;
      out[i] = acc;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = mu[i]!;
  }
  return b.gaussianFwhmEv > 0 ? broadenUniform(out, uniformStep(gridRelEv), b.gaussianFwhmEv) : out;
}

const windowMatrices = new Map<string, Float64Array>();

/**
 * The whole broadening sampled at the points `windowRelEv` as one dense m × n matrix W (row k =
 * weights over the grid for the broadened value at windowRelEv[k], linear interpolation between
 * grid points): `W·μ` equals `applyBroadening` read at the window, at a third of its cost when the
 * window is sampled every second grid point. Memoised per grid, broadening and window.
 *
 * @example
 * const w = windowBroadeningMatrix(grid, b, window); // window.length × grid.length
 */
export function windowBroadeningMatrix(gridRelEv: Float64Array, b: Broadening, windowRelEv: Float64Array): Float64Array {
  const n = gridRelEv.length;
  const m = windowRelEv.length;
  const key = `${n}:${gridRelEv[0]}:${gridRelEv[n - 1]}:${b.gamma0Ev}:${b.gamma1}:${b.gaussianFwhmEv}|${m}:${windowRelEv[0]}:${windowRelEv[m - 1]}`;
  const hit = windowMatrices.get(key);
  if (hit) return hit;
  const step = uniformStep(gridRelEv);
  const g0 = gridRelEv[0]!;
  // R·G: interpolation rows composed with the Gaussian (constant padding beyond the ends), sparse.
  const gk = b.gaussianFwhmEv > 0 ? gaussianKernel(b.gaussianFwhmEv, step) : Float64Array.of(1);
  const half = (gk.length - 1) >> 1;
  const rg = new Float64Array(m * n);
  for (let k = 0; k < m; k++) {
    const u = Math.min(Math.max((windowRelEv[k]! - g0) / step, 0), n - 1);
    const i0 = Math.min(Math.floor(u), n - 2);
    const f = u - i0;
    for (const [i, wi] of [[i0, 1 - f], [i0 + 1, f]] as const) {
      if (wi === 0) continue;
      for (let j = -half; j <= half; j++) {
        const c = i + j < 0 ? 0 : i + j >= n ? n - 1 : i + j;
        rg[k * n + c] += wi * gk[j + half]!;
      }
    }
  }
  let w = rg;
  if (b.gamma0Ev > 0 || b.gamma1 > 0) {
    // Only the Lorentzian rows R·G reaches are built (the window rarely spans the whole grid).
    let cLo = n;
    let cHi = -1;
    for (let q = 0; q < rg.length; q++) {
      if (rg[q] === 0) continue;
      const c = q % n;
      if (c < cLo) cLo = c;
      if (c > cHi) cHi = c;
    }
    const l = cHi >= cLo ? lorentzianRows(gridRelEv, b, cLo, cHi + 1) : new Float64Array(0);
    w = new Float64Array(m * n);
    for (let k = 0; k < m; k++) {
      const row = k * n;
      for (let c = cLo; c <= cHi; c++) {
        const a = rg[row + c]!;
        if (a === 0) continue;
        const lr = (c - cLo) * n;
        for (let j = 0; j < n; j++) w[row + j] += a * l[lr + j]!;
      }
    }
  }
  if (windowMatrices.size >= MATRIX_MEMO) windowMatrices.delete(windowMatrices.keys().next().value!);
  windowMatrices.set(key, w);
  return w;
}

/**
 * W·μ for a matrix of {@link windowBroadeningMatrix}.
 * @example const p = applyWindowMatrix(w, mu, window.length);
 */
export function applyWindowMatrix(w: Float64Array, mu: ArrayLike<number>, m: number, out: Float64Array = new Float64Array(m)): Float64Array {
  const n = w.length / m;
  for (let k = 0; k < m; k++) {
    let acc = 0;
    const row = k * n;
    for (let j = 0; j < n; j++) acc += w[row + j]! * mu[j]!;
    out[k] = acc;
  }
  return out;
}

/**
 * A short label, e.g. "Γ 0.5 + 0.040·E eV, Gaussian 1.0 eV".
 * @example describeBroadening(NO_BROADENING) // 'none'
 */
export function describeBroadening(b: Broadening): string {
  const parts: string[] = [];
  if (b.gamma0Ev > 0 || b.gamma1 > 0) parts.push(`Lorentzian Γ = ${b.gamma0Ev.toFixed(2)} + ${b.gamma1.toFixed(3)}·(E − E0) eV`);
  if (b.gaussianFwhmEv > 0) parts.push(`Gaussian ${b.gaussianFwhmEv.toFixed(2)} eV`);
  return parts.length ? parts.join(', ') : 'none';
}
