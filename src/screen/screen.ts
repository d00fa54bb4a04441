/**
 * @module screen/screen
 * The screening loop: measured spectrum + candidate structures → ranked candidates.
 *
 * 1. Alignment: the predictor's edge-relative grid is placed on the measured energy axis with the
 *    absorber's theory → experiment calibration (alignment.ts), the same for every candidate.
 * 2. Window: the calibration's relative window (default −10…+100 eV) ∩ the predictor's valid range
 *    for the absorber ∩ the measured data, compared every `compareStepEv`.
 * 3. Per candidate (streamed): read → cache look-up by content hash → (sites, predicted μ and σ,
 *    element set, chemistry readout, G2) → composition filter → broadened once per broadening of
 *    the calibration's list (broadening.ts) → best (shift, broadening) by the ranking score (fit.ts).
 *    Broadening is fitted per candidate out of a short list (measured on references: reports/screen.md).
 * 4. Ranking by the score's distance (or a Borda count over several scores), optionally combined
 *    with the pseudo-RDF χ² and with the measured edge position's vote on the oxidation state
 *    (edge-valence.ts; on by default where models/screen/edge-valence.json calibrates the
 *    absorber) (combine.ts); score σ from the predictor's σ for the best candidates; the chemistry
 *    the top candidates agree on.
 * Only a compact record is kept per candidate; fit arrays are rebuilt for the top N at the end.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { chemistryAgreement, absorberChemistry, readEdgeValence, type ChemistryAgreement, type EdgeValenceCalibration, type EdgeValenceReadout } from '../chemistry/index.ts';
import { combineReasons, spectrumReasons, type Confidence } from '../confidence/index.ts';
import { getElement } from '../elements/index.ts';
import { InputError, UnsupportedError, XasinvError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { candidateId, expandCandidates, formulaOf, parseStructure, type Rejection, type Structure } from '../structure/index.ts';
import { alignmentFor, shiftSamples, type Alignment, type EnergyCalibration } from './alignment.ts';
import { applyWindowMatrix, describeBroadening, windowBroadeningMatrix, type Broadening } from './broadening.ts';
import { CANDIDATE_CHEMISTRY_VERSION, contentHash, FeatureCache, type CachedFeatures, type CacheKey, type CandidateChemistry } from './cache.ts';
import { bordaCounts, COMBINE_DEFAULTS, rankCandidates, type RankFields } from './combine.ts';
import { CompositionTally, elementSet, type CompositionFilter } from './composition.ts';
import { fitCandidate, FIT_DEFAULTS, scoresAt, scoreTransform, type FitOptions } from './fit.ts';
import { type MeasuredNormalisation } from './measured-target.ts';
import { candidateG2, loadRdfVote, rdfChi2, type RdfVote } from './rdf-vote.ts';
import { distanceSigma, smoothDeviations, SCORE_SIGMA_DEFAULTS } from './score-sigma.ts';
import { candidateValencePenalty, edgeVoteFor } from './edge-valence.ts';
import { distanceFromScores, SCORE_KINDS, type FitScores, type ScoreKind } from './scores.ts';
import type { PredictedSite, SpectrumPredictor } from './types.ts';

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

/** Progress of a screening run (after each candidate). */
export interface ScreenProgress {
  done: number;
  total: number;
  rejected: number;
  file: string;
}

