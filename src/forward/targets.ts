/**
 * @module forward/targets
 * Training targets: a source spectrum (absolute eV, the code's own intensity) → μ on the forward
 * model's relative grid, following the source's recipe (broadening, per-source offset,
 * normalisation). Plain functions on arrays; file reading lives in dataset.ts.
 */
import { edgeEnergy } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { findE0, gaussianBroaden, interpolate, lorentzianBroaden } from '../spectrum/index.ts';
import type { SourceRecipe } from './sources.ts';

/** Defaults of {@link spectrumOnGrid}. */
export const TARGET_DEFAULTS = Object.freeze({ maxClampEv: 3 });

/**
 * Apply the recipe's broadening (Lorentzian core hole, then Gaussian instrument) to a raw spectrum.
 *
 * @example
 * const mu = broadenForRecipe(energyEv, rawMu, SOURCE_RECIPES['fe-k-fdmnes-molecules']);
 */
export function broadenForRecipe(energyEv: Float64Array, mu: Float64Array, recipe: SourceRecipe): Float64Array {
  let out = mu;
  if (recipe.lorentzianFwhmEv > 0) out = lorentzianBroaden(energyEv, out, recipe.lorentzianFwhmEv);
  if (recipe.gaussianFwhmEv > 0) out = gaussianBroaden(energyEv, out, recipe.gaussianFwhmEv);
  return out;
}

/**
 * The per-source energy offset: median over spectra of (E0 − tabulated K edge), with E0 the
 * maximum of the smoothed derivative (findE0). Subtracting it puts the source's typical edge at 0.
 *
 * @example
 * measureSourceOffsetEv(broadenedSpectra, 'Cu') // ≈ 18 eV for FEFF Cu K
 */
export function measureSourceOffsetEv(spectra: readonly { energyEv: Float64Array; mu: Float64Array }[], absorber: string): number {
  if (spectra.length === 0) throw new InputError(`no spectra to measure the ${absorber} energy offset from`);
  const edgeEv = edgeEnergy(absorber, 'K');
  const d = spectra.map((s) => findE0(s.energyEv, s.mu).e0Ev - edgeEv).sort((a, b) => a - b);
  const h = d.length >> 1;
  return d.length % 2 ? d[h]! : 0.5 * (d[h - 1]! + d[h]!);
}

/**
 * The data range of a spectrum on the relative axis: [first, last energy] − E_edge(absorber) − offsetEv.
 *
 * @example
 * relativeRangeEv(e, 'Cu', 17.667) // [-13.5, 127.5] for a typical FEFF Cu run
 */
export function relativeRangeEv(energyEv: ArrayLike<number>, absorber: string, offsetEv: number): [number, number] {
  const shiftEv = edgeEnergy(absorber, 'K') + offsetEv;
  return [energyEv[0]! - shiftEv, energyEv[energyEv.length - 1]! - shiftEv];
}

/**
 * μ on the relative grid: E_rel = E − E_edge(absorber) − offsetEv, linear interpolation, then the
 * recipe's normalisation (edge-step: divide by the mean over `normWindowEv`; peak: by the maximum
 * over the grid points with data). Grid points outside the data by up to `maxClampEv` are clamped to
 * the end value (a few FEFF runs start up to 2.1 eV above the grid's −10 eV, in the flat pre-edge);
 * further out they are NaN (no data: the training loss and the metrics skip them). An error when
 * the data leave no grid point, or do not cover the normalisation window.
 *
 * @example
 * const y = spectrumOnGrid(e, mu, { absorber: 'Cu', offsetEv: 18.1, gridEv, recipe });
 */
export function spectrumOnGrid(
  energyEv: Float64Array,
  mu: Float64Array,
  { absorber, offsetEv, gridEv, recipe, name = '<spectrum>', maxClampEv = TARGET_DEFAULTS.maxClampEv }: { absorber: string; offsetEv: number; gridEv: ArrayLike<number>; recipe: SourceRecipe; name?: string; maxClampEv?: number },
): Float32Array {
  const shiftEv = edgeEnergy(absorber, 'K') + offsetEv;
  const rel = Float64Array.from(energyEv, (e) => e - shiftEv);
  const g = Float64Array.from(gridEv);
  const [lo, hi] = [rel[0]! - maxClampEv, rel[rel.length - 1]! + maxClampEv];
  const covered = (e: number): boolean => e >= lo && e <= hi;
  const what = `${name}: the data cover ${rel[0]!.toFixed(2)}…${rel[rel.length - 1]!.toFixed(2)} eV relative to the aligned edge`;
  if (!g.some(covered)) throw new InputError(`${what}, none of the grid ${g[0]}…${g[g.length - 1]} eV`);
  const y = interpolate(rel, mu, g, { outside: 'clamp' });
  let scale: number;
  if (recipe.normalisation === 'peak') {
    scale = 0;
    y.forEach((v, i) => {
      if (covered(g[i]!)) scale = Math.max(scale, v);
    });
  } else {
    const [a, b] = recipe.normWindowEv;
    if (!covered(a) || !covered(b)) throw new InputError(`${what}, not the normalisation window ${a}…${b} eV`);
    let sum = 0;
    let n = 0;
    g.forEach((e, i) => {
      if (e >= a && e <= b) {
        sum += y[i]!;
        n++;
      }
    });
    scale = n > 0 ? sum / n : 0;
  }
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InputError(`${name}: cannot normalise (${recipe.normalisation} scale ${scale})`);
  return Float32Array.from(y, (v, i) => (covered(g[i]!) ? v / scale : NaN));
}
