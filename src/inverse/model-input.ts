/**
 * @module inverse/model-input
 * The ONE pre-processing path from μ(E) to the inverse model's input, shared by theory spectra
 * (training) and a user's measured spectrum (inference):
 *
 * 1. baseline: theory spectra have no background (constant = mean of the first `theoryBaselineEv`);
 *    measured spectra use the Larch pre-edge line (`preEdge().pre`);
 * 2. theory only: core-hole (FDMNES arctangent) and instrument (Gaussian) broadening;
 * 3. edge step = mean of (μ − baseline) over [E_ref + post1, E_ref + post2]; the reference energy
 *    E_ref is the half-step point (first rise of the normalised μ through 0.5), refined until it moves by less than 0.01 eV (at most 3 passes),
 *    starting from Larch's E0 (maximum of the smoothed derivative). The half-step point is used
 *    because the derivative maximum jumps between features on theory spectra (7110–7133 eV over
 *    the Fe set) while the half-step point moves with the edge itself.
 * 4. interpolate the normalised μ onto E_ref + grid (uniform, edge-relative).
 */
import { InputError, UnsupportedError } from '../errors.ts';
import { arctanBroaden, coreHoleWidthEv, findE0, gaussianBroaden, interpolate, uniformGrid } from '../spectrum/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';

/** Everything the model input depends on; stored in the model manifest. */
export interface InverseRecipe {
  element: string;
  edge: 'K';
  /** Edge-relative grid (eV relative to the half-step energy). */
  grid: { startEv: number; stopEv: number; stepEv: number; n: number; reference: 'half-step' };
  /** Edge-step window relative to the half-step energy (eV). */
  postWindowEv: [number, number];
  /** Level defining the reference energy (fraction of the edge step). */
  halfStepLevel: number;
  /** How theory spectra were made to look like measurements. */
  theory: {
    code: 'fdmnes' | 'feff';
    /** FDMNES unconvolved spectra: arctangent core-hole broadening (Γ_hole from Krause & Oliver). */
    arctan?: { gammaHoleEv: number; gammaMaxEv: number; ecentEv: number; elargEv: number };
    /** Instrument resolution, Gaussian FWHM (eV). */
    gaussianFwhmEv: number;
    /** Baseline = mean of the first this-many eV of the spectrum. */
    baselineEv: number;
  };
  /** A measured spectrum may stop this far short of the grid end (held constant there) before we refuse it. */
  maxExtrapolationEv: number;
}

/** The model input of one spectrum. */
export interface ModelInput {
  x: Float32Array;
  /** Reference (half-step) energy, absolute eV. */
  e0Ev: number;
  /** Edge step in μ units. */
  edgeStep: number;
  /** Grid points that needed data beyond the spectrum's ends (held constant). */
  extrapolatedEv: { below: number; above: number };
  warnings: string[];
}

/** Builds a recipe for an element; parameters not given take the defaults below. */
export function makeInverseRecipe(element: string, code: 'fdmnes' | 'feff', grid: { startEv: number; stopEv: number; stepEv: number }): InverseRecipe {
  const n = Math.round((grid.stopEv - grid.startEv) / grid.stepEv) + 1;
  return {
    element,
    edge: 'K',
    grid: { ...grid, n, reference: 'half-step' },
    postWindowEv: [15, 40],
    halfStepLevel: 0.5,
    theory: {
      code,
      ...(code === 'fdmnes' ? { arctan: { gammaHoleEv: coreHoleWidthEv(element, 'K'), gammaMaxEv: 15, ecentEv: 30, elargEv: 30 } } : {}),
      gaussianFwhmEv: 1.0,
      baselineEv: 2,
    },
    maxExtrapolationEv: 3,
  };
}

/** The grid energies of a recipe (relative eV). */
export function recipeGrid(recipe: InverseRecipe): Float64Array {
  return uniformGrid(recipe.grid.startEv, recipe.grid.stopEv, recipe.grid.stepEv);
}

/** Theory spectrum → model input (broadening, flat baseline, shared alignment). */
export function theoryToModelInput(energyEv: Float64Array, mu: Float64Array, recipe: InverseRecipe): ModelInput {
  let m: Float64Array = mu;
  const t = recipe.theory;
  if (t.arctan) {
    // FDMNES energies are relative to its own Fermi level placed at the tabulated edge: broaden from there.
    const e0Guess = findE0(energyEv, mu).e0Ev;
    m = arctanBroaden(energyEv, m, { e0Ev: e0Guess, ...t.arctan });
  }
  if (t.gaussianFwhmEv > 0) m = gaussianBroaden(energyEv, m, t.gaussianFwhmEv);
  let base = 0;
  let count = 0;
  for (let i = 0; i < energyEv.length && energyEv[i]! <= energyEv[0]! + t.baselineEv; i++, count++) base += m[i]!;
  base /= count;
  const signal = Float64Array.from(m, (v) => v - base);
  return alignToModelGrid(energyEv, signal, findE0(energyEv, m).e0Ev, recipe, { allowExtrapolation: true });
}

