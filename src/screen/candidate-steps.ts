/**
 * @module screen/candidate-steps
 * Steps 2–5 of a screening run, per candidate and over the pool:
 * - features: read + parse + predict (+ chemistry, G2) one file, or take it from the cache;
 * - fit: the best (shift, broadening) of one candidate under the settings, with every score there;
 * - broadening choice: the per-measurement broadening (the list entry under which the first
 *   pass's best candidates fit best), then every candidate fitted again with it;
 * - σ of the ranking score for the best candidates, from the predictor's σ.
 */
import { absorberChemistry } from '../chemistry/index.ts';
import { XasinvError } from '../errors.ts';
import { formulaOf, parseStructure, candidateId, type Structure } from '../structure/index.ts';
import type { BroadenedCache } from './broadened-cache.ts';
import type { Broadening } from './broadening.ts';
import { CANDIDATE_CHEMISTRY_VERSION, type CachedFeatures, type CacheKey, type CandidateChemistry, type FeatureCache } from './cache.ts';
import { elementSet } from './composition.ts';
import { fitCandidate, scoresAt, scoreTransform } from './fit.ts';
import { candidateG2, type RdfVote } from './rdf-vote.ts';
import { distanceSigmaOf, sigmaDraws, smoothDeviations, SCORE_SIGMA_DEFAULTS } from './score-sigma.ts';
import { scaledRFactor, type FitScores, type ScoreKind } from './scores.ts';
import { SCREEN_DEFAULTS, type ScreenSettings } from './screen-settings.ts';
import type { CandidateRecord } from './screen.ts';
import type { PredictedSite, SpectrumPredictor } from './types.ts';

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
      chemistry: candidateChemistry(structure, absorber, p.sites),
    };
    if (vote) feat.g2 = { [vote.g2Key]: Float32Array.from(candidateG2(structure, p.sites, vote.g2Options)) };
    return feat;
  } catch (err) {
    return { rejected: `not predicted: ${rejectReason(err)}` };
  }
}

/**
 * The bond-valence chemistry of a candidate's absorber sites as rankings and libraries store it;
 * null when the structure has none (no bond-valence parameters for its ligands).
 * @example candidateChemistry(structure, 'Fe', [{ index: 0, multiplicity: 4 }])?.summary
 */
