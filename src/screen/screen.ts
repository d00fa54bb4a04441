/**
 * @module screen/screen
 * The screening loop: measured spectrum + candidate structures → ranked candidates. Per candidate
 * (streamed, one at a time): read → cache look-up by content hash → (absorber sites, predicted
 * spectrum, G2) → fit shift/broadening/scale → scores, score σ, rdf χ². Only a compact record is
 * kept per candidate; the fit arrays are rebuilt for the top N at the end, so memory stays bounded.
 */
import { combineReasons, spectrumReasons, type Confidence } from '../confidence/index.ts';
import { readFileSync } from 'node:fs';
import { getElement } from '../elements/index.ts';
import { UnsupportedError, XasinvError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { formulaOf, parseStructure, type Structure } from '../structure/index.ts';
import { contentHash, FeatureCache, type CachedFeatures, type CacheKey } from './cache.ts';
import { candidateId, expandCandidates, type Rejection } from './candidates.ts';
import { COMBINE_DEFAULTS, rankCandidates, type RankFields } from './combine.ts';
import { broadenUniform, uniformStep } from './broaden-uniform.ts';
import { fitSpectrum, FIT_DEFAULTS, type FitOptions } from './fit.ts';
import { measuredTarget, sampleShifted, type MeasuredNormalisation } from './measured-target.ts';
import { candidateG2, loadRdfVote, rdfChi2, type RdfVote } from './rdf-vote.ts';
import { scoreSigma, smoothDeviations, SCORE_SIGMA_DEFAULTS } from './score-sigma.ts';
import { fitScores, PRIMARY_SCORE, type FitScores } from './scores.ts';
import type { PredictedSite, SpectrumPredictor } from './types.ts';

/** Defaults of {@link screenCandidates}. */
export const SCREEN_DEFAULTS = Object.freeze({ top: 10 });

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
  rdfWeight?: number;
  intervalK?: number;
  normalisation?: MeasuredNormalisation;
  fit?: FitOptions;
  /** Number of σ draws for the score σ. */
  sigmaDraws?: number;
  onProgress?: (p: ScreenProgress) => void;
}

/** One ranked candidate (the `xasinv rank --json` shape). */
export interface RankedCandidate extends FitScores, RankFields {
  id: string;
  file: string;
  formula: string;
  /** The primary score (= rFactor). */
  score: number;
  scoreSigma: number;
  /** eV; prediction placed at E = E0_measured + E_rel + shift. */
  shift: number;
  /** Extra Gaussian FWHM, eV. */
  broadening: number;
  scale: number;
  rdfChi2: number | null;
  sites: PredictedSite[];
  warnings: string[];
  /** Only for the top N: absolute energies (eV), measured and fitted predicted μ. */
  fit?: { energy: number[]; measured: number[]; predicted: number[] };
}

/** Result of {@link screenCandidates}. */
export interface ScreenResult {
  absorber: string;
  primaryScore: typeof PRIMARY_SCORE;
  /** How the final rank is formed (see combine.ts). */
  combination: string;
  measured: { source: string; label?: string; e0: number; normalisation: MeasuredNormalisation };
  candidates: RankedCandidate[];
  rejected: Rejection[];
  model: { forward: { id: string; version: string }; inverse: { id: string; version: string } | null };
  cache: FeatureCache['stats'];
  timing: { seconds: number; candidates: number };
  /** Trust in the ranking: the measured spectrum's checks plus whether the best fit stands out. */
  confidence: Confidence;
  warnings: string[];
}

type Record_ = Omit<RankedCandidate, keyof RankFields | 'fit'> & { hash: string };

function rejectReason(err: unknown): string {
  if (err instanceof XasinvError) return err.message;
  throw err;
}

