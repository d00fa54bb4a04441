/**
 * @module lab/screen/evaluate
 * How screening does on measured references of known structure, leave-one-out: for each
 * reference, the calibration is fitted on the references of the *other* compounds only, then the
 * whole pool is ranked against it. Reported per reference: the rank of the right answer in the
 * full pool, its rank among the candidates with exactly its element set (what `--elements` keeps),
 * and whether the bond-valence oxidation state most of the top 5 carry is the true one.
 * Used by `npm run eval:screen` to compare scores and settings (reports/screen.md).
 */
import { chemistryAgreement, oxidationLabel, type EdgeValencePoint } from '../../src/chemistry/index.ts';
import { prepareSpectrum } from '../../src/measured/index.ts';
import { median } from '../../src/stats/index.ts';
import { calibrateOnReferences, type LoadedReference } from '../../src/screen/index.ts';
import type { Broadening } from '../../src/screen/index.ts';
import { calibrateEdgeValence } from '../../src/screen/index.ts';
import type { FeatureCache } from '../../src/screen/index.ts';
import type { ScoreKind } from '../../src/screen/index.ts';
import { screenCandidates, type BroadeningMode, type RankedCandidate } from '../../src/screen/index.ts';
import type { SpectrumPredictor } from '../../src/screen/index.ts';
import { bordaRanking } from './borda.ts';

/** One screening configuration. */
export interface ScreenVariant {
  name: string;
  score: ScoreKind;
  borda?: ScoreKind[];
  /** false = the old alignment at the measured E0. */
  calibrated?: boolean;
  maxShiftEv?: number;
  shiftPenalty?: number;
  windowEv?: readonly [number, number];
  /** Broadenings to choose from (default: the calibration's list). */
  broadenings?: readonly Broadening[];
  /** How the broadening is chosen (default: per measurement). */
  broadeningMode?: BroadeningMode;
  /** Weight of ln χ²(pseudo-RDF); > 0 needs the inverse models. */
  rdfWeight?: number;
  /** The measured edge position's vote on the oxidation state (default on when the evaluation has valence points; refitted without the evaluated compound). */
  edgeValence?: boolean;
}

/** What happened to one reference under one variant. */
export interface ReferenceOutcome {
  name: string;
  compound: string;
  candidates: number;
  /** Rank of the best-placed right answer in the full pool (null: not ranked). */
  rank: number | null;
  /** Among candidates with exactly the reference's element set. */
  filteredRank: number | null;
  filteredOf: number;
  /** Majority oxidation label of the top 5, and the truth. */
  top5Oxidation: string;
  /** Majority oxidation label of the best candidate's sites; null-scored like the top 5. */
  top1Oxidation: string;
  top1OxidationRight: boolean | null;
  trueOxidation: string;
  /** null for a mixed-valence phase (not scored). */
  oxidationRight: boolean | null;
  /** The leave-one-out calibration offset used (eV), null when uncalibrated. */
  offsetEv: number | null;
  shiftEv: number | null;
  broadening: Broadening | null;
  distance: number | null;
  top5: { id: string; formula: string; chemistry: string }[];
  /** What the measured edge position said (leave-one-out calibration); null without the vote. */
  edgeValence: { edgeEv: number; valence: number; sigma: number; label: string } | null;
  seconds: number;
}

/** First rank (1-based) of any of `ids` in `list` (candidate ids), or null. */
function rankOf(list: readonly Pick<RankedCandidate, 'id'>[], ids: readonly string[]): number | null {
  const i = list.findIndex((c) => ids.includes(c.id));
  return i >= 0 ? i + 1 : null;
}

/**
 * Leave-one-out evaluation of one variant over the loaded references against `poolDir`.
 *
 * @example
 * const rows = await evaluateLeaveOneOut(loaded, predictor, poolDir, { name: 'pearson', score: 'pearson' }, { cache });
 */
