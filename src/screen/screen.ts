/**
 * @module screen/screen
 * The screening pipeline: measured spectrum + candidate structures → ranked candidates, in named
 * steps (each in its own module):
 *
 * 1. settings (screen-settings.ts): absorber, theory → experiment calibration and alignment, the
 *    compared window (calibration window ∩ predictor's valid range ∩ data), shifted measurement
 *    samples, broadenings, and the votes (inverse model's pseudo-RDF, measured edge position);
 * 2. read inputs: candidate files expanded from folders, read, hashed;
 * 3. cache (candidate-steps.ts `candidateFeatures`): sites, predicted μ and σ, element set,
 *    chemistry and G2 by content hash, else predicted; the composition filter;
 * 4. fit (`candidateFitter`): best (shift, broadening) by the ranking score, first with the
 *    calibration's broadening, then (`chooseBroadening`) with the per-measurement broadening;
 * 5. score σ (`scoreSigmas`) from the predictor's σ for the best candidates;
 * 6. assemble (screen-result.ts): rank (with the RDF and edge-position votes, combine.ts), fit
 *    arrays for the top N, chemistry agreement, confidence.
 *
 * Only a compact record is kept per candidate; fit arrays are rebuilt for the top N at the end.
 * Rankings measured and not chosen (a Borda count over several scores, each candidate's own
 * broadening) are research variants: lab/screen sets them through `hooks`.
 */
import { readFileSync } from 'node:fs';
import type { ChemistryAgreement, EdgeValenceCalibration, EdgeValenceReadout } from '../chemistry/index.ts';
import type { Confidence } from '../confidence/index.ts';
import { InputError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { candidateId, expandCandidates, type Rejection } from '../structure/index.ts';
import type { Alignment, EnergyCalibration } from './alignment.ts';
import { describeBroadening, type Broadening } from './broadening.ts';
import { contentHash, FeatureCache, type CachedFeatures, type CandidateChemistry } from './cache.ts';
import type { LibraryCandidate } from './library-candidates.ts';
import type { PoolFit, PoolFitThresholds } from './pool-fit.ts';
import { candidateFeatures, candidateFitter, chooseBroadening, completeScores, scoreSigmas } from './candidate-steps.ts';
import type { RankFields } from './combine.ts';
import { CompositionTally, type CompositionFilter } from './composition.ts';
import { candidateValencePenalty } from './edge-valence.ts';
import type { FitOptions } from './fit.ts';
import type { MeasuredNormalisation } from './measured-target.ts';
import { rdfChi2, type RdfVote } from './rdf-vote.ts';
import type { FitScores, ScoreKind } from './scores.ts';
import { assembleResult, rankingConfidence } from './screen-result.ts';
import { SCREEN_DEFAULTS, screenSettings } from './screen-settings.ts';
import type { PredictedSite, SpectrumPredictor } from './types.ts';

export { SCREEN_DEFAULTS, rankingConfidence, describeBroadening };

/** What a ranking does after its first pass over the candidates, named in its progress (CLI and jobs). */
export const RANK_FINAL_PASS = 'choosing the broadening on the best fits, refitting every candidate with it, σ of the best and the pseudo-RDF vote';

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
  /** Theory → experiment calibration (default: the predictor's own for the absorber); `false` = none. */
  calibration?: EnergyCalibration | false;
  /** Broadenings to choose from (default: the calibration's list). */
  broadenings?: readonly Broadening[];
  /** How the broadening is chosen (default per-measurement when the list has more than one; see {@link BroadeningMode}). */
  broadeningMode?: Exclude<BroadeningMode, 'per-candidate'>;
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
  /**
   * Entries of a shipped candidate library (src/library, screen/library-candidates.ts), ranked with
   * the files: their features are precomputed, so nothing is read or predicted for them.
   */
  library?: readonly LibraryCandidate[];
  /** Thresholds of the pool-fit verdict (default: the shipped models/screen/pool-fit.json); null = not judged. */
  poolFit?: PoolFitThresholds | null;
  /** Research variants of the ranking (lab/screen); the product never sets them. */
  hooks?: ScreenHooks;
}

/**
 * Rankings that were measured and not chosen, kept reachable for the evaluations that compare
 * them (lab/screen/variants.ts): each candidate keeping its own best broadening of the list, and a
 * ranking distance formed from several scores (e.g. a Borda count).
 */
