/**
 * @module confidence/spectrum-checks
 * Rule-based checks of a measured spectrum against what a model can use: element and edge, E0 vs
 * the tabulated edge, energy range vs the model grid, edge step, noise, glitches, sampling of the
 * edge region, normalisation. Limits are physical (chemical shifts, the model's grid, the noise
 * the model was trained with); the data-driven checks are in assess.ts.
 */
import { guessEdge, HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import type { InverseManifest } from '../inverse/index.ts';
import { alignToModelGrid, type ModelInput } from '../inverse/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { findGlitches, noiseLevel, pointsInWindow, QUALITY_DEFAULTS } from './quality.ts';
import { combineReasons, statusAbove, type Confidence, type Reason } from './verdict.ts';

/** Limits of the rule-based checks, written once (eV unless named otherwise). */
export const SPECTRUM_CHECK_LIMITS = Object.freeze({
  /** |E0 − tabulated edge|: chemical shifts reach ~15 eV; beyond 20 eV suspect, beyond 40 eV wrong. */
  e0OffsetEv: { caution: 20, unreliable: 40 },
  /** Extrapolated grid (eV): any → caution; beyond the recipe's `maxExtrapolationEv` → unreliable. */
  extrapolationToleranceEv: 0.5,
  /** Noise (edge-step units) as multiples of the largest noise added in training (1 % by default). */
  noiseFactor: { caution: 1, unreliable: 3 },
  defaultTrainingNoise: 0.01,
  /** Glitches in E0 − 30 … E0 + 100 eV. */
  glitches: { caution: 0, unreliable: 2 },
  /** Points in E0 − 20 … E0 + 50 eV (below 50: coarser than 1.4 eV on average). */
  edgePoints: { caution: 50, unreliable: 25 },
});

/** Rule-based reasons and, when the spectrum could be aligned, its model input (grid ends held constant). */
export interface SpectrumCheckResult {
  reasons: Reason[];
  input?: ModelInput;
}

const f1 = (x: number) => x.toFixed(1);
const pct = (x: number) => `${(100 * x).toPrecision(2)} %`;

function coverageReasons(prepared: PreparedSpectrum, manifest: InverseManifest | undefined): Reason[] {
  const out: Reason[] = [];
  const el = prepared.element;
  const L = SPECTRUM_CHECK_LIMITS;
  if (!el) {
    out.push({ check: 'element', status: 'unreliable', value: null, threshold: null, message: `the absorbing element is not stated in the file and no tabulated edge lies near E0 = ${f1(prepared.e0Ev)} eV; ${HOW_TO_SET_ELEMENT}` });
  } else if (manifest && manifest.element !== el) {
    out.push({ check: 'element', status: 'unreliable', value: el, threshold: manifest.element, message: `this is a ${el} spectrum but the model is for ${manifest.element}` });
  } else if (prepared.elementSource === 'guessed') {
    out.push({ check: 'element', status: 'caution', value: el, threshold: null, message: `the file does not say which element absorbs; ${el} was guessed from the edge position (if that is wrong, ${HOW_TO_SET_ELEMENT})` });
  } else {
    out.push({ check: 'element', status: 'ok', value: el, threshold: manifest?.element ?? null, message: `${el} (${prepared.elementSource === 'given' ? 'given' : 'from the file'})${manifest ? ', modelled' : ''}` });
  }
  const edge = prepared.edge ?? 'K';
  out.push(edge === 'K'
    ? { check: 'edge', status: 'ok', value: edge, threshold: 'K', message: 'K edge' }
    : { check: 'edge', status: 'unreliable', value: edge, threshold: 'K', message: `only K edges are modelled; this is ${el ? `a ${el} ` : 'an '}${edge} edge` });
  if (el && prepared.edgeTableEv !== undefined) {
    const delta = prepared.e0Ev - prepared.edgeTableEv;
    const best = guessEdge(prepared.e0Ev, 60).find((g) => g.edge === 'K');
    const other = best && best.symbol !== el && Math.abs(best.deltaEv) + 10 < Math.abs(delta) && Math.abs(delta) > L.e0OffsetEv.caution;
    let status = statusAbove(Math.abs(delta), L.e0OffsetEv.caution, L.e0OffsetEv.unreliable);
    let message = `the edge (E0 = ${f1(prepared.e0Ev)} eV) is ${f1(Math.abs(delta))} eV ${delta >= 0 ? 'above' : 'below'} the tabulated ${el} ${edge} edge (${prepared.edgeTableEv} eV)`;
    if (other) {
      status = 'unreliable';
      message = `the edge sits at ${f1(prepared.e0Ev)} eV, which matches ${best.symbol} ${best.edge} (${best.energyEv} eV), not ${el} ${edge} (${prepared.edgeTableEv} eV): is the element right?`;
    } else if (status === 'caution') message += '; chemical shifts rarely exceed 15 eV, so check the energy calibration';
    else if (status === 'unreliable') message += `: this does not look like ${el}`;
    out.push({ check: 'e0', status, value: delta, threshold: status === 'unreliable' ? L.e0OffsetEv.unreliable : L.e0OffsetEv.caution, unit: 'eV', message });
  }
  return out;
}

function rangeReason(input: ModelInput, manifest: InverseManifest): Reason {
  const g = manifest.recipe.grid;
  const { below, above } = input.extrapolatedEv;
  const worst = Math.max(below, above);
  const tol = SPECTRUM_CHECK_LIMITS.extrapolationToleranceEv;
  const status = worst <= tol ? 'ok' : worst <= manifest.recipe.maxExtrapolationEv ? 'caution' : 'unreliable';
  const parts: string[] = [];
  if (above > tol) parts.push(`the energy range stops ${f1(g.stopEv - above)} eV above the edge; the model needs ${g.stopEv} eV`);
  if (below > tol) parts.push(`the energy range starts ${f1(-(g.startEv + below))} eV below the edge; the model needs ${-g.startEv} eV`);
  const message = parts.length ? parts.join('; ') : `the data cover the model's range (${g.startEv} to +${g.stopEv} eV around the edge)`;
  return { check: 'energy-range', status, value: worst, threshold: status === 'unreliable' ? manifest.recipe.maxExtrapolationEv : tol, unit: 'eV extrapolated', message };
}

function qualityReasons(prepared: PreparedSpectrum, manifest: InverseManifest | undefined): Reason[] {
  const out: Reason[] = [];
  const L = SPECTRUM_CHECK_LIMITS;
  const e = prepared.spectrum.energyEv;
  const y = prepared.preEdge.norm;
  const e0 = prepared.e0Ev;
  const [w0, w1] = QUALITY_DEFAULTS.noiseWindowEv;
  const trainNoise = manifest?.training.augment?.maxNoise ?? L.defaultTrainingNoise;
  const noise = noiseLevel(e, y, e0 + w0, e0 + w1);
  if (Number.isFinite(noise)) {
    const status = statusAbove(noise, L.noiseFactor.caution * trainNoise, L.noiseFactor.unreliable * trainNoise);
    out.push({
      check: 'noise',
      status,
      value: noise,
      threshold: (status === 'unreliable' ? L.noiseFactor.unreliable : L.noiseFactor.caution) * trainNoise,
      unit: 'edge steps',
      message: `noise is ${pct(noise)} of the edge step${status === 'ok' ? '' : `; the model was trained with up to ${pct(trainNoise)}`}`,
    });
  }
  const glitches = findGlitches(e, y, noise, { loEv: e0 + w0, hiEv: e0 + w1 });
  const gs = glitches.length > L.glitches.unreliable ? 'unreliable' : glitches.length > L.glitches.caution ? 'caution' : 'ok';
  out.push({
    check: 'glitches',
    status: gs,
    value: glitches.length,
    threshold: gs === 'unreliable' ? L.glitches.unreliable : L.glitches.caution,
    message: glitches.length === 0 ? 'no glitches or sudden steps found' : `${glitches.length} glitch${glitches.length > 1 ? 'es' : ''} (sudden spikes or steps) at ${glitches.slice(0, 5).map((g) => f1(g.energyEv)).join(', ')} eV`,
  });
  const [r0, r1] = QUALITY_DEFAULTS.edgeRegionEv;
  const pts = pointsInWindow(e, e0, r0, r1);
  const ps = pts < L.edgePoints.unreliable ? 'unreliable' : pts < L.edgePoints.caution ? 'caution' : 'ok';
  out.push({
    check: 'edge-points',
    status: ps,
    value: pts,
    threshold: ps === 'unreliable' ? L.edgePoints.unreliable : L.edgePoints.caution,
    message: `${pts} points between ${r0} and +${r1} eV around the edge${ps === 'ok' ? '' : `; at least ${L.edgePoints.caution} are needed to resolve the edge features`}`,
  });
  out.push({
    check: 'normalization',
    status: 'ok',
    value: prepared.preEdge.recipe.alreadyNormalized ? 'already normalised' : 'normalised here',
    threshold: null,
    message: prepared.preEdge.recipe.alreadyNormalized ? 'the file is already normalised; used as it is' : 'normalised here (pre-edge line and post-edge curve, as Athena does)',
  });
  return out;
}

/**
 * Edge step with its sign (preEdge reports |step| as larch does): the sign of mean μ 10–50 eV above
 * E0 minus mean μ 5–50 eV below it (the first 3 points when there is no pre-edge), which does not
 * depend on extrapolating a pre-edge line fitted on a short range.
 */
function signedEdgeStep(prepared: PreparedSpectrum): number {
  const { energyEv: e, mu } = prepared.spectrum;
  const e0 = prepared.e0Ev;
  const mean = (sel: (i: number) => boolean) => {
    let s = 0;
    let c = 0;
    for (let i = 0; i < e.length; i++) if (sel(i)) { s += mu[i]!; c++; }
    return c > 0 ? s / c : NaN;
  };
  const post = mean((i) => e[i]! >= e0 + 10 && e[i]! <= e0 + 50);
  let pre = mean((i) => e[i]! >= e0 - 50 && e[i]! <= e0 - 5);
  if (!Number.isFinite(pre)) pre = mean((i) => i < 3);
  const step = Math.abs(prepared.edgeStep);
  return Number.isFinite(post - pre) ? (post > pre ? step : -step) : prepared.edgeStep;
}

/**
 * Rule-based reasons for a prepared spectrum and its model input (when it can be aligned).
 * @example const { reasons, input } = spectrumReasons(prepared, model.manifest);
 */
export function spectrumReasons(prepared: PreparedSpectrum, manifest?: InverseManifest): SpectrumCheckResult {
  const reasons = coverageReasons(prepared, manifest);
  let input: ModelInput | undefined;
  const signedStep = signedEdgeStep(prepared);
  if (!(signedStep > 0)) {
    reasons.push({ check: 'edge-step', status: 'unreliable', value: signedStep, threshold: 0, message: `μ falls instead of rising at the edge (edge step ${signedStep.toPrecision(3)}): wrong column, or not an absorption spectrum?` });
  } else {
    reasons.push({ check: 'edge-step', status: 'ok', value: prepared.edgeStep, threshold: 0, message: `edge step ${prepared.edgeStep.toPrecision(3)}` });
    reasons.push(...qualityReasons(prepared, manifest));
  }
  if (manifest && signedStep > 0) {
    const { energyEv, mu } = prepared.spectrum;
    const pe = prepared.preEdge;
    const signal = pe.recipe.alreadyNormalized ? Float64Array.from(mu) : Float64Array.from(mu, (v, i) => v - pe.pre[i]!);
    try {
      input = alignToModelGrid(energyEv, signal, prepared.e0Ev, manifest.recipe, { allowExtrapolation: true });
      reasons.push(rangeReason(input, manifest));
    } catch (err) {
      reasons.push({ check: 'energy-range', status: 'unreliable', value: null, threshold: null, message: `the spectrum cannot be aligned to the model grid: ${(err as Error).message}` });
    }
  }
  return { reasons, input };
}

/**
 * Verdict from the rule-based checks alone (no model run).
 * @example checkSpectrum(prepareMeasured('Fe2O3.xdi'), model).verdict // 'ok'
 */
export function checkSpectrum(prepared: PreparedSpectrum, model?: { manifest: InverseManifest }): Confidence {
  return combineReasons(spectrumReasons(prepared, model?.manifest).reasons);
}