/** Read + parse + predict (+ G2) one file; never throws for a user-level problem. */
async function featurise(file: string, text: string, absorber: string, predictor: SpectrumPredictor, vote: RdfVote | undefined): Promise<CachedFeatures> {
  let structure: Structure;
  try {
    structure = parseStructure(text, { name: file });
  } catch (err) {
    return { rejected: `unreadable: ${rejectReason(err)}` };
  }
  if (!structure.species.includes(absorber)) {
    const found = [...new Set(structure.species)].join(', ');
    return { rejected: `no ${absorber} atom in the structure (it holds ${found})` };
  }
  try {
    const p = await predictor.predict(structure, absorber, { file });
    const bad = Array.from(p.mu).findIndex((v, k) => !Number.isFinite(v) || !Number.isFinite(p.sigma[k]!));
    if (bad >= 0) return { rejected: `not predicted: the predictor returned a non-finite value at grid point ${bad} (${predictor.gridRelEv[bad]} eV)` };
    const feat: CachedFeatures = {
      id: candidateId(file),
      formula: formulaOf(structure).reducedFormula,
      sites: p.sites,
      mu: Float32Array.from(p.mu),
      sigma: Float32Array.from(p.sigma),
      warnings: [...(p.warnings ?? [])],
    };
    if (vote) feat.g2 = { [vote.g2Key]: Float32Array.from(candidateG2(structure, p.sites, vote.g2Options)) };
    return feat;
  } catch (err) {
    return { rejected: `not predicted: ${rejectReason(err)}` };
  }
}

/**
 * Rank candidate structures by how well their predicted spectrum fits a measured one.
 *
 * @example
 * const result = await screenCandidates(prepareMeasured('CuO.xdi'), ['pool/'], { predictor });
 * result.candidates[0].id; // best candidate
 * @throws UnsupportedError when the predictor does not cover the absorber.
 */