/** Options of {@link screenCandidates}. */
export interface ScreenOptions {
  predictor: SpectrumPredictor;
  /** Absorbing element (default: the measured spectrum's element). */
  absorber?: string;
  /** Candidates that get `fit` arrays (the best N after ranking). */
  top?: number;
  /** Featurisation cache (default: a fresh in-memory one). */
  cache?: FeatureCache;
  /** Inverse models folder for the second vote; `false` = no vote. Default: the shipped models. */
  inverseModelsDir?: string | false;
  /** A vote computed beforehand (skips loading the inverse model). */
  rdfVote?: RdfVote;
  /** Weight of ln χ²(RDF) in the final rank (0 = spectral score alone). */
  rdfWeight?: number;
  /** Edge position → oxidation state calibration (default: the shipped one for the absorber, if any); `false` = no edge vote. */
  edgeValence?: EdgeValenceCalibration | false;
  /** Weight of the edge-position penalty (default 1). */
  valenceWeight?: number;
  intervalK?: number;
  normalisation?: MeasuredNormalisation;
  /** Fit settings; `score` is the ranking score. */
  fit?: FitOptions;
  /** Rank by the Borda count over these scores instead of `fit.score` alone. */
  borda?: readonly ScoreKind[];
  /** Theory → experiment calibration (default: the predictor's own for the absorber); `false` = none. */
  calibration?: EnergyCalibration | false;
  /** Broadenings to choose from (default: the calibration's list). */
  broadenings?: readonly Broadening[];
  /** How the broadening is chosen (default per-measurement; see {@link BroadeningMode}). */
  broadeningMode?: BroadeningMode;
  /** The first-pass broadening (default: the calibration's). */
  broadening?: Broadening;
  /** Keep only candidates with this element set / containing these elements. */
  composition?: CompositionFilter;
  /** Display names of candidate files (uploads: the user's file name instead of the server path). */
  displayName?: (file: string) => string;
  sigmaDraws?: number;
  sigmaTop?: number;
  compareStepEv?: number;
  onProgress?: (p: ScreenProgress) => void;
}

/** One ranked candidate (the `xasinv rank --json` shape). */
export interface RankedCandidate extends FitScores, RankFields {
  id: string;
  file: string;
  formula: string;
  /** Element symbols of the structure, sorted. */
  elements: string[];
  /** The ranking score's distance (lower is better; see `scoreKind` of the result). */
  score: number;
  /** Its σ from the predictor's σ; null beyond the best `sigmaTop`. */
  scoreSigma: number | null;
  /** eV on top of the calibrated alignment: E = anchor + stretch·E_rel + shift. */
  shift: number;
  broadening: Broadening;
  scale: number;
  rdfChi2: number | null;
  /** ½((E½ − a − b·BVS)/σ)²: how unlikely the measured edge position is for this candidate's mean BVS (absent without an edge vote; null without a BVS). */
  valencePenalty?: number | null;
  sites: PredictedSite[];
  chemistry: CandidateChemistry | null;
  warnings: string[];
  /** Only for the top N: absolute energies (eV), measured and fitted predicted μ. */
  fit?: { energy: number[]; measured: number[]; predicted: number[] };
}

/** Result of {@link screenCandidates}. */
export interface ScreenResult {
  absorber: string;
  /** The score that ranks (its distance is `score` of each candidate). */
  scoreKind: ScoreKind | 'borda';
  /** How the final rank is formed (see combine.ts). */
  combination: string;
  measured: { source: string; label?: string; e0: number; normalisation: MeasuredNormalisation };
  alignment: Alignment & { windowEv: [number, number]; maxShiftEv: number; shiftPenalty: number; broadenings: Broadening[]; broadeningMode: BroadeningMode; broadening: Broadening | null };
  candidates: RankedCandidate[];
  rejected: Rejection[];
  /** What the composition filter kept (null without a filter). */
  composition: { filter: CompositionFilter; read: number; kept: number; otherElementSet: number; lackingElements: number } | null;
  /** What the best candidates agree on. */
  chemistry: ChemistryAgreement;
  /** What the measured edge position says about the oxidation state, and its weight in the rank (null: no calibration for the absorber, or no edge found). */
  edgeValence: (EdgeValenceReadout & { weight: number; residualSdEv: number; slopeEvPerValence: number }) | null;
  model: { forward: { id: string; version: string }; inverse: { id: string; version: string } | null };
  cache: FeatureCache['stats'];
  timing: { seconds: number; candidates: number };
  /** Trust in the ranking: the measured spectrum's checks plus whether the best fit stands out. */
  confidence: Confidence;
  warnings: string[];
}

