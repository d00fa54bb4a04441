/**
 * Natural widths of K core holes (FWHM, eV), to broaden unconvolved calculations (FDMNES, ORCA).
 *
 * Source: M. O. Krause and J. H. Oliver, "Natural widths of atomic K and L levels, Kα X-ray lines
 * and several KLL Auger lines", J. Phys. Chem. Ref. Data 8, 329 (1979), Table 1 (Γ_K).
 * Cross-checked value by value (Z = 10–36) against the K widths that XrayDB's `core_width` returns
 * (xraypy/XrayDB `tests/test_xraydb.py::test_core_width`, which tabulates the same K&O values);
 * the brief's spot values Fe 1.25, Co 1.33, Cu 1.55, S 0.59 eV agree.
 */
import { UnsupportedError } from '../errors.ts';
import { getElement, type EdgeName } from '../elements/index.ts';

/** Γ_K (eV) by atomic number, Z = 10 (Ne) … 36 (Kr). */
export const K_HOLE_WIDTH_EV: Readonly<Record<number, number>> = Object.freeze({
  10: 0.24, 11: 0.3, 12: 0.36, 13: 0.42, 14: 0.48, 15: 0.53, 16: 0.59, 17: 0.64, 18: 0.68,
  19: 0.74, 20: 0.81, 21: 0.86, 22: 0.94, 23: 1.01, 24: 1.08, 25: 1.16, 26: 1.25, 27: 1.33,
  28: 1.44, 29: 1.55, 30: 1.67, 31: 1.82, 32: 1.96, 33: 2.14, 34: 2.33, 35: 2.52, 36: 2.75,
});

/**
 * Core-hole width (Lorentzian FWHM, eV) of an edge. K edges of Ne…Kr (Z = 10–36) are tabulated;
 * other edges throw an `UnsupportedError` that says what is available.
 *
 * @example
 * coreHoleWidthEv('Fe')      // 1.25
 * coreHoleWidthEv('Cu', 'K') // 1.55
 */
export function coreHoleWidthEv(symbolOrZ: string | number, edge: EdgeName = 'K'): number {
  const el = getElement(symbolOrZ);
  if (edge !== 'K') {
    throw new UnsupportedError('UNSUPPORTED_EDGE', `no core-hole width tabulated for the ${el.symbol} ${edge} edge; only K edges of Z = 10–36 (Ne–Kr) are`, { symbol: el.symbol, edge });
  }
  const w = K_HOLE_WIDTH_EV[el.z];
  if (w === undefined) {
    throw new UnsupportedError('UNSUPPORTED_ELEMENT', `no K core-hole width tabulated for ${el.symbol} (Z = ${el.z}); the table covers Z = 10–36 (Ne–Kr)`, { symbol: el.symbol, edge });
  }
  return w;
}