/**
 * Measured spectrum (already read and Larch-normalised by `prepareMeasured`) → model input.
 * @throws UnsupportedError when the energy range stops short of the model grid.
 */
export function measuredToModelInput(prepared: PreparedSpectrum, recipe: InverseRecipe): ModelInput {
  const { energyEv, mu } = prepared.spectrum;
  const pe = prepared.preEdge;
  const signal = pe.recipe.alreadyNormalized ? Float64Array.from(mu) : Float64Array.from(mu, (v, i) => v - pe.pre[i]!);
  return alignToModelGrid(energyEv, signal, prepared.e0Ev, recipe, { allowExtrapolation: false });
}

function meanOver(energyEv: Float64Array, y: Float64Array, lo: number, hi: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < energyEv.length; i++) {
    const e = energyEv[i]!;
    if (e >= lo && e <= hi) {
      s += y[i]!;
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

/** First rise of `y` through `level` (sustained: the next 3 eV stay above it on average). */
function risingCrossing(energyEv: Float64Array, y: Float64Array, level: number): number | undefined {
  for (let i = 1; i < energyEv.length; i++) {
    if (y[i - 1]! < level && y[i]! >= level) {
      const e = energyEv[i - 1]! + ((level - y[i - 1]!) / (y[i]! - y[i - 1]!)) * (energyEv[i]! - energyEv[i - 1]!);
      if (meanOver(energyEv, y, e, e + 3) >= level) return e;
    }
  }
  return undefined;
}

/** Shared steps 3–4: edge step, half-step reference energy, interpolation onto the grid. */
export function alignToModelGrid(
  energyEv: Float64Array,
  signal: Float64Array,
  e0GuessEv: number,
  recipe: InverseRecipe,
  { allowExtrapolation }: { allowExtrapolation: boolean },
): ModelInput {
  const [p1, p2] = recipe.postWindowEv;
  const warnings: string[] = [];
  let ref = e0GuessEv;
  let step = NaN;
  let norm = signal;
  for (let iter = 0; iter < 3; iter++) {
    step = meanOver(energyEv, signal, ref + p1, ref + p2);
    if (!(step > 0)) {
      throw new InputError(`no positive edge step ${p1}–${p2} eV above ${ref.toFixed(1)} eV: is this an absorption edge?`);
    }
    norm = Float64Array.from(signal, (v) => v / step);
    const next = risingCrossing(energyEv, norm, recipe.halfStepLevel);
    if (next === undefined) throw new InputError('normalised μ never rises through half the edge step');
    if (Math.abs(next - ref) < 0.01) {
      ref = next;
      break;
    }
    ref = next;
  }
  const grid = recipeGrid(recipe);
  const lo = energyEv[0]! - ref;
  const hi = energyEv[energyEv.length - 1]! - ref;
  const below = Math.max(0, lo - recipe.grid.startEv);
  const above = Math.max(0, recipe.grid.stopEv - hi);
  if (!allowExtrapolation && (below > recipe.maxExtrapolationEv || above > recipe.maxExtrapolationEv)) {
    const parts: string[] = [];
    if (above > recipe.maxExtrapolationEv) parts.push(`the energy range stops ${hi.toFixed(0)} eV above the edge; the ${recipe.element} K model needs ${recipe.grid.stopEv} eV`);
    if (below > recipe.maxExtrapolationEv) parts.push(`the energy range starts ${(-lo).toFixed(0)} eV below the edge; the ${recipe.element} K model needs ${-recipe.grid.startEv} eV`);
    throw new UnsupportedError('ENERGY_RANGE', parts.join('; '), { below, above, startEv: recipe.grid.startEv, stopEv: recipe.grid.stopEv });
  }
  if (below > 0 || above > 0) {
    warnings.push(`energy range short of the model grid by ${below.toFixed(1)} eV below / ${above.toFixed(1)} eV above the edge; end values held constant`);
  }
  const relative = Float64Array.from(energyEv, (e) => e - ref);
  const y = interpolate(relative, norm, grid, { outside: 'clamp' });
  return { x: Float32Array.from(y), e0Ev: ref, edgeStep: step, extrapolatedEv: { below, above }, warnings };
}