export async function screenCandidates(prepared: PreparedSpectrum, candidatePaths: readonly string[], options: ScreenOptions): Promise<ScreenResult> {
  const t0 = performance.now();
  const { predictor, top = SCREEN_DEFAULTS.top, cache = new FeatureCache(), rdfWeight = COMBINE_DEFAULTS.rdfWeight, intervalK = COMBINE_DEFAULTS.intervalK } = options;
  const warnings = [...prepared.warnings];
  const absorberRaw = options.absorber ?? prepared.element;
  if (!absorberRaw) throw new UnsupportedError('UNKNOWN_ELEMENT', 'the absorbing element is not stated in the spectrum file and could not be guessed from E0; give it with --absorber');
  const absorber = getElement(absorberRaw).symbol;
  if (prepared.element && prepared.element !== absorber) warnings.push(`the spectrum says ${prepared.element}, but candidates are screened as ${absorber} absorbers`);
  if (!predictor.absorbers.includes(absorber)) {
    throw new UnsupportedError('UNSUPPORTED_ABSORBER', `the forward model ${predictor.model.id} covers ${predictor.absorbers.join(', ')} K edges only, not ${absorber}`, { absorber, covered: [...predictor.absorbers] });
  }

  const grid = predictor.gridRelEv;
  const maxShift = options.fit?.maxShiftEv ?? FIT_DEFAULTS.maxShiftEv;
  const lo = grid[0]!;
  const hi = grid[grid.length - 1]!;
  const target = measuredTarget(prepared, lo - maxShift - 1, hi + maxShift + 1, { ...(options.normalisation ? { normalisation: options.normalisation } : {}) });
  if (target.dataRelEv[0] > lo || target.dataRelEv[1] < hi) {
    warnings.push(`the measured data (${target.dataRelEv[0].toFixed(1)}…${target.dataRelEv[1].toFixed(1)} eV around E0) do not cover the model window ${lo}…${hi} eV; the missing part is held at the end values`);
  }
  const deviations = smoothDeviations(grid.length, (hi - lo) / (grid.length - 1), { draws: options.sigmaDraws ?? SCORE_SIGMA_DEFAULTS.draws });

  let vote = options.rdfVote;
  if (!vote && options.inverseModelsDir !== false) {
    const loaded = await loadRdfVote(prepared, absorber, options.inverseModelsDir ? { modelsDir: options.inverseModelsDir } : {});
    vote = loaded.vote;
    if (loaded.warning) warnings.push(loaded.warning);
  }

  const { files, rejected } = expandCandidates(candidatePaths);
  const records: Record_[] = [];
  const keyOf = (hash: string): CacheKey => ({ predictorId: predictor.id, absorber, hash });
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      rejected.push({ file, reason: `unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      options.onProgress?.({ done: i + 1, total: files.length, rejected: rejected.length, file });
      continue;
    }
    const hash = contentHash(bytes);
    let feat = cache.get(keyOf(hash));
    if (!feat) {
      feat = await featurise(file, bytes.toString('utf8'), absorber, predictor, vote);
      cache.set(keyOf(hash), feat);
    } else if (vote && !feat.rejected && !feat.g2?.[vote.g2Key]) {
      const structure = parseStructure(bytes.toString('utf8'), { name: file });
      feat = { ...feat, g2: { ...feat.g2, [vote.g2Key]: Float32Array.from(candidateG2(structure, feat.sites!, vote.g2Options)) } };
      cache.set(keyOf(hash), feat);
    }
    if (feat.rejected) {
      rejected.push({ file, reason: feat.rejected });
    } else {
      const fit = fitSpectrum(target, grid, feat.mu!, options.fit);
      const scores = fitScores(fit.measured, fit.predicted);
      if (!Number.isFinite(fit.rFactor)) {
        rejected.push({ file, reason: 'fit failed: non-finite R-factor (measured or predicted spectrum is all zero?)' });
        options.onProgress?.({ done: i + 1, total: files.length, rejected: rejected.length, file });
        continue;
      }
      records.push({
        id: candidateId(file),
        file,
        hash,
        formula: feat.formula ?? '',
        score: scores.rFactor,
        scoreSigma: scoreSigma(fit.measured, grid, feat.mu!, feat.sigma!, fit.broadeningEv, deviations),
        ...scores,
        shift: fit.shiftEv,
        broadening: fit.broadeningEv,
        scale: fit.scale,
        rdfChi2: vote ? rdfChi2(vote, feat.g2![vote.g2Key]!) : null,
        sites: feat.sites!,
        warnings: feat.warnings ?? [],
      });
    }
    options.onProgress?.({ done: i + 1, total: files.length, rejected: rejected.length, file });
  }

  const ranked = rankCandidates(records, { rdfWeight, intervalK });
  const candidates: RankedCandidate[] = [];
  for (const r of ranked) {
    const { hash, ...rest } = r;
    const c: RankedCandidate = rest;
    if (c.rank <= top) {
      let feat = cache.get(keyOf(hash));
      if (!feat?.mu) feat = await featurise(r.file, readFileSync(r.file, 'utf8'), absorber, predictor, undefined);
      const b = broadenUniform(feat.mu!, uniformStep(grid), c.broadening);
      c.fit = {
        energy: Array.from(grid, (e) => target.anchorEv + e + c.shift),
        measured: Array.from(sampleShifted(target, grid, c.shift)),
        predicted: Array.from(b, (v) => v * c.scale),
      };
    }
    candidates.push(c);
  }
  if (candidates.length === 0) warnings.push('no usable candidate (see rejected)');
  return {
    absorber,
    primaryScore: PRIMARY_SCORE,
    combination: vote ? `ln(rFactor) + ${rdfWeight}·ln(rdfChi2), lower is better` : 'ln(rFactor) (no inverse model for the second vote)',
    measured: { source: prepared.spectrum.meta.source, ...(prepared.spectrum.meta.label ? { label: prepared.spectrum.meta.label } : {}), e0: prepared.e0Ev, normalisation: target.normalisation },
    candidates,
    rejected,
    model: { forward: predictor.model, inverse: vote ? vote.model : null },
    cache: { ...cache.stats },
    timing: { seconds: (performance.now() - t0) / 1000, candidates: files.length },
    confidence: rankingConfidence(prepared, candidates),
    warnings,
  };
}

/**
 * Confidence of a ranking: the measured spectrum's rule checks, plus a `distinguishable` check —
 * caution when other candidates' scores overlap the best one within their σ.
 */
export function rankingConfidence(prepared: PreparedSpectrum, candidates: readonly Pick<RankedCandidate, 'overlapsBest'>[]): Confidence {
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
  return combineReasons(reasons);
}