export function candidateChemistry(structure: Structure, absorber: string, sites: readonly PredictedSite[]): Required<CandidateChemistry> | null {
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

/**
 * The features of one candidate file (content hash `hash`): from the cache when they are complete
 * for this run (chemistry of the current version, the vote's G2), else computed and cached.
 */
export async function candidateFeatures(file: string, name: string, bytes: Buffer, hash: string, s: ScreenSettings, cache: FeatureCache): Promise<CachedFeatures> {
  const key: CacheKey = { predictorId: s.predictor.id, absorber: s.absorber, hash };
  const { vote } = s;
  let feat = cache.get(key);
  if (!feat || (!feat.rejected && (!feat.elements || feat.chemistry === undefined || (feat.chemistry !== null && feat.chemistry.version !== CANDIDATE_CHEMISTRY_VERSION)))) {
    feat = await featurise(file, name, bytes.toString('utf8'), s.absorber, s.predictor, vote);
    cache.set(key, feat);
  } else if (vote && !feat.rejected && !feat.g2?.[vote.g2Key]) {
    const structure = parseStructure(bytes.toString('utf8'), { name });
    feat = { ...feat, g2: { ...feat.g2, [vote.g2Key]: Float32Array.from(candidateG2(structure, feat.sites!, vote.g2Options)) } };
    cache.set(key, feat);
  }
  return feat;
}

/** The best fit of one candidate: its (shift, broadening) with every score there, and the extra scores' distances. */
export interface CandidateFitResult {
  best: ReturnType<typeof fitCandidate>;
  /** Every score at the best point; only the R-factor and the scale when fitted `withScores: false`. */
  at: { scores: FitScores; scale: number };
  b: Broadening;
  extraDistances: Record<string, number> | undefined;
}

/**
 * Fit one candidate (prediction `mu`, broadened-cache key `memoKey`) under each broadening of
 * `list`; null when not finite. `withScores: false` skips every score but the ranking's own
 * distance and the R-factor (the first pass, refitted after the broadening choice): the other
 * scores come as NaN until {@link completeScores}.
 */
export type CandidateFitter = (memoKey: string, mu: ArrayLike<number>, list: readonly Broadening[], options?: { withScores?: boolean }) => CandidateFitResult | null;

/**
 * The fit step of a run: best (shift, broadening out of `list`) of one candidate by the ranking
 * score, with every score there; each extra score (research rankings) at its own best.
 */
export function candidateFitter(s: ScreenSettings, broadened: BroadenedCache): CandidateFitter {
  const kinds: ScoreKind[] = [...new Set([s.kind, ...s.extraKinds])];
  const fitOptions = { maxShiftEv: s.maxShiftEv, shiftPenalty: s.shiftPenalty };
  return (memoKey, mu, list, { withScores = true } = {}) => {
    const predictedT = new Map<ScoreKind, Float64Array[]>(kinds.map((k) => [k, []]));
    const onWindow = list.map((b) => broadened.onWindow(memoKey, s.grid, mu, b, s.windowRel));
    for (const p of onWindow) for (const k of kinds) predictedT.get(k)!.push(scoreTransform(k, p));
    const best = fitCandidate(s.kind, s.measuredT.get(s.kind)!, s.samples.shiftsEv, predictedT.get(s.kind)!, fitOptions);
    const measured = s.samples.samples[best.shiftIndex]!;
    const predicted = onWindow[best.broadeningIndex]!;
    const at = withScores ? scoresAt(measured, predicted, s.measuredRanks[best.shiftIndex]) : pendingScores(measured, predicted);
    if (!Number.isFinite(best.distance) || !Number.isFinite(at.scores.rFactor)) return null;
    const extraDistances =
      s.extraKinds.length > 0 ? Object.fromEntries(s.extraKinds.map((k) => [k, k === s.kind ? best.distance : fitCandidate(k, s.measuredT.get(k)!, s.samples.shiftsEv, predictedT.get(k)!, fitOptions).distance])) : undefined;
    return { best, at, b: list[best.broadeningIndex]!, extraDistances };
  };
}

/** The scale and R-factor only (cheap); the other scores NaN until {@link completeScores}. */
function pendingScores(measured: Float64Array, predicted: Float64Array): { scores: FitScores; scale: number } {
  const { scale, rFactor } = scaledRFactor(measured, predicted);
  return { scores: { rFactor, mse: NaN, pearson: NaN, spearman: NaN, cosine: NaN, derivativePearson: NaN }, scale };
}

/**
 * Every score of the records fitted without them (`scoresPending`), at their fitted shift and
 * broadening (the broadened predictions are in the cache).
 */
export function completeScores(records: CandidateRecord[], s: ScreenSettings, broadened: BroadenedCache): void {
  for (const r of records) {
    if (!r.scoresPending) continue;
    const si = s.samples.shiftsEv.findIndex((v) => Math.abs(v - r.shift) < 1e-9);
    const at = scoresAt(s.samples.samples[si]!, broadened.onWindow(r.memoKey, s.grid, r.muArr, r.broadening, s.windowRel), s.measuredRanks[si]);
    Object.assign(r, { ...at.scores, scale: at.scale, scoresPending: false });
  }
}

/**
 * The per-measurement broadening: the list entry that fits the best candidates of the first pass
 * best, then every candidate fitted again with it (HERFD needs less broadening than transmission).
 * Returns the broadening all candidates share (null when each kept its own).
 */
export async function chooseBroadening(records: CandidateRecord[], s: ScreenSettings, fit: CandidateFitter, broadened: BroadenedCache): Promise<Broadening | null> {
  const d = SCREEN_DEFAULTS;
  let chosen: Broadening | null = s.passOne.length === 1 ? s.passOne[0]! : null;
  if (s.mode !== 'per-measurement' || records.length === 0 || s.broadenings.length <= 1) return chosen;
  const topK = records
    .map((_, i) => i)
    .sort((a, c) => records[a]!.score - records[c]!.score)
    .slice(0, d.broadeningTopK);
  // Judged by the geometric mean distance of the best few fits under each broadening: an arithmetic
  // mean, or more candidates, would favour heavy broadening, which makes wrong candidates look less
  // wrong; on the log scale a right answer that fits 4× better counts as much as it should.
  let bestMean = Infinity;
  await broadened.fill(topK.map((i) => ({ key: records[i]!.memoKey, mu: records[i]!.muArr })), s.grid, s.broadenings, s.windowRel, { onnxLoaded: s.vote !== undefined });
  for (const cand of s.broadenings) {
    const dist = topK.map((i) => fit(records[i]!.memoKey, records[i]!.muArr, [cand], { withScores: false })?.best.distance ?? Infinity).sort((a, c) => a - c);
    const few = dist.slice(0, d.broadeningBestFew);
    const mean = few.reduce((a, v) => a + Math.log(Math.max(v, 1e-12)), 0) / few.length;
    if (mean < bestMean) {
      bestMean = mean;
      chosen = cand;
    }
  }
  if (chosen !== s.passOne[0]) {
    await broadened.fill(records.map((r) => ({ key: r.memoKey, mu: r.muArr })), s.grid, [chosen!], s.windowRel, { onnxLoaded: s.vote !== undefined });
    for (const r of records) {
      const f = fit(r.memoKey, r.muArr, [chosen!]);
      if (!f) continue;
      Object.assign(r, { score: f.best.distance, ...f.at.scores, shift: f.best.shiftEv, broadening: f.b, scale: f.at.scale, extraDistances: f.extraDistances, scoresPending: false });
    }
  }
  return chosen;
}

/**
 * σ of the ranking score for the best `sigmaTop` candidates (by score), from the predictor's σ:
 * every candidate's draws broadened together, one product per broadening.
 */
export async function scoreSigmas(records: CandidateRecord[], s: ScreenSettings, { sigmaTop, draws = SCORE_SIGMA_DEFAULTS.draws }: { sigmaTop: number; draws?: number }, broadened: BroadenedCache): Promise<void> {
  const { grid } = s;
  const byScore = records.map((_, i) => i).sort((a, b) => records[a]!.score - records[b]!.score);
  const deviations = smoothDeviations(grid.length, (grid[grid.length - 1]! - grid[0]!) / (grid.length - 1), { draws });
  const groups = new Map<string, { b: Broadening; rows: { r: CandidateRecord; x: Float32Array }[] }>();
  for (const i of byScore.slice(0, sigmaTop)) {
    const r = records[i]!;
    const x = sigmaDraws(r.muArr, r.sigmaArr, deviations);
    if (!x) {
      r.scoreSigma = null; // the spectra carry no σ (FEFF10's): there is none to propagate
      continue;
    }
    const key = `${r.broadening.gamma0Ev}:${r.broadening.gamma1}:${r.broadening.gaussianFwhmEv}`;
    if (!groups.has(key)) groups.set(key, { b: r.broadening, rows: [] });
    groups.get(key)!.rows.push({ r, x });
  }
  const n = grid.length;
  const m = s.windowRel.length;
  const d = deviations.length;
  for (const { b, rows } of groups.values()) {
    const x = new Float32Array(rows.length * d * n);
    rows.forEach((row, q) => x.set(row.x, q * d * n));
    const [p] = await broadened.broaden(x, rows.length * d, grid, [b], s.windowRel, { onnxLoaded: s.vote !== undefined });
    rows.forEach(({ r }, q) => {
      const si = s.samples.shiftsEv.findIndex((v) => Math.abs(v - r.shift) < 1e-9);
      r.scoreSigma = distanceSigmaOf(s.kind, s.samples.samples[si]!, p!.subarray(q * d * m, (q + 1) * d * m), d);
    });
  }
}
