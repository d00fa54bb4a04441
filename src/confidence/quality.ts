/**
 * @module confidence/quality
 * Measurement quality from the normalised μ(E) alone: noise level, single-point glitches and
 * steps, and the sampling density near the edge. Pure functions on arrays.
 *
 * Noise (2026-11): every point is predicted from its four neighbours by a cubic (Lagrange)
 * interpolation, which follows real XANES features sampled at ≥ 4 points per feature; the
 * residual, scaled by its propagated standard deviation √(1 + Σw²), is white noise's σ when the
 * data are pure noise. The robust σ (1.4826·median|r|) ignores the few points where features are
 * sharper than the sampling.
 */
import { median } from '../stats/index.ts';

/** Defaults of the quality checks, written once. */
export const QUALITY_DEFAULTS = Object.freeze({
  /** Noise is measured on E0 + this window (eV). */
  noiseWindowEv: [-30, 100] as const,
  /** A glitch is a residual above this many noise σ … */
  glitchNoiseFactor: 10,
  /** … and above this absolute size (edge-step units) … */
  glitchMinSize: 0.05,
  /** … and this many times the median residual at 2–4 points' distance. */
  glitchLocalFactor: 5,
  /** The edge region whose points are counted (eV relative to E0). */
  edgeRegionEv: [-20, 50] as const,
});

function robustSigma(values: number[]): number {
  if (values.length === 0) return NaN;
  return 1.4826 * median(values.map(Math.abs));
}

/**
 * Noise σ of `y` (same units as y, e.g. edge-step units for the normalised μ) over the points with
 * `lo ≤ E ≤ hi`. NaN when fewer than 10 points qualify.
 * @example noiseLevel(e, norm, e0 - 30, e0 + 100) // 0.002 for a good transmission scan
 */
export function noiseLevel(energyEv: ArrayLike<number>, y: ArrayLike<number>, loEv = -Infinity, hiEv = Infinity): number {
  const res: number[] = [];
  for (let i = 2; i < energyEv.length - 2; i++) {
    const x = energyEv[i]!;
    if (x < loEv || x > hiEv) continue;
    const idx = [i - 2, i - 1, i + 1, i + 2];
    let pred = 0;
    let w2 = 0;
    for (const j of idx) {
      let w = 1;
      for (const m of idx) if (m !== j) w *= (x - energyEv[m]!) / (energyEv[j]! - energyEv[m]!);
      pred += w * y[j]!;
      w2 += w * w;
    }
    res.push((y[i]! - pred) / Math.sqrt(1 + w2));
  }
  return res.length >= 10 ? robustSigma(res) : NaN;
}

/** A suspected glitch (single-point spike) or step in μ(E). */
export interface Glitch {
  energyEv: number;
  /** Size of the second-difference residual (units of y). */
  size: number;
}

/**
 * Isolated outliers of the second difference: a spike at i (or a step between i and i+1) makes
 * the residual of i (and i+1) far larger than at 2–4 points' distance, which real features sampled
 * densely enough do not.
 * @example findGlitches(e, norm, 0.002) // [{ energyEv: 7260.5, size: 0.08 }]
 */
export function findGlitches(
  energyEv: ArrayLike<number>,
  y: ArrayLike<number>,
  noise: number,
  {
    noiseFactor = QUALITY_DEFAULTS.glitchNoiseFactor,
    minSize = QUALITY_DEFAULTS.glitchMinSize,
    localFactor = QUALITY_DEFAULTS.glitchLocalFactor,
    loEv = -Infinity,
    hiEv = Infinity,
  }: { noiseFactor?: number; minSize?: number; localFactor?: number; loEv?: number; hiEv?: number } = {},
): Glitch[] {
  const n = energyEv.length;
  const r = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const a = energyEv[i - 1]!, b = energyEv[i]!, c = energyEv[i + 1]!;
    r[i] = y[i]! - (y[i - 1]! * (c - b) + y[i + 1]! * (b - a)) / (c - a);
  }
  const limit = Math.max(minSize, Number.isFinite(noise) ? noiseFactor * noise : 0);
  const out: Glitch[] = [];
  for (let i = 5; i < n - 5; i++) {
    const e = energyEv[i]!;
    if (e < loEv || e > hiEv) continue;
    const v = Math.abs(r[i]!);
    if (v <= limit || v < Math.abs(r[i - 1]!) || v < Math.abs(r[i + 1]!)) continue;
    const around = [r[i - 4]!, r[i - 3]!, r[i - 2]!, r[i + 2]!, r[i + 3]!, r[i + 4]!].map(Math.abs).sort((p, q) => p - q);
    const local = 0.5 * (around[2]! + around[3]!);
    if (v > localFactor * local && !(out.length && out[out.length - 1]!.energyEv === energyEv[i - 1])) out.push({ energyEv: e, size: v });
  }
  return out;
}

/**
 * Number of points with `E0 + lo ≤ E ≤ E0 + hi`.
 * @example pointsInWindow(e, 7112, -20, 50) // 240
 */
export function pointsInWindow(energyEv: ArrayLike<number>, e0Ev: number, loEv: number, hiEv: number): number {
  let c = 0;
  for (let i = 0; i < energyEv.length; i++) if (energyEv[i]! >= e0Ev + loEv && energyEv[i]! <= e0Ev + hiEv) c++;
  return c;
}