export interface ScreenHooks {
  /** Fit every candidate under each broadening of the list and keep its best (no per-measurement choice). */
  broadeningPerCandidate?: boolean;
  /** Rank by a distance formed from each candidate's distances under `scores` (each at its own best shift and broadening); no score σ then. */
  ranking?: {
    /** Name of the ranking in errors and the result's `scoreKind`. */
    name: string;
    scores: readonly ScoreKind[];
    /** The ranking distance of every candidate, from its distances under `scores`. */
    distances: (perCandidate: readonly Readonly<Record<string, number>>[]) => number[];
    /** The result's `combination`, given the vote terms (e.g. `0.5·ln(rdfChi2)`). */
    describe: (terms: readonly string[]) => string;
  };
}

/** One ranked candidate (the `xasinv rank --json` shape). */
export interface RankedCandidate extends FitScores, RankFields {
  id: string;
  file: string;
  formula: string;
  /** Mineral or material name (library entries; a file's candidate id otherwise). */
  name?: string;
  /** Where a library entry's structure came from (absent for files the user gave). */
  source?: LibraryCandidate['source'];
  /** Element symbols of the structure, sorted. */
  elements: string[];
  /** The ranking score's distance (lower is better; see `scoreKind` of the result). */
  score: number;
  /** Its σ from the predictor's σ; null beyond the best `sigmaTop`, and when the spectra carry no σ (FEFF10's). */
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
  /** The score that ranks (its distance is `score` of each candidate); a research ranking's name. */
  scoreKind: ScoreKind | string;
  /** Whether `scoreKind` is the score the absorber's theory → experiment calibration chose on measured references. */
  scoreValidated: boolean;
  /** How the final rank is formed (see combine.ts). */
  combination: string;
  measured: { source: string; label?: string; e0: number; normalisation: MeasuredNormalisation };
  alignment: Alignment & { windowEv: [number, number]; maxShiftEv: number; shiftPenalty: number; broadenings: Broadening[]; broadeningMode: BroadeningMode; broadening: Broadening | null };
  candidates: RankedCandidate[];
  rejected: Rejection[];
  /** What the composition filter kept (null without a filter). */
  composition: { filter: CompositionFilter; read: number; kept: number; otherElementSet: number; lackingElements: number; notes: string[] } | null;
  /** What the best candidates agree on (not presented as the answer when `poolFit` is no-fit). */
  chemistry: ChemistryAgreement;
  /** Whether the best fit is as good as right phases fit measured spectra: does the answer sit in the pool? */
  poolFit: PoolFit;
  /** What the measured edge position says about the oxidation state, and its weight in the rank (null: no calibration for the absorber, or no edge found). */
  edgeValence: (EdgeValenceReadout & { weight: number; residualSdEv: number; slopeEvPerValence: number }) | null;
  model: { forward: { id: string; version: string }; inverse: { id: string; version: string } | null };
  cache: FeatureCache['stats'];
  timing: { seconds: number; candidates: number };
  /** Trust in the ranking: the measured spectrum's checks plus whether the best fit stands out. */
  confidence: Confidence;
  warnings: string[];
}

/** What a run keeps of one fitted candidate until the ranking. */
export type CandidateRecord = Omit<RankedCandidate, keyof RankFields | 'fit'> & {
  hash: string;
  sigmaArr: Float32Array;
  muArr: Float32Array;
  memoKey: string;
  extraDistances: Record<string, number> | undefined;
  /** Fitted without the scores other than its distance and R-factor (NaN until completeScores). */
  scoresPending: boolean;
};

/**
 * How the broadening is chosen: `per-measurement` (default) — one for all candidates, the list
 * entry that fits the first pass's best candidates best; `fixed` — the calibration's (its
 * references' median); `per-candidate` — each candidate its best list entry (a research variant,
 * {@link ScreenHooks}).
 */
export type BroadeningMode = 'per-measurement' | 'per-candidate' | 'fixed';

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
  const cache = options.cache ?? new FeatureCache();
  const settings = await screenSettings(prepared, options);
  const fit = candidateFitter(settings, cache.broadened);
  const { records, rejected, tally, read } = await readAndFitCandidates(candidatePaths, settings, cache, fit, options);
  const chosen = await chooseBroadening(records, settings, fit, cache.broadened);
  completeScores(records, settings, cache.broadened);
  const ranking = options.hooks?.ranking;
  if (ranking) {
    const distances = ranking.distances(records.map((r) => r.extraDistances!));
    records.forEach((r, i) => (r.score = distances[i]!));
  } else await scoreSigmas(records, settings, { sigmaTop: options.sigmaTop ?? SCREEN_DEFAULTS.sigmaTop, ...(options.sigmaDraws !== undefined ? { draws: options.sigmaDraws } : {}) }, cache.broadened);
  return assembleResult(prepared, settings, { records, rejected, tally, chosen, read, cache, t0 }, options);
}

