/**
 * @module structure/soap
 * SOAP-type power spectrum of an atom's neighbourhood (Bartók, Kondor & Csányi, PRB 87, 184115,
 * 2013), with Gaussian radial functions and weighted chemical channels. The neighbour density of
 * channel a is expanded as c^a_{nlm} = Σ_i w^a_i g_n(r_i) Y_lm(r̂_i), and the rotation-invariant
 * power spectrum is
 *
 *   p^{ab}_{n n' l} = 4π/(2l+1) · Σ_m c^a_{nlm} c^b_{n'lm} = Σ_i Σ_j w^a_i w^b_j g_n(r_i) g_n'(r_j) P_l(cos θ_ij)
 *
 * (addition theorem). So p is the angular distribution of neighbour pairs seen from the absorber,
 * resolved by both distances and by Legendre order — what the bond-angle-sensitive part of XANES
 * responds to (square-planar vs tetrahedral vs octahedral first shells, linear O–Cu–O units).
 *
 * g_n(r) = exp(−(r − μ_n)² / (2σ²)) · f_c(r), μ_n uniform on [rMin, rMax], σ = the spacing,
 * f_c(r) = ½(cos(πr/r_c) + 1). Real spherical harmonics, so all arithmetic is real.
 * Layout: for each channel pair (a ≤ b), for l = 0…lMax, the (n, n') block — upper triangle
 * (n ≤ n') when a = b, full n × n' when a ≠ b.
 */
import { InputError } from '../errors.ts';

/** Parameters of the power spectrum (stored in model manifests). */
export interface SoapParams {
  /** Centre of the first radial Gaussian (Å). */
  rMinAngstrom: number;
  /** Centre of the last radial Gaussian (Å). */
  rMaxAngstrom: number;
  /** Radial Gaussians. */
  nRadial: number;
  /** Highest Legendre / spherical-harmonic order. */
  lMax: number;
  /** Cosine cutoff radius (Å). */
  cutoffAngstrom: number;
  /**
   * Report sign(p)·√|p| instead of p, so every value scales linearly with the neighbour density
   * (like radial terms) rather than with its square (default false).
   */
  signedSqrt?: boolean;
}

/** 8 Gaussians on 1…5 Å, l ≤ 6, cutoff 5.5 Å. */
export const SOAP_DEFAULTS: Readonly<SoapParams> = Object.freeze({ rMinAngstrom: 1, rMaxAngstrom: 5, nRadial: 8, lMax: 6, cutoffAngstrom: 5.5 });

/** Highest order supported (factorials and recursion stay exact in float64 well beyond it). */
export const SOAP_MAX_L = 12;

/**
 * Length of the power spectrum for `channels` weighted channels.
 *
 * @example
 * soapLength(SOAP_DEFAULTS, 2) // (36 + 64 + 36) · 7 = 952
 */
export function soapLength(p: SoapParams, channels: number): number {
  const n = p.nRadial;
  const same = (n * (n + 1)) / 2;
  const pairsSame = channels;
  const pairsMixed = (channels * (channels - 1)) / 2;
  return (pairsSame * same + pairsMixed * n * n) * (p.lMax + 1);
}

/** Check parameters once, with a message naming the bad one. */
export function checkSoapParams(p: SoapParams): void {
  if (!Number.isInteger(p.nRadial) || p.nRadial < 1) throw new InputError(`SOAP nRadial must be a positive integer, got ${p.nRadial}`);
  if (!Number.isInteger(p.lMax) || p.lMax < 0 || p.lMax > SOAP_MAX_L) throw new InputError(`SOAP lMax must be an integer in 0…${SOAP_MAX_L}, got ${p.lMax}`);
  if (!(p.cutoffAngstrom > 0)) throw new InputError(`SOAP cutoff must be positive, got ${p.cutoffAngstrom}`);
  if (p.nRadial > 1 && !(p.rMaxAngstrom > p.rMinAngstrom)) throw new InputError(`SOAP rMax (${p.rMaxAngstrom}) must exceed rMin (${p.rMinAngstrom})`);
}

/** Normalisation √((2l+1)/(4π) · (l−m)!/(l+m)!) of Y_lm, times √2 for m > 0 (real harmonics). */
function normalisations(lMax: number): Float64Array {
  const out = new Float64Array((lMax + 1) * (lMax + 1));
  const fact = [1];
  for (let i = 1; i <= 2 * lMax; i++) fact.push(fact[i - 1]! * i);
  for (let l = 0; l <= lMax; l++) {
    for (let m = 0; m <= l; m++) {
      const n = Math.sqrt(((2 * l + 1) / (4 * Math.PI)) * (fact[l - m]! / fact[l + m]!));
      out[l * (lMax + 1) + m] = m === 0 ? n : Math.SQRT2 * n;
    }
  }
  return out;
}
const NORM_CACHE = new Map<number, Float64Array>();

/**
 * Real spherical harmonics Y_lm(r̂) for l ≤ lMax of the direction (x, y, z) (|r| > 0), written to
 * `out[l² + l + m]` for m = −l…l. Associated Legendre functions by the standard upward recursion.
 *
 * @example
 * const y = new Float64Array(49); realSphericalHarmonics(0, 0, 1, 6, y); y[0] // 1/√(4π)
 */