type Record_ = Omit<RankedCandidate, keyof RankFields | 'fit'> & { hash: string; sigmaArr: Float32Array; muArr: Float32Array; memoKey: string; bordaDistances: Record<string, number> | undefined };

/**
 * How the broadening is chosen: `per-measurement` (default) — one for all candidates, the list
 * entry that fits the first pass's best candidates best; `per-candidate` — each candidate its best
 * list entry; `fixed` — the calibration's (its references' median).
 */
export type BroadeningMode = 'per-measurement' | 'per-candidate' | 'fixed';

function rejectReason(err: unknown): string {
  if (err instanceof XasinvError) return err.message;
  throw err;
}

/** Read + parse + predict (+ chemistry, G2) one file; never throws for a user-level problem. */
async function featurise(file: string, name: string, text: string, absorber: string, predictor: SpectrumPredictor, vote: RdfVote | undefined): Promise<CachedFeatures> {
  let structure: Structure;
  try {
    structure = parseStructure(text, { name });
  } catch (err) {
    return { rejected: `unreadable: ${rejectReason(err)}` };
  }
  if (!structure.species.includes(absorber)) {
    const found = [...new Set(structure.species)].join(', ');
    return { rejected: `no ${absorber} atom in the structure (it holds ${found})`, elements: elementSet(structure.species) };
  }
  try {
    const p = await predictor.predict(structure, absorber, { file });
    const bad = Array.from(p.mu).findIndex((v, k) => !Number.isFinite(v) || !Number.isFinite(p.sigma[k]!));
    if (bad >= 0) return { rejected: `not predicted: the predictor returned a non-finite value at grid point ${bad} (${predictor.gridRelEv[bad]} eV)` };
    const feat: CachedFeatures = {
      id: candidateId(name),
      formula: formulaOf(structure).reducedFormula,
      elements: elementSet(structure.species),
      sites: p.sites,
      mu: Float32Array.from(p.mu),
      sigma: Float32Array.from(p.sigma),
      warnings: [...(p.warnings ?? [])],
      chemistry: chemistryOf(structure, absorber, p.sites),
    };
    if (vote) feat.g2 = { [vote.g2Key]: Float32Array.from(candidateG2(structure, p.sites, vote.g2Options)) };
    return feat;
  } catch (err) {
    return { rejected: `not predicted: ${rejectReason(err)}` };
  }
}

function chemistryOf(structure: Structure, absorber: string, sites: readonly PredictedSite[]): CandidateChemistry | null {
  try {
    const c = absorberChemistry(structure, absorber, { sites });
    return {
      version: CANDIDATE_CHEMISTRY_VERSION,
      summary: c.summary,
      meanBvs: c.meanBvs,
      ligands: [...new Set(c.sites.flatMap((s) => Object.keys(s.ligands)))].sort(),
      sites: c.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity, oxidationState: s.oxidationState, bvs: s.bvs, coordinationNumber: s.coordinationNumber, oxidationLabel: s.oxidationLabel, coordinationLabel: s.coordinationLabel })),
    };
  } catch (err) {
    if (err instanceof XasinvError) return null;
    throw err;
  }
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

/**
 * Broadened predictions on the compared points, memoised per (predictor, file content, broadening,
 * window): they do not depend on the measured spectrum, so a second ranking of the same pool in the
 * same process (the server, an evaluation) skips the broadening, the costly step. Bounded LRU.
 */
const broadenedMemo = new Map<string, Float32Array>();
const BROADENED_MEMO_MAX = 80_000;

function broadenedOnWindow(key: string, grid: Float64Array, mu: ArrayLike<number>, b: Broadening, windowRel: Float64Array): Float64Array {
  const k = `${key}|${b.gamma0Ev}:${b.gamma1}:${b.gaussianFwhmEv}|${windowRel[0]}:${windowRel[windowRel.length - 1]}:${windowRel.length}`;
  const hit = broadenedMemo.get(k);
  if (hit) {
    broadenedMemo.delete(k);
    broadenedMemo.set(k, hit);
    return Float64Array.from(hit);
  }
  const p = applyWindowMatrix(windowBroadeningMatrix(grid, b, windowRel), mu, windowRel.length);
  broadenedMemo.set(k, Float32Array.from(p));
  if (broadenedMemo.size > BROADENED_MEMO_MAX) broadenedMemo.delete(broadenedMemo.keys().next().value!);
  return p;
}

