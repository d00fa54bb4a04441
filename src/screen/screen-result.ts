/**
 * @module screen/screen-result
 * Step 6 of a screening run: the ranking (the score's distance with the votes, combine.ts), fit
 * arrays for the top N, what the best candidates agree on, the confidence and the result record.
 */
import { basename } from 'node:path';
import { chemistryAgreement, fitWeights, type ChemistryAgreement } from '../chemistry/index.ts';
import { combineReasons, spectrumReasons, type Confidence } from '../confidence/index.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import type { Rejection } from '../structure/index.ts';
import { applyWindowMatrix, windowBroadeningMatrix, type Broadening } from './broadening.ts';
import type { FeatureCache } from './cache.ts';
import { COMBINE_DEFAULTS, rankCandidates } from './combine.ts';
import { poolFitVerdict, readPoolFit, thresholdsFor, type PoolFit } from './pool-fit.ts';
import type { CompositionTally } from './composition.ts';
import type { ScoreKind } from './scores.ts';
import { SCREEN_DEFAULTS, type ScreenSettings } from './screen-settings.ts';
import type { CandidateRecord, RankedCandidate, ScreenOptions, ScreenResult } from './screen.ts';

/** What the earlier steps produced. */
export interface ScreenRun {
  records: CandidateRecord[];
  rejected: Rejection[];
  tally: CompositionTally | null;
  /** The broadening every candidate shares (null: each kept its own). */
  chosen: Broadening | null;
  /** Candidate files read. */
  read: number;
  cache: FeatureCache;
  /** performance.now() at the start of the run. */
  t0: number;
}

/** Rank the records and build the result. */
export function assembleResult(prepared: PreparedSpectrum, s: ScreenSettings, run: ScreenRun, options: ScreenOptions): ScreenResult {
  const { records, rejected, tally, chosen, cache, t0 } = run;
  const { top = SCREEN_DEFAULTS.top, intervalK = COMBINE_DEFAULTS.intervalK } = options;
  const { vote, rdfWeight, edgeVote, valenceWeight, grid, windowRel, samples, alignment, kind, warnings } = s;
  const ranking = options.hooks?.ranking;
  const ranked = rankCandidates(
    records.map((r) => ({ ...r, rankScore: r.score })),
    { rdfWeight: vote ? rdfWeight : 0, intervalK, valenceWeight: edgeVote ? valenceWeight : 0 },
  );
  const candidates: RankedCandidate[] = [];
  for (const r of ranked) {
    const { hash: _h, sigmaArr: _s, muArr, rankScore: _r, memoKey: _m, extraDistances: _e, scoresPending: _p, ...rest } = r;
    const c: RankedCandidate = rest;
    if (c.rank <= top) {
      const p = applyWindowMatrix(windowBroadeningMatrix(grid, c.broadening, windowRel), muArr, windowRel.length);
      const si = samples.shiftsEv.findIndex((v) => Math.abs(v - c.shift) < 1e-9);
      c.fit = {
        energy: Array.from(windowRel, (e) => alignment.anchorEv + alignment.stretch * e + c.shift),
        measured: Array.from(samples.samples[si]!),
        predicted: Array.from(p, (v) => v * c.scale),
      };
    }
    candidates.push(c);
  }
  if (candidates.length === 0) warnings.push('no usable candidate (see rejected)');
  const agreementTop = Math.min(SCREEN_DEFAULTS.agreementTop, candidates.length);
  const terms = voteTerms(vote && rdfWeight > 0 ? rdfWeight : 0, edgeVote ? valenceWeight : 0);
  const spectrumVerdict = combineReasons(spectrumReasons(prepared).reasons).verdict;
  const poolFit = poolFitVerdict(candidates[0], spectrumVerdict, thresholdsFor(options.poolFit === undefined ? readPoolFit() : options.poolFit, s.absorber, s.predictor.id));
  const chemistry = chemistryAgreement(
    candidates.map((c) => c.chemistry?.sites ?? null),
    { top: agreementTop, weights: fitWeights(candidates.slice(0, agreementTop)) },
  );
  return {
    absorber: s.absorber,
    scoreKind: ranking ? ranking.name : kind,
    scoreValidated: s.scoreValidated,
    combination: ranking ? ranking.describe(terms) : combinationText(kind, terms),
    measured: { source: basename(prepared.spectrum.meta.source), ...(prepared.spectrum.meta.label ? { label: prepared.spectrum.meta.label } : {}), e0: prepared.e0Ev, normalisation: samples.target.normalisation },
    alignment: { ...alignment, windowEv: [windowRel[0]!, windowRel[windowRel.length - 1]!], maxShiftEv: s.maxShiftEv, shiftPenalty: s.shiftPenalty, broadenings: s.broadenings, broadeningMode: s.mode, broadening: s.mode === 'per-candidate' ? null : chosen },
    candidates,
    rejected,
    composition: tally ? { filter: tally.filter, read: tally.total, kept: tally.kept, otherElementSet: tally.failedElements, lackingElements: tally.failedContains, notes: tally.notes() } : null,
    chemistry: poolFit.verdict === 'no-fit' ? notAnAnswer(chemistry) : chemistry,
    poolFit,
    edgeValence: edgeVote ? { ...edgeVote.readout, weight: valenceWeight, residualSdEv: edgeVote.cal.residualSdEv, slopeEvPerValence: edgeVote.cal.slopeEvPerValence } : null,
    model: { forward: s.predictor.model, inverse: vote ? vote.model : null },
    cache: { ...cache.stats },
    timing: { seconds: (performance.now() - t0) / 1000, candidates: run.read },
    confidence: rankingConfidence(prepared, candidates, s.calibration !== undefined, poolFit),
    warnings,
  };
}

