/**
 * Weighted atom-centred symmetry functions (wACSF; Gastegger et al., J. Chem. Phys. 148, 241709 (2018)),
 * radial G2 terms in the "shifted" scheme: Gaussians centred on an even r-grid, weighted by 0.1·Z of the
 * neighbour. This is the descriptor the forward/inverse models are trained on.
 */
import { InputError } from '../errors.ts';
import { neighborsOf } from './neighbors.ts';
import { checkSite, type Structure } from './structure.ts';

/** Options of {@link wacsfG2} and {@link g2Centres}. */
export interface WacsfG2Options {
  /** Number of G2 terms (Gaussian centres). */
  n?: number;
  /** First centre μ_0 in Å. */
  rMinAngstrom?: number;
  /** Last centre μ_{n−1} in Å. */
  rMaxAngstrom?: number;
  /** Cosine cutoff radius r_c in Å. */
  cutoffAngstrom?: number;
  /** Gaussian width parameter η in Å⁻²; default 1/(2Δμ²) (see {@link defaultG2Eta}). */
  eta?: number;
}

/**
 * Defaults of the G2 descriptor: 50 centres from 1.0 to 6.0 Å, cutoff 6.0 Å, η = 1/(2Δμ²).
 * (η is derived, so it is not stored here: with these values Δμ = 5/49 Å and η ≈ 48.0 Å⁻².)
 */
export const WACSF_DEFAULTS = Object.freeze({ n: 50, rMinAngstrom: 1.0, rMaxAngstrom: 6.0, cutoffAngstrom: 6.0 });

/**
 * Default η for centres spaced Δμ apart: η = 1/(2Δμ²), i.e. each Gaussian has standard deviation
 * σ = Δμ, so neighbouring Gaussians cross at exp(−1/8) ≈ 0.88 of their peak. Choice (2025): smooth
 * enough that a 0.01 Å shift of a neighbour changes G2 smoothly, narrow enough that first-shell
 * distances 0.1 Å apart remain separate maxima.
 *
 * @example defaultG2Eta(5 / 49) // ≈ 48.02
 */
export function defaultG2Eta(spacingAngstrom: number): number {
  return 1 / (2 * spacingAngstrom * spacingAngstrom);
}

/**
 * Cosine cutoff f_c(r) = ½(cos(πr/r_c) + 1) for r ≤ r_c, else 0.
 * @example cosineCutoff(3, 6) // 0.5
 */
export function cosineCutoff(rAngstrom: number, cutoffAngstrom: number): number {
  return rAngstrom <= cutoffAngstrom ? 0.5 * (Math.cos((Math.PI * rAngstrom) / cutoffAngstrom) + 1) : 0;
}

/** The resolved G2 parameters (defaults filled in, η computed). */
export interface WacsfG2Parameters {
  n: number;
  rMinAngstrom: number;
  rMaxAngstrom: number;
  cutoffAngstrom: number;
  eta: number;
  /** Centres μ_k in Å. */
  centresAngstrom: Float64Array;
}

/**
 * Resolve options: fill defaults, check ranges, compute the centres and η.
 * @example resolveG2Options({}).eta // ≈ 48.02
 * @throws InputError for n < 1, rMax < rMin, non-positive cutoff or η, or n = 1 without η.
 */
export function resolveG2Options({
  n = WACSF_DEFAULTS.n,
  rMinAngstrom = WACSF_DEFAULTS.rMinAngstrom,
  rMaxAngstrom = WACSF_DEFAULTS.rMaxAngstrom,
  cutoffAngstrom = WACSF_DEFAULTS.cutoffAngstrom,
  eta,
}: WacsfG2Options = {}): WacsfG2Parameters {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`wACSF n must be a positive integer; got ${n}`);
  if (!(rMaxAngstrom >= rMinAngstrom) || !(rMinAngstrom >= 0)) throw new InputError(`need 0 ≤ rMinAngstrom ≤ rMaxAngstrom; got ${rMinAngstrom}, ${rMaxAngstrom}`);
  if (!(cutoffAngstrom > 0)) throw new InputError(`cutoffAngstrom must be > 0; got ${cutoffAngstrom}`);
  const spacing = n > 1 ? (rMaxAngstrom - rMinAngstrom) / (n - 1) : 0;
  if (eta === undefined && !(spacing > 0)) throw new InputError('give eta when the G2 centres have zero spacing (n = 1 or rMin = rMax)');
  const etaUsed = eta ?? defaultG2Eta(spacing);
  if (!(etaUsed > 0) || !Number.isFinite(etaUsed)) throw new InputError(`eta must be a positive number; got ${etaUsed}`);
  const centresAngstrom = new Float64Array(n);
  for (let k = 0; k < n; k++) centresAngstrom[k] = rMinAngstrom + k * spacing;
  return { n, rMinAngstrom, rMaxAngstrom, cutoffAngstrom, eta: etaUsed, centresAngstrom };
}

/**
 * The G2 r-grid μ_k = linspace(rMin, rMax, n) in Å.
 * @example g2Centres({ n: 3, rMinAngstrom: 1, rMaxAngstrom: 2 }) // Float64Array [1, 1.5, 2]
 */
export function g2Centres(options: WacsfG2Options = {}): Float64Array {
  return resolveG2Options(options).centresAngstrom;
}

/**
 * Radial wACSF of one site: G2_k = Σ_j 0.1·Z_j · exp(−η (r_ij − μ_k)²) · f_c(r_ij), over all neighbours j
 * (periodic images included) within the cutoff.
 *
 * @example
 * const g2 = wacsfG2(structure, absorberIndex); // Float64Array(50)
 */
export function wacsfG2(structure: Structure, siteIndex: number, options: WacsfG2Options = {}): Float64Array {
  checkSite(structure, siteIndex);
  const { n, cutoffAngstrom, eta, centresAngstrom } = resolveG2Options(options);
  const nb = neighborsOf(structure, siteIndex, cutoffAngstrom);
  const g2 = new Float64Array(n);
  for (let q = 0; q < nb.indices.length; q++) {
    const r = nb.distances[q]!;
    const w = 0.1 * structure.z[nb.indices[q]!]! * cosineCutoff(r, cutoffAngstrom);
    if (w === 0) continue;
    for (let k = 0; k < n; k++) {
      const d = r - centresAngstrom[k]!;
      g2[k] += w * Math.exp(-eta * d * d);
    }
  }
  return g2;
}