/**
 * Forget the memoised broadened predictions (what a new process starts with); for benchmarks.
 * @example clearBroadenedMemo();
 */
export function clearBroadenedMemo(): void {
  broadenedMemo.clear();
}

/** Linear interpolation of `y` (on the uniform `grid`) at the points `x`. */
function resample(grid: Float64Array, y: ArrayLike<number>, x: Float64Array): Float64Array {
  const g0 = grid[0]!;
  const step = (grid[grid.length - 1]! - g0) / (grid.length - 1);
  const last = grid.length - 1;
  return x.map((v) => {
    const u = (v - g0) / step;
    if (u <= 0) return y[0]!;
    if (u >= last) return y[last]!;
    const i = Math.floor(u);
    const f = u - i;
    return y[i]! + f * (y[i + 1]! - y[i]!);
  });
}

/**
 * Rank candidate structures by how well their predicted spectrum fits a measured one.
 *
 * @example
 * const result = await screenCandidates(prepareMeasured('CuO.xdi'), ['pool/'], { predictor });
 * result.candidates[0].id; // best candidate
 * @throws UnsupportedError when the predictor does not cover the absorber; InputError when the
 *   measured spectrum misses the compared window or the composition filter keeps no candidate.
 */
export async function screenCandidates(prepared: PreparedSpectrum, candidatePaths: readonly string[], options: ScreenOptions): Promise<ScreenResult> {
  const t0 = performance.now();
  const d = SCREEN_DEFAULTS;
  const { predictor, top = d.top, cache = new FeatureCache(), intervalK = COMBINE_DEFAULTS.intervalK, displayName = (f: string) => f } = options;
  const warnings = [...prepared.warnings];
  const absorberRaw = options.absorber ?? prepared.element;
  if (!absorberRaw) throw new UnsupportedError('UNKNOWN_ELEMENT', 'the absorbing element is not stated in the spectrum file and could not be guessed from E0; give it with --absorber');
  const absorber = getElement(absorberRaw).symbol;
  if (prepared.element && prepared.element !== absorber) warnings.push(`the spectrum says ${prepared.element}, but candidates are screened as ${absorber} absorbers`);
  if (!predictor.absorbers.includes(absorber)) {
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model ${predictor.model.id} covers ${predictor.absorbers.join(', ')} K edges only, not ${absorber}`, { absorber, covered: [...predictor.absorbers] });
  }
  const calibration = options.calibration === false ? undefined : (options.calibration ?? predictor.calibration?.[absorber]);
  if (!calibration) warnings.push(`no theory → experiment energy calibration of ${predictor.model.id} for ${absorber}: the predictions are aligned at the measured E0, so the edge position (chemical shift) does not count`);
  const kind: ScoreKind = options.fit?.score ?? calibration?.score ?? FIT_DEFAULTS.score;
  if (!SCORE_KINDS.includes(kind)) throw new InputError(`unknown score "${String(kind)}" (known: ${SCORE_KINDS.join(', ')})`);
  const borda = options.borda && options.borda.length > 0 ? [...options.borda] : null;
  for (const k of borda ?? []) if (!SCORE_KINDS.includes(k)) throw new InputError(`unknown score "${String(k)}" in the Borda list (known: ${SCORE_KINDS.join(', ')})`);
  const maxShiftEv = options.fit?.maxShiftEv ?? (calibration ? FIT_DEFAULTS.maxShiftEv : d.uncalibratedMaxShiftEv);
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
  const kinds: ScoreKind[] = [...new Set([kind, ...(borda ?? [])])];
  const measuredT = new Map(kinds.map((k) => [k, samples.samples.map((s) => scoreTransform(k, s))]));

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

  const mode: BroadeningMode = options.broadeningMode ?? (broadenings.length > 1 ? 'per-measurement' : 'fixed');
  const startBroadening = options.broadening ?? calibration?.broadening ?? broadenings[0]!;
  const passOne = mode === 'per-candidate' ? broadenings : [startBroadening];
  /** Best (shift, broadening out of `list`) of one candidate, with every score there; null when not finite. */
  const fitOne = (memoKey: string, mu: ArrayLike<number>, list: readonly Broadening[]) => {
    const predictedT = new Map<ScoreKind, Float64Array[]>(kinds.map((k) => [k, []]));
    const onWindow = list.map((b) => broadenedOnWindow(memoKey, grid, mu, b, windowRel));
    for (const p of onWindow) for (const k of kinds) predictedT.get(k)!.push(scoreTransform(k, p));
    const best = fitCandidate(kind, measuredT.get(kind)!, samples.shiftsEv, predictedT.get(kind)!, { maxShiftEv, shiftPenalty });
    const at = scoresAt(samples.samples[best.shiftIndex]!, onWindow[best.broadeningIndex]!);
    if (!Number.isFinite(best.distance) || !Number.isFinite(at.scores.rFactor)) return null;
    // Each Borda score at its own best (shift, broadening).
    const bordaDistances = borda ? Object.fromEntries(borda.map((k) => [k, k === kind ? best.distance : fitCandidate(k, measuredT.get(k)!, samples.shiftsEv, predictedT.get(k)!, { maxShiftEv, shiftPenalty }).distance])) : undefined;
    return { best, at, b: list[best.broadeningIndex]!, bordaDistances };
  };

  const { files, rejected } = expandCandidates(candidatePaths);
  for (const r of rejected) r.file = displayName(r.file);
  const tally = options.composition ? new CompositionTally(options.composition) : null;
  const records: Record_[] = [];
  const keyOf = (hash: string): CacheKey => ({ predictorId: predictor.id, absorber, hash });
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const name = displayName(file);
    const progress = (): void => options.onProgress?.({ done: i + 1, total: files.length, rejected: rejected.length, file: name });
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      rejected.push({ file: name, reason: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      progress();
      continue;
    }
    const hash = contentHash(bytes);
    let feat = cache.get(keyOf(hash));
    if (!feat || (!feat.rejected && (!feat.elements || feat.chemistry === undefined || (feat.chemistry !== null && feat.chemistry.version !== CANDIDATE_CHEMISTRY_VERSION)))) {
      feat = await featurise(file, name, bytes.toString('utf8'), absorber, predictor, vote);
      cache.set(keyOf(hash), feat);
    } else if (vote && !feat.rejected && !feat.g2?.[vote.g2Key]) {
      const structure = parseStructure(bytes.toString('utf8'), { name });
      feat = { ...feat, g2: { ...feat.g2, [vote.g2Key]: Float32Array.from(candidateG2(structure, feat.sites!, vote.g2Options)) } };
      cache.set(keyOf(hash), feat);
    }
    if (tally && feat.elements && !tally.record(feat.elements)) {
      progress();
      continue;
    }
    if (feat.rejected) {
      if (!tally || feat.elements || !feat.rejected.startsWith('no ')) rejected.push({ file: name, reason: feat.rejected });
      progress();
      continue;
    }
    const memoKey = `${predictor.id}|${absorber}|${hash}`;
    const fitted = fitOne(memoKey, feat.mu!, passOne);
    if (!fitted) {
      rejected.push({ file: name, reason: 'fit failed: non-finite score (measured or predicted spectrum is flat or all zero?)' });
      progress();
      continue;
    }
    const { best, at, b } = fitted;
    records.push({
      id: candidateId(name),
      file: name,
      hash,
      formula: feat.formula ?? '',
      elements: feat.elements ?? [],
      score: best.distance,
      scoreSigma: null,
      ...at.scores,
      shift: best.shiftEv,
      broadening: b,
      scale: at.scale,
      rdfChi2: vote ? rdfChi2(vote, feat.g2![vote.g2Key]!) : null,
      ...(edgeVote ? { valencePenalty: candidateValencePenalty(edgeVote, feat.chemistry ?? null) } : {}),
      sites: feat.sites!,
      chemistry: feat.chemistry ?? null,
      warnings: feat.warnings ?? [],
      sigmaArr: feat.sigma!,
      muArr: feat.mu!,
      memoKey,
      bordaDistances: fitted.bordaDistances,
    });
    progress();
  }
  if (tally && tally.kept === 0) throw new InputError(tally.noMatchMessage());

  // Per-measurement broadening: the list entry that fits the best candidates of the first pass best,
  // then every candidate again with it (HERFD needs less broadening than transmission).
  let chosenBroadening: Broadening | null = passOne.length === 1 ? passOne[0]! : null;
  if (mode === 'per-measurement' && records.length > 0 && broadenings.length > 1) {
    const topK = records
      .map((_, i) => i)
      .sort((a, c) => records[a]!.score - records[c]!.score)
      .slice(0, d.broadeningTopK);
    // Judged by the geometric mean distance of the best few fits under each broadening: an arithmetic
    // mean, or more candidates, would favour heavy broadening, which makes wrong candidates look less
    // wrong; on the log scale a right answer that fits 4× better counts as much as it should.
    let bestMean = Infinity;
    for (const cand of broadenings) {
      const dist = topK.map((i) => fitOne(records[i]!.memoKey, records[i]!.muArr, [cand])?.best.distance ?? Infinity).sort((a, c) => a - c);
      const few = dist.slice(0, d.broadeningBestFew);
      const mean = few.reduce((a, v) => a + Math.log(Math.max(v, 1e-12)), 0) / few.length;
      if (mean < bestMean) {
        bestMean = mean;
        chosenBroadening = cand;
      }
    }
    if (chosenBroadening !== passOne[0]) {
      for (const r of records) {
        const f = fitOne(r.memoKey, r.muArr, [chosenBroadening!]);
        if (!f) continue;
        Object.assign(r, { score: f.best.distance, ...f.at.scores, shift: f.best.shiftEv, broadening: f.b, scale: f.at.scale, bordaDistances: f.bordaDistances });
      }
    }
  }

  // Ranking distance: the score's, or the Borda count over several scores.
  if (borda) {
    const counts = bordaCounts(records.map((r) => r.bordaDistances!), borda);
    records.forEach((r, i) => (r.score = counts[i]!));
  }
  const sigmaTop = options.sigmaTop ?? d.sigmaTop;
  const byScore = records.map((_, i) => i).sort((a, b) => records[a]!.score - records[b]!.score);
  if (!borda) {
    const deviations = smoothDeviations(grid.length, (grid[grid.length - 1]! - grid[0]!) / (grid.length - 1), { draws: options.sigmaDraws ?? SCORE_SIGMA_DEFAULTS.draws });
    for (const i of byScore.slice(0, sigmaTop)) {
      const r = records[i]!;
      const si = samples.shiftsEv.findIndex((s) => Math.abs(s - r.shift) < 1e-9);
      r.scoreSigma = distanceSigma(kind, samples.samples[si]!, grid, windowRel, r.muArr, r.sigmaArr, r.broadening, deviations);
    }
  }
  const ranked = rankCandidates(
    records.map((r) => ({ ...r, rankScore: r.score })),
    { rdfWeight: vote ? rdfWeight : 0, intervalK, valenceWeight: edgeVote ? valenceWeight : 0 },
  );
  const candidates: RankedCandidate[] = [];
  for (const r of ranked) {
    const { hash, sigmaArr: _s, muArr, rankScore: _r, memoKey: _m, bordaDistances: _b, ...rest } = r;
    const c: RankedCandidate = rest;
    if (c.rank <= top) {
      const p = applyWindowMatrix(windowBroadeningMatrix(grid, c.broadening, windowRel), muArr, windowRel.length);
      const si = samples.shiftsEv.findIndex((s) => Math.abs(s - c.shift) < 1e-9);
      c.fit = {
        energy: Array.from(windowRel, (e) => alignment.anchorEv + alignment.stretch * e + c.shift),
        measured: Array.from(samples.samples[si]!),
        predicted: Array.from(p, (v) => v * c.scale),
      };
      void hash;
    }
    candidates.push(c);
  }
  if (candidates.length === 0) warnings.push('no usable candidate (see rejected)');
  const agreementTop = Math.min(d.agreementTop, candidates.length);
  return {
    absorber,
    scoreKind: borda ? 'borda' : kind,
    combination: combinationText(kind, borda, vote && rdfWeight > 0 ? rdfWeight : 0, edgeVote ? valenceWeight : 0),
    measured: { source: basename(prepared.spectrum.meta.source), ...(prepared.spectrum.meta.label ? { label: prepared.spectrum.meta.label } : {}), e0: prepared.e0Ev, normalisation: samples.target.normalisation },
    alignment: { ...alignment, windowEv: [windowRel[0]!, windowRel[windowRel.length - 1]!], maxShiftEv, shiftPenalty, broadenings, broadeningMode: mode, broadening: mode === 'per-candidate' ? null : chosenBroadening },
    candidates,
    rejected,
    composition: tally
      ? { filter: tally.filter, read: tally.total, kept: tally.kept, otherElementSet: tally.failedElements, lackingElements: tally.failedContains }
      : null,
    chemistry: chemistryAgreement(candidates.map((c) => c.chemistry?.sites ?? null), { top: agreementTop }),
    edgeValence: edgeVote ? { ...edgeVote.readout, weight: valenceWeight, residualSdEv: edgeVote.cal.residualSdEv, slopeEvPerValence: edgeVote.cal.slopeEvPerValence } : null,
    model: { forward: predictor.model, inverse: vote ? vote.model : null },
    cache: { ...cache.stats },
    timing: { seconds: (performance.now() - t0) / 1000, candidates: files.length },
    confidence: rankingConfidence(prepared, candidates, calibration !== undefined),
    warnings,
  };
}

/** How the final rank is formed, in words (the result's `combination`). */
function combinationText(kind: ScoreKind, borda: readonly ScoreKind[] | null, rdfWeight: number, valenceWeight: number): string {
  const terms: string[] = [];
  if (rdfWeight > 0) terms.push(`${rdfWeight}·ln(rdfChi2)`);
  if (valenceWeight > 0) terms.push(`${valenceWeight}·edge-position penalty (valencePenalty)`);
  if (borda) return `Borda count over ${borda.join(', ')} (sum of ranks, lower is better)${terms.map((t) => `, + ${t}`).join('')}`;
  if (terms.length > 0) return `ln(${kind} distance) + ${terms.join(' + ')}, lower is better`;
  return `${kind} distance${kind === 'rFactor' ? '' : ` (1 − ${kind})`}, lower is better`;
}

/**
 * Confidence of a ranking: the measured spectrum's rule checks, whether the alignment was
 * calibrated, and a `distinguishable` check — caution when other candidates' scores overlap the
 * best one within their σ.
 */
export function rankingConfidence(prepared: PreparedSpectrum, candidates: readonly Pick<RankedCandidate, 'overlapsBest'>[], calibrated = true): Confidence {
  const { reasons } = spectrumReasons(prepared);
  const others = Math.max(0, candidates.filter((c) => c.overlapsBest).length - 1);
  reasons.push({
    check: 'distinguishable',
    status: others > 0 ? 'caution' : 'ok',
    value: others,
    threshold: 0,
    message:
      others > 0
        ? `${others} other candidate(s) fit as well as the best one within their uncertainty: the ranking cannot tell them apart`
        : 'the best candidate fits clearly better than the others',
  });
  if (!calibrated) {
    reasons.push({ check: 'calibration', status: 'caution', value: 0, threshold: 1, message: 'no theory → experiment energy calibration for this absorber: the edge position does not count in the ranking' });
  }
  return combineReasons(reasons);
}

export { describeBroadening };
