/**
 * Angular wACSF G4 terms (Gastegger et al. 2018, eq. 9 with element weights 0.1·Z):
 * G4 = 2^{1−ζ} Σ_{j<k} w_j w_k (1 + λ cos θ_jik)^ζ exp(−η (r_ij² + r_ik² + r_jk²)) f_c(r_ij) f_c(r_ik) f_c(r_jk),
 * summed over unordered neighbour pairs (j, k) within the cutoff (periodic images included).
 */
import { InputError } from '../errors.ts';
import { neighborsOf } from './neighbors.ts';
import { checkSite, type Structure } from './structure.ts';
import { cosineCutoff } from './wacsf.ts';

/** Options of {@link wacsfG4}. */
export interface WacsfG4Options {
  /** Gaussian exponents η in Å⁻². */
  etas?: readonly number[];
  /** Angular exponents ζ. */
  zetas?: readonly number[];
  /** λ values (±1). */
  lambdas?: readonly number[];
  /** Cosine cutoff in Å. */
  cutoffAngstrom?: number;
}

/** Defaults of {@link wacsfG4}: 4 η × 4 ζ × 2 λ = 32 terms, cutoff 6 Å. */
export const WACSF_G4_DEFAULTS = Object.freeze({
  etas: Object.freeze([0.001, 0.01, 0.05, 0.1]),
  zetas: Object.freeze([1, 2, 4, 16]),
  lambdas: Object.freeze([1, -1]),
  cutoffAngstrom: 6.0,
});

/**
 * Angular wACSF of one site. Output order: η outermost, then ζ, then λ
 * (index = (iη·nζ + iζ)·nλ + iλ).
 *
 * @example wacsfG4(structure, 0).length // 32
 * @throws InputError for empty parameter lists or a non-positive cutoff.
 */
export function wacsfG4(
  structure: Structure,
  siteIndex: number,
  {
    etas = WACSF_G4_DEFAULTS.etas,
    zetas = WACSF_G4_DEFAULTS.zetas,
    lambdas = WACSF_G4_DEFAULTS.lambdas,
    cutoffAngstrom = WACSF_G4_DEFAULTS.cutoffAngstrom,
  }: WacsfG4Options = {},
): Float64Array {
  checkSite(structure, siteIndex);
  if (!etas.length || !zetas.length || !lambdas.length) throw new InputError('wacsfG4 needs at least one η, ζ and λ');
  if (!(cutoffAngstrom > 0)) throw new InputError(`cutoffAngstrom must be > 0; got ${cutoffAngstrom}`);
  const nb = neighborsOf(structure, siteIndex, cutoffAngstrom);
  const m = nb.indices.length;
  const w = new Float64Array(m);
  const fc = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    w[a] = 0.1 * structure.z[nb.indices[a]!]!;
    fc[a] = cosineCutoff(nb.distances[a]!, cutoffAngstrom);
  }
  const nz = zetas.length;
  const nl = lambdas.length;
  const out = new Float64Array(etas.length * nz * nl);
  const v = nb.vectors;
  for (let a = 0; a < m; a++) {
    const ra = nb.distances[a]!;
    for (let b = a + 1; b < m; b++) {
      const rb = nb.distances[b]!;
      const dx = v[3 * b]! - v[3 * a]!;
      const dy = v[3 * b + 1]! - v[3 * a + 1]!;
      const dz = v[3 * b + 2]! - v[3 * a + 2]!;
      const rab = Math.sqrt(dx * dx + dy * dy + dz * dz);
      const fabc = fc[a]! * fc[b]! * cosineCutoff(rab, cutoffAngstrom);
      if (fabc === 0 || ra === 0 || rb === 0) continue;
      const cos = (v[3 * a]! * v[3 * b]! + v[3 * a + 1]! * v[3 * b + 1]! + v[3 * a + 2]! * v[3 * b + 2]!) / (ra * rb);
      const sumR2 = ra * ra + rb * rb + rab * rab;
      const pre = w[a]! * w[b]! * fabc;
      etas.forEach((eta, ie) => {
        const radial = pre * Math.exp(-eta * sumR2);
        zetas.forEach((zeta, iz) => {
          lambdas.forEach((lambda, il) => {
            out[(ie * nz + iz) * nl + il] += 2 ** (1 - zeta) * Math.max(0, 1 + lambda * cos) ** zeta * radial;
          });
        });
      });
    }
  }
  return out;
}