export async function evaluateLeaveOneOut(
  loaded: readonly LoadedReference[],
  predictor: SpectrumPredictor,
  pool: readonly string[],
  variant: ScreenVariant,
  {
    cache,
    inverseModelsDir,
    valencePoints,
    measuredShiftEv = 0,
    log = () => {},
  }: {
    cache?: FeatureCache;
    inverseModelsDir?: string;
    /** Measured edge positions of references of known valence (screen/edge-valence.ts); without them there is no edge vote (never the shipped calibration, which has seen every reference). */
    valencePoints?: readonly EdgeValencePoint[];
    /** Move the evaluated measurement's energy axis by this much (a miscalibrated measurement); the calibrations are fitted on the true axes. */
    measuredShiftEv?: number;
    log?: (msg: string) => void;
  } = {},
): Promise<ReferenceOutcome[]> {
  const out: ReferenceOutcome[] = [];
  for (const l of loaded) {
    const t0 = performance.now();
    const ref = l.reference;
    const others = loaded.filter((o) => o.reference.compound !== ref.compound);
    const calibration = variant.calibrated === false ? undefined : calibrateOnReferences(others, predictor, { score: variant.score, ...(variant.windowEv ? { windowEv: variant.windowEv } : {}) });
    const broadenings = variant.broadenings;
    const edgeValence = valencePoints && variant.edgeValence !== false ? calibrateEdgeValence(ref.absorber, valencePoints, ref.compound) : null;
    const prepared = measuredShiftEv === 0 ? l.prepared : prepareSpectrum({ ...l.prepared.spectrum, energyEv: Float64Array.from(l.prepared.spectrum.energyEv, (e) => e + measuredShiftEv) }, { element: ref.absorber });
    const result = await screenCandidates(prepared, pool, {
      predictor,
      absorber: ref.absorber,
      calibration: calibration ?? false,
      top: 5,
      ...(cache ? { cache } : {}),
      inverseModelsDir: variant.rdfWeight && variant.rdfWeight > 0 && inverseModelsDir ? inverseModelsDir : false,
      rdfWeight: variant.rdfWeight ?? 0,
      edgeValence: edgeValence ?? false,
      ...(broadenings ? { broadenings } : {}),
      ...(variant.broadeningMode && variant.broadeningMode !== 'per-candidate' ? { broadeningMode: variant.broadeningMode } : {}),
      ...(variant.broadeningMode === 'per-candidate' || variant.borda ? { hooks: { ...(variant.broadeningMode === 'per-candidate' ? { broadeningPerCandidate: true } : {}), ...(variant.borda ? { ranking: bordaRanking(variant.borda) } : {}) } } : {}),
      sigmaTop: 0,
      fit: {
        score: variant.score,
        ...(variant.maxShiftEv !== undefined ? { maxShiftEv: variant.maxShiftEv } : {}),
        ...(variant.shiftPenalty !== undefined ? { shiftPenalty: variant.shiftPenalty } : {}),
        ...(variant.windowEv ? { windowEv: variant.windowEv } : {}),
      },
    });
    const cands = result.candidates;
    const rank = rankOf(cands, ref.structures);
    // The --elements filter of the right answer's own element set (as read, after occupancy rules).
    const key = (rank ? cands[rank - 1]!.elements : [...ref.elements].sort()).join(',');
    const filtered = cands.filter((c) => c.elements.join(',') === key);
    const agreement = chemistryAgreement(cands.slice(0, 5).map((c) => c.chemistry?.sites ?? null));
    const top5Oxidation = agreement.oxidation[0]?.label ?? '—';
    const top1Oxidation = chemistryAgreement(cands.slice(0, 1).map((c) => c.chemistry?.sites ?? null)).oxidation[0]?.label ?? '—';
    const trueOxidation = ref.oxidationState === null ? 'mixed' : oxidationLabel(ref.absorber, ref.oxidationState);
    const hit = rank ? cands[rank - 1]! : undefined;
    out.push({
      name: ref.name,
      compound: ref.compound,
      candidates: cands.length,
      rank,
      filteredRank: rankOf(filtered, ref.structures),
      filteredOf: filtered.length,
      top5Oxidation,
      trueOxidation,
      oxidationRight: ref.oxidationState === null ? null : top5Oxidation === trueOxidation,
      top1Oxidation,
      top1OxidationRight: ref.oxidationState === null ? null : top1Oxidation === trueOxidation,
      offsetEv: calibration ? calibration.offsetEv : null,
      shiftEv: hit?.shift ?? null,
      broadening: hit?.broadening ?? null,
      distance: hit?.score ?? null,
      top5: cands.slice(0, 5).map((c) => ({ id: c.id, formula: c.formula, chemistry: c.chemistry?.summary ?? '—' })),
      edgeValence: result.edgeValence ? { edgeEv: result.edgeValence.edgeEv, valence: result.edgeValence.valence, sigma: result.edgeValence.sigma, label: result.edgeValence.label } : null,
      seconds: (performance.now() - t0) / 1000,
    });
    log(`${variant.name}: ${ref.name}: rank ${rank ?? '—'} / ${cands.length}, with --elements ${out.at(-1)!.filteredRank ?? '—'} / ${filtered.length}, top-5 ${top5Oxidation} (${out.at(-1)!.seconds.toFixed(1)} s)`);
  }
  return out;
}

/** Summary of a variant over the references. */
export interface VariantSummary {
  medianRank: number;
  /** References with the right answer within the top `topFraction` of the pool. */
  withinTopFraction: number;
  /** References with the right answer in the top 3 under `--elements`. */
  filteredTop3: number;
  /** References with the right answer in the top 3 of the full pool. */
  top3: number;
  top1OxidationRight: number;
  oxidationRight: number;
  /** References with a single oxidation state (the ones the oxidation check scores). */
  oxidationScored: number;
  references: number;
}

/**
 * Summarise outcomes: median rank, how many meet each target.
 * @example summariseOutcomes(rows, 0.05).filteredTop3
 */
export function summariseOutcomes(rows: readonly ReferenceOutcome[], topFraction = 0.05): VariantSummary {
  return {
    medianRank: median(rows.map((r) => r.rank ?? Infinity)),
    withinTopFraction: rows.filter((r) => r.rank !== null && r.rank <= Math.floor(topFraction * r.candidates)).length,
    filteredTop3: rows.filter((r) => r.filteredRank !== null && r.filteredRank <= 3).length,
    top3: rows.filter((r) => r.rank !== null && r.rank <= 3).length,
    top1OxidationRight: rows.filter((r) => r.top1OxidationRight === true).length,
    oxidationRight: rows.filter((r) => r.oxidationRight === true).length,
    oxidationScored: rows.filter((r) => r.oxidationRight !== null).length,
    references: rows.length,
  };
}
