/**
 * Heuristic test for input that is already normalised (Athena `.nor`, XDI `normtrans`, model
 * output): pre-edge ≈ 0, post-edge ≈ 1, nothing wild.
 */
import { findE0 } from './find-e0.ts';
import { checkSpectrum, type NumericArray } from './validate.ts';

/** Thresholds of `looksNormalized`, written once. */
export const LOOKS_NORMALIZED_DEFAULTS = Object.freeze({
  /** |mean μ| below E0 − 10 eV must be below this. */
  maxPreEdgeMean: 0.15,
  /** Mean μ above E0 + 20 eV must lie in this interval. */
  postEdgeMeanRange: [0.75, 1.3] as const,
  /** μ must stay within this interval everywhere (white lines reach ~2.5). */
  muRange: [-0.3, 3.5] as const,
});

/**
 * True when μ(E) already looks edge-step normalised: mean pre-edge (E < E0 − 10 eV) within ±0.15 of
 * 0, mean post-edge (E > E0 + 20 eV) within 0.75–1.3, and all of μ within −0.3…3.5. When E0 cannot
 * be found, the first 10 % and last 25 % of the points stand in for the two regions. `e0Ev`, when
 * the caller has already run `findE0` on the same arrays, saves running it again.
 *
 * @example
 * looksNormalized(energyEv, result.norm) // true
 * looksNormalized(energyEv, rawMu)       // false for a typical transmission μ
 * looksNormalized(energyEv, rawMu, findE0(energyEv, rawMu).e0Ev) // the same, without a second findE0
 */
export function looksNormalized(energyEv: NumericArray, mu: NumericArray, e0Ev?: number): boolean {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 2);
  const d = LOOKS_NORMALIZED_DEFAULTS;
  for (const v of m) if (v < d.muRange[0] || v > d.muRange[1]) return false;
  let preSel: (i: number) => boolean;
  let postSel: (i: number) => boolean;
  try {
    const e0 = e0Ev ?? findE0(e, m).e0Ev;
    preSel = (i) => e[i] < e0 - 10;
    postSel = (i) => e[i] > e0 + 20;
  } catch {
    preSel = (i) => i < Math.max(1, Math.floor(0.1 * e.length));
    postSel = (i) => i >= Math.floor(0.75 * e.length);
  }
  let sPre = 0, nPre = 0, sPost = 0, nPost = 0;
  for (let i = 0; i < e.length; i++) {
    if (preSel(i)) { sPre += m[i]; nPre++; }
    if (postSel(i)) { sPost += m[i]; nPost++; }
  }
  if (nPost === 0) return false;
  const post = sPost / nPost;
  if (post < d.postEdgeMeanRange[0] || post > d.postEdgeMeanRange[1]) return false;
  // Spectra that start at the edge (some calculations) have no pre-edge: judge the post-edge only.
  return nPre === 0 || Math.abs(sPre / nPre) <= d.maxPreEdgeMean;
}
