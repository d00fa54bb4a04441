/**
 * @module screen
 * Candidate screening: rank structures by how well their forward-predicted spectrum fits a measured
 * one (fitted shift, broadening and scale; R-factor with a σ from the predictor's uncertainty),
 * with votes from the inverse model's pseudo-RDF and from the measured edge position.
 *
 * | file                   | idea                                                      |
 * |------------------------|-----------------------------------------------------------|
 * | types.ts               | the `SpectrumPredictor` interface the loop is built on    |
 * | candidates.ts          | files and folders → candidate list (+ rejections)         |
 * | measured-target.ts     | measured normalised μ around E0, O(1) sampling            |
 * | broaden-uniform.ts     | fast Gaussian broadening on a uniform grid                |
 * | alignment.ts           | theory → experiment energy calibration, shifted samples   |
 * | broadening.ts          | energy-dependent Lorentzian Γ(E) + Gaussian               |
 * | fit.ts                 | bounded shift / broadening / scale fit                    |
 * | scores.ts              | R-factor, Pearson, cosine, Spearman, derivative Pearson   |
 * | composition.ts         | `--elements` / `--contains` filter                        |
 * | calibrate.ts           | fit the calibration on measured references                |
 * | score-sigma.ts         | predictor σ → score σ                                     |
 * | rdf-vote.ts            | pseudo-RDF χ² of each candidate's G2                      |
 * | edge-valence.ts        | measured edge position → oxidation-state vote             |
 * | combine.ts             | final rank (log-score), overlaps-best flag                |
 * | cache.ts               | content-hash feature cache (LRU + disk)                   |
 * | screen.ts              | the streaming loop                                        |
 * | feff-predictor.ts      | reference predictor: FEFF spectra beside the structures   |
 * | forward-predictor.ts   | the shipped forward model as a predictor                  |
 * | agreement.ts           | MAE / Spearman / Pearson of theory vs a measurement       |
 * | compare-measured.ts    | theory vs measured references (calibrated, fitted)        |
 */
export type { SpectrumPredictor, CandidatePrediction, PredictedSite, CandidateSource } from './types.ts';
export { expandCandidates, candidateId, isStructureFileName, type Rejection } from '../structure/index.ts';
export { measuredTarget, sampleTarget, sampleShifted, MEASURED_TARGET_DEFAULTS, type MeasuredTarget, type MeasuredNormalisation } from './measured-target.ts';
export { broadenUniform, gaussianKernel, uniformStep } from './broaden-uniform.ts';
export { fitCandidate, scoresAt, scoreTransform, FIT_DEFAULTS, type FitOptions, type CandidateFit } from './fit.ts';
export { rFactor, cosine, derivativePearson, fitScores, scaledRFactor, scoreDistance, distanceFromScores, SCORE_KINDS, type FitScores, type ScoreKind } from './scores.ts';
export { distanceSigmaOf, sigmaDraws, smoothDeviations, SCORE_SIGMA_DEFAULTS } from './score-sigma.ts';
export { applyBroadening, applyWindowMatrix, windowBroadeningMatrix, broadenOnWindows, jsMatMul, lorentzianMatrix, lorentzianWidthEv, describeBroadening, NO_BROADENING, type Broadening, type MatMul } from './broadening.ts';
export { alignmentFor, shiftSamples, type Alignment, type EnergyCalibration, type CalibrationReference, type ShiftSamples } from './alignment.ts';
export {
  parseCompositionFilter,
  parseElementList,
  matchesComposition,
  compositionRejection,
  elementSet,
  CompositionTally,
  noCompositionMatchMessage,
  type CompositionFilter,
} from './composition.ts';
export { loadRdfVote, candidateG2, rdfChi2, RDF_VOTE_DEFAULTS, type RdfVote } from './rdf-vote.ts';
export { rankCandidates, ranksOf, COMBINE_DEFAULTS, NEUTRAL_VALENCE_PENALTY, type RankFields, type ScoredCandidate } from './combine.ts';
export { FeatureCache, contentHash, CANDIDATE_CHEMISTRY_VERSION, FEATURE_CACHE_DEFAULTS, type CachedFeatures, type CacheKey, type CandidateChemistry } from './cache.ts';
export { screenCandidates, rankingConfidence, RANK_FINAL_PASS, SCREEN_DEFAULTS, type ScreenOptions, type ScreenResult, type BroadeningMode, type RankedCandidate, type ScreenProgress, type ScreenHooks, type CandidateRecord } from './screen.ts';
export { BroadenedCache, BROADENED_CACHE_DEFAULTS, type BroadenItem } from './broadened-cache.ts';
export { candidateChemistry } from './candidate-steps.ts';
export { feffPredictor, feffOnGrid, FEFF_PREDICTOR_DEFAULTS } from './feff-predictor.ts';
export { forwardPredictor, forwardPredictorId } from './forward-predictor.ts';
export { libraryCandidates, type LibraryCandidate } from './library-candidates.ts';
export { feffRecordsOnGrid, feffRecordsPredictor, FEFF_RECORDS_DEFAULTS, type FeffRecordsGrid } from './feff-records-predictor.ts';
export { predictionCalibration, readCalibrations, writeCalibration, CALIBRATION_FILE, FEFF_REFERENCE_DIR, type CalibrationFile, type PredictionCalibration } from './calibration-file.ts';
export { fitReference, calibrationFromReferences, calibrateOnReferences, loadReferences, CALIBRATE_DEFAULTS, grid as broadeningGrid, type ReferenceFit, type FitReferenceOptions, type LoadedReference } from './calibrate.ts';
export { CU_REFERENCES, FE_REFERENCES, VALENCE_EXTRA, valenceReferences, type MeasuredReference, type ValenceReference } from './references.ts';
export { calibrateEdgeValence, candidateValencePenalty, edgeVoteFor, measuredEdgeEv, measureValencePoints, writeEdgeValence, type EdgeVote } from './edge-valence.ts';
export { spectrumAgreement, summariseAgreements, AGREEMENT_DEFAULTS, type Agreement, type AgreementSummary, type MeasuredCurve, type TheoryCurve, type Placement } from './agreement.ts';
export { compareTheoryToMeasured, compareReferences, leaveOneOutCalibrations, poolFiles, COMPARE_MEASURED_DEFAULTS, type TheoryVsMeasured, type ReferenceCalibration, type ReferenceTheoryRow } from './compare-measured.ts';
export { fitQuality, POOL_FIT_FILE, poolFitVerdict, readPoolFit, thresholdsFor, type PoolFit, type PoolFitFeature, type PoolFitThresholds } from './pool-fit.ts';
export { feffLibraryPredictor, isFeffLibrary, predictorForLibrary } from './library-predictor.ts';
export { describeMiss, feffLibraryAbsorbers, predictOrSamePhase, samePhaseSpectrum, SAME_PHASE_DEFAULTS, type SamePhaseMatch, type SamePhaseMiss, type SamePhasePrediction } from './same-phase.ts';