export function realSphericalHarmonics(x: number, y: number, z: number, lMax: number, out: Float64Array): void {
  let norm = NORM_CACHE.get(lMax);
  if (!norm) NORM_CACHE.set(lMax, (norm = normalisations(lMax)));
  const r = Math.hypot(x, y, z);
  const ct = z / r;
  const st = Math.sqrt(Math.max(0, 1 - ct * ct));
  const phi = Math.atan2(y, x);
  const L1 = lMax + 1;
  // P_m^m = (−1)^m (2m−1)!! sin^m θ; P_{m+1}^m = (2m+1) cos θ P_m^m; then upward in l.
  let pmm = 1;
  for (let m = 0; m <= lMax; m++) {
    if (m > 0) pmm *= -(2 * m - 1) * st;
    const cm = Math.cos(m * phi);
    const sm = Math.sin(m * phi);
    let p2 = 0;
    let p1 = pmm;
    for (let l = m; l <= lMax; l++) {
      let plm: number;
      if (l === m) plm = pmm;
      else if (l === m + 1) plm = (2 * m + 1) * ct * pmm;
      else plm = ((2 * l - 1) * ct * p1 - (l + m - 1) * p2) / (l - m);
      if (l > m) {
        p2 = p1;
        p1 = plm;
      }
      const nlm = norm[l * L1 + m]! * plm;
      const base = l * l + l;
      if (m === 0) out[base] = nlm;
      else {
        out[base + m] = nlm * cm;
        out[base - m] = nlm * sm;
      }
    }
  }
}

/**
 * Power spectrum of one neighbourhood. `vectors` holds the m neighbour displacement vectors
 * (x, y, z per neighbour, Å, from the centre atom; the centre itself excluded), `weights[a][i]` the
 * weight of neighbour i in channel a (e.g. 1 for every atom, and 0.1·Z). Neighbours at or beyond
 * the cutoff contribute nothing.
 *
 * @example
 * soapPowerSpectrum(Float64Array.of(0, 0, 2, 0, 2, 0), [[1, 1]], SOAP_DEFAULTS) // 36 · 7 values
 */
export function soapPowerSpectrum(vectors: ArrayLike<number>, weights: readonly ArrayLike<number>[], p: SoapParams): Float64Array {
  checkSoapParams(p);
  const m = Math.floor(vectors.length / 3);
  const A = weights.length;
  for (const w of weights) if (w.length < m) throw new InputError(`SOAP: ${w.length} weights for ${m} neighbours`);
  const N = p.nRadial;
  const L1 = p.lMax + 1;
  const nHarm = L1 * L1;
  const dMu = N > 1 ? (p.rMaxAngstrom - p.rMinAngstrom) / (N - 1) : 1;
  const inv2s2 = 1 / (2 * dMu * dMu);
  // c[a][n][lm]
  const c = new Float64Array(A * N * nHarm);
  const ylm = new Float64Array(nHarm);
  const g = new Float64Array(N);
  for (let i = 0; i < m; i++) {
    const x = vectors[3 * i]!;
    const y = vectors[3 * i + 1]!;
    const z = vectors[3 * i + 2]!;
    const r = Math.hypot(x, y, z);
    if (!(r > 0) || r >= p.cutoffAngstrom) continue;
    const fc = 0.5 * (Math.cos((Math.PI * r) / p.cutoffAngstrom) + 1);
    for (let n = 0; n < N; n++) {
      const d = r - (p.rMinAngstrom + n * dMu);
      g[n] = Math.exp(-d * d * inv2s2) * fc;
    }
    realSphericalHarmonics(x, y, z, p.lMax, ylm);
    for (let a = 0; a < A; a++) {
      const w = weights[a]![i]!;
      if (w === 0) continue;
      for (let n = 0; n < N; n++) {
        const wg = w * g[n]!;
        if (wg === 0) continue;
        const row = (a * N + n) * nHarm;
        for (let h = 0; h < nHarm; h++) c[row + h] += wg * ylm[h]!;
      }
    }
  }
  const out = new Float64Array(soapLength(p, A));
  let o = 0;
  for (let a = 0; a < A; a++) {
    for (let b = a; b < A; b++) {
      for (let l = 0; l <= p.lMax; l++) {
        const f = (4 * Math.PI) / (2 * l + 1);
        const h0 = l * l;
        const h1 = h0 + 2 * l + 1;
        for (let n = 0; n < N; n++) {
          const ra = (a * N + n) * nHarm;
          for (let n2 = a === b ? n : 0; n2 < N; n2++) {
            const rb = (b * N + n2) * nHarm;
            let s = 0;
            for (let h = h0; h < h1; h++) s += c[ra + h]! * c[rb + h]!;
            out[o++] = p.signedSqrt ? Math.sign(s) * Math.sqrt(f * Math.abs(s)) : f * s;
          }
        }
      }
    }
  }
  return out;
}
