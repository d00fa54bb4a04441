/**
 * @module confidence/theory-as-measured
 * A theory spectrum made to look like a measurement, so eval:confidence can put held-out theory
 * spectra through the checks a user's spectrum gets.
 *
 * Theory spectra start only 5–30 eV below the edge, too short for a pre-edge line fit, while the
 * training pipeline assumes a flat baseline (mean of the first `baselineEv`). A measurement has a
 * pre-edge region, so 60 eV of that flat baseline are prepended (same spacing as the first step)
 * before the spectrum is checked as a measurement. Applied alike to test and out-of-distribution spectra.
 */
import type { InverseRecipe } from '../inverse/index.ts';
import type { Spectrum } from '../io/index.ts';
import { arctanBroaden, findE0, gaussianBroaden } from '../spectrum/index.ts';

/** Flat pre-edge prepended to a theory spectrum (eV). */
export const PRE_EDGE_PAD_EV = 60;

/**
 * `s` with `padEv` of flat pre-edge prepended at its first energy step, at the mean μ of its first
 * `baselineEv`; the original first energy is kept in `meta.headers.dataStartEv`.
 *
 * @example
 * padPreEdge(spectrum, 2).energyEv[0]; // spectrum.energyEv[0] − 60 (for a step dividing 60 eV)
 */
export function padPreEdge(s: Spectrum, baselineEv: number, padEv: number = PRE_EDGE_PAD_EV): Spectrum {
  const e = s.energyEv;
  const step = e[1]! - e[0]!;
  let base = 0;
  let c = 0;
  for (let i = 0; i < e.length && e[i]! <= e[0]! + baselineEv; i++, c++) base += s.mu[i]!;
  base /= Math.max(1, c);
  const n = Math.round(padEv / step);
  const energyEv = new Float64Array(n + e.length);
  const mu = new Float64Array(n + e.length);
  for (let i = 0; i < n; i++) {
    energyEv[i] = e[0]! - (n - i) * step;
    mu[i] = base;
  }
  energyEv.set(e, n);
  mu.set(s.mu, n);
  return { ...s, energyEv, mu, meta: { ...s.meta, headers: { ...s.meta.headers, dataStartEv: String(e[0]) } } };
}

/**
 * A theory spectrum as a measurement of `element`'s K edge: the training broadening of the recipe
 * (arctangent, then Gaussian, as theoryToModelInput applies them) and a flat pre-edge.
 *
 * @example
 * const measured = theoryAsMeasured(readSpectrum(pair.spectrumPath), model.manifest.recipe, 'Fe');
 */
export function theoryAsMeasured(s: Spectrum, recipe: InverseRecipe, element: string): Spectrum {
  let mu: Float64Array = s.mu;
  const t = recipe.theory;
  if (t.arctan) mu = arctanBroaden(s.energyEv, mu, { e0Ev: findE0(s.energyEv, mu).e0Ev, ...t.arctan });
  if (t.gaussianFwhmEv > 0) mu = gaussianBroaden(s.energyEv, mu, t.gaussianFwhmEv);
  return padPreEdge({ ...s, mu, meta: { ...s.meta, element, edge: 'K' } }, t.baselineEv);
}