/** The vote terms added to the score's log-distance (e.g. `0.5·ln(rdfChi2)`). */
function voteTerms(rdfWeight: number, valenceWeight: number): string[] {
  const terms: string[] = [];
  if (rdfWeight > 0) terms.push(`${rdfWeight}·ln(rdfChi2)`);
  if (valenceWeight > 0) terms.push(`${valenceWeight}·edge-position penalty (valencePenalty)`);
  return terms;
}

/** How the final rank is formed, in words (the result's `combination`). */
function combinationText(kind: ScoreKind, terms: readonly string[]): string {
  if (terms.length > 0) return `ln(${kind} distance) + ${terms.join(' + ')}, lower is better`;
  return `${kind} distance${kind === 'rFactor' ? '' : ` (1 − ${kind})`}, lower is better`;
}

/**
 * Confidence of a ranking: the measured spectrum's rule checks, whether the alignment was
 * calibrated, and a `distinguishable` check — caution when other candidates' scores overlap the
 * best one within their σ.
 */
export function rankingConfidence(prepared: PreparedSpectrum, candidates: readonly (Pick<RankedCandidate, 'overlapsBest'> & Partial<Pick<RankedCandidate, 'scoreSigma'>>)[], calibrated = true, poolFit?: PoolFit): Confidence {
  const { reasons } = spectrumReasons(prepared);
  const others = Math.max(0, candidates.filter((c) => c.overlapsBest).length - 1);
  // Spectra without an uncertainty (FEFF10's own) cannot show that the best stands out.
  const noSigma = candidates.length > 1 && candidates.every((c) => c.scoreSigma === null || c.scoreSigma === 0);
  reasons.push({
    check: 'distinguishable',
    status: others > 0 || noSigma ? 'caution' : 'ok',
    value: others,
    threshold: 0,
    message:
      others > 0
        ? `${others} other candidate(s) fit as well as the best one within their uncertainty: the ranking cannot tell them apart`
        : noSigma
          ? 'the candidates\' spectra carry no uncertainty (FEFF10 spectra have none): whether others fit as well as the best cannot be judged'
          : 'the best candidate fits clearly better than the others',
  });
  if (!calibrated) {
    reasons.push({ check: 'calibration', status: 'caution', value: 0, threshold: 1, message: 'no theory → experiment energy calibration for this absorber: the edge position does not count in the ranking' });
  }
  if (poolFit?.verdict === 'not-judged') {
    reasons.push({ check: 'pool-fit', status: 'caution', value: null, threshold: null, message: 'whether the answer sits in this pool was not judged (no pool-fit thresholds for this predictor): a good fit does not show that the right phase is among the candidates' });
  }
  if (poolFit && poolFit.value !== null && poolFit.verdict !== 'fits') {
    reasons.push({ check: 'pool-fit', status: poolFit.verdict === 'no-fit' ? 'unreliable' : 'caution', value: poolFit.value, threshold: poolFit.verdict === 'no-fit' ? poolFit.thresholds!.noFitBelow : poolFit.thresholds!.doubtfulBelow, message: poolFit.reasons[0]! });
  }
  return combineReasons(reasons);
}

/** When no candidate fits, what the best fits share is shown for what it is, not as the answer. */
function notAnAnswer(c: ChemistryAgreement): ChemistryAgreement {
  return { ...c, consensus: { oxidation: null, coordination: null }, sentence: `No candidate fits as right phases do, so this is not an answer: ${c.sentence.charAt(0).toLowerCase()}${c.sentence.slice(1)}` };
}
