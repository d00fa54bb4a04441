/**
 * @module ui/g2-band
 * The uncertainty band of a pseudo-RDF for plotting. G2 is a sum of Gaussians, so it is never
 * negative, but the symmetric band mean ± kσ can reach far below 0 where σ is large (issue 20,
 * item 14: "goes to −10 although G2 ≥ 0"). The lower edge is clipped at 0 and the legend says so,
 * so the drawn band is the part of mean ± kσ that G2 can take.
 */
import type { Band } from './line-chart.ts';

/** What the band is built from (the `g2` of `POST /api/rdf`). */
export interface G2BandInput {
  r: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
  /** Band half-width in σ, and its calibrated coverage (0–1) when known. */
  k: number;
  coverage?: number;
}

/**
 * The band with its lower edge at max(0, mean − kσ); the label names k, the coverage and the clip.
 *
 * @example
 * g2Band({ r: [1, 2], lower: [-3, 0.5], upper: [4, 2], k: 2, coverage: 0.95 }, '#1f6feb')
 * // { label: '±2σ (95 % coverage), clipped at G2 = 0', lower: [0, 0.5], upper: [4, 2], … }
 */
export function g2Band(g: G2BandInput, color: string): Band {
  const clipped = g.lower.some((v) => v < 0);
  const coverage = g.coverage === undefined ? '' : ` (${Math.round(g.coverage * 100)} % coverage)`;
  return {
    label: `±${g.k}σ${coverage}${clipped ? ', clipped at G2 = 0' : ''}`,
    x: g.r,
    lower: g.lower.map((v) => Math.max(0, v)),
    upper: g.upper.map((v) => Math.max(0, v)),
    color,
  };
}
