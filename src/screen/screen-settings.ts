/**
 * @module screen/screen-settings
 * Step 1 of a screening run: the options and the measurement made into checked settings — absorber,
 * theory → experiment calibration, alignment, the compared window, the shifted measurement samples
 * and their score transforms, the broadenings and how one is chosen, and the two votes (the inverse
 * model's pseudo-RDF, the measured edge position). Everything after it reads only these settings.
 */
import { readEdgeValence } from '../chemistry/index.ts';
import { getElement, HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { InputError, UnsupportedError } from '../errors.ts';
import { ranks } from '../stats/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { alignmentFor, shiftSamples, type Alignment, type EnergyCalibration } from './alignment.ts';
import type { Broadening } from './broadening.ts';
import { COMBINE_DEFAULTS } from './combine.ts';
import { edgeVoteFor, type EdgeVote } from './edge-valence.ts';
import { FIT_DEFAULTS, scoreTransform } from './fit.ts';
import { loadRdfVote, type RdfVote } from './rdf-vote.ts';
import { SCORE_KINDS, type ScoreKind } from './scores.ts';
import type { BroadeningMode, ScreenOptions } from './screen.ts';
import type { SpectrumPredictor } from './types.ts';

/** Defaults of {@link screenCandidates}. */
export const SCREEN_DEFAULTS = Object.freeze({
  top: 10,
  /** The score σ is computed for this many best candidates (it costs 16 broadenings each). */
  sigmaTop: 50,
  /** Spacing of the compared points (eV); the grid's own step when smaller is not needed. */
  compareStepEv: 0.5,
  /** Candidates the chemistry agreement reads. */
  agreementTop: 10,
  /** Weight of the edge-position penalty (a log-likelihood next to ln d: 1, not tuned). */
  valenceWeight: 1,
  /** Best first-pass candidates the per-measurement broadening is chosen on … */
  broadeningTopK: 20,
  /** … by the geometric mean distance of the best this many of them under each broadening. */
  broadeningBestFew: 3,
  /** Broadenings tried per candidate when the predictor has no calibration for the absorber. */
  uncalibratedBroadenings: Object.freeze([
    { gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 },
    { gamma0Ev: 2, gamma1: 0.1, gaussianFwhmEv: 2 },
    { gamma0Ev: 2, gamma1: 0.2, gaussianFwhmEv: 2 },
    { gamma0Ev: 4, gamma1: 0.1, gaussianFwhmEv: 2 },
  ]) as readonly Broadening[],
  /** Shift bound without a calibration (eV): the edge is then aligned at the measured E0 only. */
  uncalibratedMaxShiftEv: 5,
  /** Fewest eV of window the measured data must cover. */
  minWindowEv: 20,
});

/** The checked settings of one screening run. */
export interface ScreenSettings {
  predictor: SpectrumPredictor;
  absorber: string;
  /** Warnings so far (the measurement's, then the settings'); later steps add theirs. */
  warnings: string[];
  calibration: EnergyCalibration | undefined;
  /** The ranking score. */
  kind: ScoreKind;
  /** Whether `kind` is the score the absorber's calibration chose on measured references (and no research ranking replaces it). */
  scoreValidated: boolean;
  /** Scores fitted per candidate besides the ranking score (research rankings, see ScreenHooks). */
  extraKinds: readonly ScoreKind[];
  maxShiftEv: number;
  shiftPenalty: number;
  /** The predictor's relative grid. */
  grid: Float64Array;
  alignment: Alignment;
  /** The compared relative energies. */
  windowRel: Float64Array;
  /** The measurement sampled at each allowed shift on the window. */
  samples: ReturnType<typeof shiftSamples>;
  /** Score transform of each shifted sample, per fitted score. */
  measuredT: Map<ScoreKind, Float64Array[]>;
  /** Ranks of each shifted sample (Spearman's measured side of every candidate's scores). */
  measuredRanks: Float64Array[];
  broadenings: Broadening[];
  mode: BroadeningMode;
  /** Broadenings of the first pass: the start one, or every one when each candidate keeps its best. */
  passOne: readonly Broadening[];
  vote: RdfVote | undefined;
  rdfWeight: number;
  edgeVote: EdgeVote | null;
  valenceWeight: number;
}

/**
 * Check the options against the measurement and the predictor, align, cut the window and load the
 * votes (the inverse model is loaded here unless a vote is given or turned off).
 *
 * @throws UnsupportedError for an unknown or uncovered absorber; InputError for bad scores, shifts,
 *   broadenings or weights, and a measurement that misses the compared window.
 */
export async function screenSettings(prepared: PreparedSpectrum, options: ScreenOptions): Promise<ScreenSettings> {
  const d = SCREEN_DEFAULTS;
  const { predictor } = options;
  const warnings = [...prepared.warnings];
  const absorberRaw = options.absorber ?? prepared.element;
  if (!absorberRaw) throw new UnsupportedError('UNKNOWN_ELEMENT', 'the absorbing element is not stated in the spectrum file and could not be guessed from E0; ' + HOW_TO_SET_ELEMENT);
  const absorber = getElement(absorberRaw).symbol;
  if (prepared.element && prepared.element !== absorber) warnings.push(`the spectrum says ${prepared.element}, but candidates are screened as ${absorber} absorbers`);
  if (!predictor.absorbers.includes(absorber)) {
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model ${predictor.model.id} covers ${predictor.absorbers.join(', ')} K edges only, not ${absorber}; if ${absorber} is not the absorber, ${HOW_TO_SET_ELEMENT}`, { absorber, covered: [...predictor.absorbers] });
  }
  const calibration = options.calibration === false ? undefined : (options.calibration ?? predictor.calibration?.[absorber]);
  if (!calibration) warnings.push(`no theory → experiment energy calibration of ${predictor.model.id} for ${absorber}: the predictions are aligned at the measured E0, so the edge position (chemical shift) does not count`);
  const kind: ScoreKind = options.fit?.score ?? calibration?.score ?? FIT_DEFAULTS.score;
  if (!SCORE_KINDS.includes(kind)) throw new InputError(`unknown score "${String(kind)}" (known: ${SCORE_KINDS.join(', ')})`);
  const extraKinds = options.hooks?.ranking ? [...options.hooks.ranking.scores] : [];
  for (const k of extraKinds) if (!SCORE_KINDS.includes(k)) throw new InputError(`unknown score "${String(k)}" in the ${options.hooks!.ranking!.name} list (known: ${SCORE_KINDS.join(', ')})`);
  // Validated = the score the theory → experiment calibration chose on measured references of this absorber.
  const scoreValidated = !options.hooks?.ranking && calibration?.score === kind;
  if (!scoreValidated) {
    warnings.push(
      calibration?.score
        ? `ranked by ${options.hooks?.ranking ? options.hooks.ranking.name : `the ${kind} score`}, which was not validated on measured ${absorber} references (the calibration chose ${calibration.score})`
        : `ranked by the ${kind} score, which was not validated on measured ${absorber} references (no calibration chose a score for ${absorber})`,
    );
  }
  const maxShiftEv = options.fit?.maxShiftEv ?? (calibration ? (calibration.maxShiftEv ?? FIT_DEFAULTS.maxShiftEv) : d.uncalibratedMaxShiftEv);
  const shiftStepEv = options.fit?.shiftStepEv ?? FIT_DEFAULTS.shiftStepEv;
  const shiftPenalty = options.fit?.shiftPenalty ?? FIT_DEFAULTS.shiftPenalty;
  if (!(maxShiftEv >= 0) || !(shiftStepEv > 0) || !(shiftPenalty >= 0)) throw new InputError(`shift bound, step and penalty must be ≥ 0 (step > 0); got ${maxShiftEv}, ${shiftStepEv}, ${shiftPenalty}`);
  const windowEv = options.fit?.windowEv ?? calibration?.windowEv ?? FIT_DEFAULTS.windowEv;
  const broadenings = [...(options.broadenings ?? calibration?.broadenings ?? d.uncalibratedBroadenings)];
  if (broadenings.length === 0) throw new InputError('at least one broadening is needed');

  const grid = predictor.gridRelEv;
  const valid = predictor.validRangeEv?.(absorber) ?? [grid[0]!, grid[grid.length - 1]!];
  const alignment = alignmentFor(prepared, absorber, calibration);
  const windowRel = comparisonWindow(prepared, alignment, windowEv, valid, maxShiftEv, options.compareStepEv ?? d.compareStepEv, d.minWindowEv, warnings);
  const samples = shiftSamples(prepared, alignment, windowRel, maxShiftEv, shiftStepEv);
  const kinds: ScoreKind[] = [...new Set([kind, ...extraKinds])];
  const measuredT = new Map(kinds.map((k) => [k, samples.samples.map((s) => scoreTransform(k, s))]));
  const measuredRanks = samples.samples.map((s) => ranks(s));

  let vote = options.rdfVote;
  if (!vote && options.inverseModelsDir !== false) {
    const loaded = await loadRdfVote(prepared, absorber, options.inverseModelsDir ? { modelsDir: options.inverseModelsDir } : {});
    vote = loaded.vote;
    if (loaded.warning) warnings.push(loaded.warning);
  }
  const rdfWeight = options.rdfWeight ?? COMBINE_DEFAULTS.rdfWeight;
  const edgeCal = options.edgeValence === false ? undefined : (options.edgeValence ?? readEdgeValence()[absorber]);
  const valenceWeight = options.valenceWeight ?? d.valenceWeight;
  if (!(valenceWeight >= 0)) throw new InputError(`the edge-position weight must be ≥ 0; got ${valenceWeight}`);
  const edgeVote = edgeCal ? edgeVoteFor(prepared, edgeCal, warnings) : null;

  const perCandidate = options.hooks?.broadeningPerCandidate === true;
  const mode: BroadeningMode = perCandidate ? 'per-candidate' : (options.broadeningMode ?? (broadenings.length > 1 ? 'per-measurement' : 'fixed'));
  const startBroadening = options.broadening ?? calibration?.broadening ?? broadenings[0]!;
  const passOne = perCandidate ? broadenings : [startBroadening];
  return { predictor, absorber, warnings, calibration, kind, scoreValidated, extraKinds, maxShiftEv, shiftPenalty, grid, alignment, windowRel, samples, measuredT, measuredRanks, broadenings, mode, passOne, vote, rdfWeight, edgeVote, valenceWeight };
}

/** The compared relative energies: window ∩ valid range ∩ measured data, every `stepEv`. */
function comparisonWindow(
  prepared: PreparedSpectrum,
  alignment: Alignment,
  windowEv: readonly [number, number],
  valid: readonly [number, number],
  maxShiftEv: number,
  stepEv: number,
  minWindowEv: number,
  warnings: string[],
): Float64Array {
  const e = prepared.spectrum.energyEv;
  const dataLo = (e[0]! - alignment.anchorEv + maxShiftEv) / alignment.stretch;
  const dataHi = (e[e.length - 1]! - alignment.anchorEv - maxShiftEv) / alignment.stretch;
  const lo = Math.max(windowEv[0], valid[0], Math.ceil(dataLo / stepEv) * stepEv);
  const hi = Math.min(windowEv[1], valid[1], Math.floor(dataHi / stepEv) * stepEv);
  if (!(hi - lo >= minWindowEv)) {
    throw new InputError(
      `the measured spectrum (${e[0]!.toFixed(1)}…${e[e.length - 1]!.toFixed(1)} eV) does not cover the compared window ` +
        `${windowEv[0]}…${windowEv[1]} eV around the calibrated edge at ${alignment.anchorEv.toFixed(1)} eV (at least ${minWindowEv} eV of it are needed)`,
      { dataEv: [e[0], e[e.length - 1]], anchorEv: alignment.anchorEv, windowEv },
    );
  }
  if (lo > windowEv[0] + 1e-9 && lo > valid[0] + 1e-9) warnings.push(`the measured data start at ${dataLo.toFixed(1)} eV relative to the calibrated edge; compared from ${lo.toFixed(1)} eV`);
  if (hi < windowEv[1] - 1e-9 && hi < valid[1] - 1e-9) warnings.push(`the measured data end at ${dataHi.toFixed(1)} eV relative to the calibrated edge; compared up to ${hi.toFixed(1)} eV`);
  const n = Math.floor((hi - lo) / stepEv + 1e-9) + 1;
  return Float64Array.from({ length: n }, (_, i) => lo + i * stepEv);
}
