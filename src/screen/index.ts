/**
 * @module screen
 * Candidate screening: rank structures by how well their forward-predicted spectrum fits a measured
 * one (fitted shift, broadening and scale; R-factor with a σ from the predictor's uncertainty),
 * with a second vote from the inverse model's pseudo-RDF.
 *
 * | file                   | idea                                                      |
 * |------------------------|-----------------------------------------------------------|
 * | types.ts               | the `SpectrumPredictor` interface the loop is built on    |
 * | candidates.ts          | files and folders → candidate list (+ rejections)         |
 * | measured-target.ts     | measured normalised μ around E0, O(1) sampling            |
 * | broaden-uniform.ts     | fast Gaussian broadening on a uniform grid                |
 * | fit.ts                 | shift / broadening / scale fit                            |
 * | scores.ts              | R-factor (primary), MSE, Pearson, Spearman, cosine        |
 * | score-sigma.ts         | predictor σ → score σ                                     |
 * | rdf-vote.ts            | pseudo-RDF χ² of each candidate's G2                      |
 * | combine.ts             | final rank (log-score), overlaps-best flag                |
 * | cache.ts               | content-hash feature cache (LRU + disk)                   |
 * | screen.ts              | the streaming loop                                        |
 * | feff-predictor.ts      | reference predictor: FEFF spectra beside the structures   |
 * | forward-predictor.ts   | the shipped forward model as a predictor                  |
 */
export type { SpectrumPredictor, CandidatePrediction, PredictedSite, CandidateSource } from './types.ts';
export { expandCandidates, candidateId, isStructureFileName, type Rejection } from './candidates.ts';
export { measuredTarget, sampleTarget, sampleShifted, MEASURED_TARGET_DEFAULTS, type MeasuredTarget, type MeasuredNormalisation } from './measured-target.ts';
export { broadenUniform, gaussianKernel, uniformStep } from './broaden-uniform.ts';
export { fitSpectrum, FIT_DEFAULTS, type FitOptions, type SpectrumFit } from './fit.ts';
export { rFactor, cosine, fitScores, scaledRFactor, PRIMARY_SCORE, type FitScores } from './scores.ts';
export { scoreSigma, smoothDeviations, SCORE_SIGMA_DEFAULTS } from './score-sigma.ts';
export { loadRdfVote, candidateG2, rdfChi2, RDF_VOTE_DEFAULTS, type RdfVote } from './rdf-vote.ts';
export { rankCandidates, COMBINE_DEFAULTS, type RankFields, type ScoredCandidate } from './combine.ts';
export { FeatureCache, contentHash, FEATURE_CACHE_DEFAULTS, type CachedFeatures, type CacheKey } from './cache.ts';
export { screenCandidates, rankingConfidence, SCREEN_DEFAULTS, type ScreenOptions, type ScreenResult, type RankedCandidate, type ScreenProgress } from './screen.ts';
export { feffPredictor, feffOnGrid, FEFF_PREDICTOR_DEFAULTS } from './feff-predictor.ts';
export { forwardPredictor } from './forward-predictor.ts';