/**
 * Steps 2–4 over the pool: expand and read the candidate files, take each one's features from the
 * cache (or predict them), apply the composition filter, and fit it with the first-pass broadening.
 * Unusable candidates are rejections with the reason, never errors.
 */
async function readAndFitCandidates(
  candidatePaths: readonly string[],
  s: Awaited<ReturnType<typeof screenSettings>>,
  cache: FeatureCache,
  fit: ReturnType<typeof candidateFitter>,
  options: ScreenOptions,
): Promise<{ records: CandidateRecord[]; rejected: Rejection[]; tally: CompositionTally | null; read: number }> {
  const displayName = options.displayName ?? ((f: string) => f);
  const { files, rejected } = expandCandidates(candidatePaths);
  for (const r of rejected) r.file = displayName(r.file);
  const tally = options.composition ? new CompositionTally(options.composition) : null;
  const records: CandidateRecord[] = [];
  const { vote, edgeVote } = s;
  const library = options.library ?? [];
  const total = files.length + library.length;
  // Files first (read, hashed, cached or predicted), then the library's precomputed entries.
  const inputs = async function* (): AsyncGenerator<{ name: string; hash: string; feat: CachedFeatures; entry?: LibraryCandidate }> {
    for (const file of files) {
      const name = displayName(file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        rejected.push({ file: name, reason: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        yield { name, hash: '', feat: { rejected: '' } };
        continue;
      }
      const hash = contentHash(bytes);
      yield { name, hash, feat: await candidateFeatures(file, name, bytes, hash, s, cache) };
    }
    for (const entry of library) yield { name: entry.id, hash: `library:${entry.source.file}:${entry.id}`, feat: entry.features, entry };
  };
  // Read (and predict) every candidate first, then broaden the kept ones in one product per
  // first-pass broadening (BroadenedCache.fill), then fit each.
  const kept: { name: string; hash: string; feat: CachedFeatures; entry: LibraryCandidate | undefined; memoKey: string }[] = [];
  let i = 0;
  for await (const { name, hash, feat, entry } of inputs()) {
    // Unreadable (rejected above) or left out by the composition filter: only counted.
    const skipped = hash === '' || (tally !== null && feat.elements !== undefined && !tally.record(feat.elements));
    if (!skipped && feat.rejected) {
      if (!tally || feat.elements || !feat.rejected.startsWith('no ')) rejected.push({ file: name, reason: feat.rejected });
    } else if (!skipped) kept.push({ name, hash, feat, entry, memoKey: `${s.predictor.id}|${s.absorber}|${hash}` });
    options.onProgress?.({ done: ++i, total, rejected: rejected.length, file: name });
  }
  const afterCollection = rejected.length;
  const refitFollows = s.mode === 'per-measurement' && s.broadenings.length > 1;
  await cache.broadened.fill(kept.map((k) => ({ key: k.memoKey, mu: k.feat.mu! })), s.grid, s.passOne, s.windowRel, { onnxLoaded: s.vote !== undefined });
  for (const { name, hash, feat, entry, memoKey } of kept) {
    // Without the scores when a per-measurement broadening will refit every candidate anyway.
    const fitted = fit(memoKey, feat.mu!, s.passOne, { withScores: !refitFollows });
    if (!fitted) {
      rejected.push({ file: name, reason: 'fit failed: non-finite score (measured or predicted spectrum is flat or all zero?)' });
      continue;
    }
    const { best, at, b } = fitted;
    const g2 = vote ? feat.g2?.[vote.g2Key] : undefined;
    records.push({
      id: entry ? entry.id : candidateId(name),
      file: entry ? entry.source.file : name,
      ...(entry ? { name: entry.name, source: entry.source } : {}),
      hash,
      formula: feat.formula ?? '',
      elements: feat.elements ?? [],
      score: best.distance,
      scoreSigma: null,
      ...at.scores,
      shift: best.shiftEv,
      broadening: b,
      scale: at.scale,
      rdfChi2: vote && g2 ? rdfChi2(vote as RdfVote, g2) : null,
      ...(edgeVote ? { valencePenalty: candidateValencePenalty(edgeVote, feat.chemistry ?? null) } : {}),
      sites: feat.sites!,
      chemistry: feat.chemistry ?? null,
      warnings: feat.warnings ?? [],
      sigmaArr: feat.sigma!,
      muArr: feat.mu!,
      memoKey,
      extraDistances: fitted.extraDistances,
      scoresPending: refitFollows,
    });
  }
  if (rejected.length > afterCollection) options.onProgress?.({ done: total, total, rejected: rejected.length, file: '' });
  if (tally && tally.kept === 0) throw new InputError(tally.noMatchMessage());
  return { records, rejected, tally, read: total };
}
