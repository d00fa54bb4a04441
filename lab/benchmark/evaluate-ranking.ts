/**
 * @module lab/benchmark/evaluate-ranking
 * The ranking judged on the measured benchmark (data/measured-benchmark): every K-edge spectrum of
 * an absorber with a shipped candidate library is ranked against that library, the way
 * `xasinv rank <spectrum>` does, with everything the product fits on measured references — the
 * theory → experiment calibration, the ranking score, the edge-position → valence line — fitted on
 * the **dev** half only (leave-one-compound-out for dev rows, all of dev for test rows).
 *
 * Per spectrum it records the rank of the right phase (its own structure files, found in the
 * library by content hash, plus the library's polymorph duplicates of it: same reduced formula and
 * G2 cosine ≥ {@link RANKING_EVAL_DEFAULTS.duplicateCosine}), the top-1 valence, the base rates of
 * the same pool (a random order; always answering the dev majority valence), whether the right
 * phase was in the forward model's training data, and the best fit with the right phase and its
 * duplicates removed — the data the pool-fit verdict (src/screen/pool-fit.ts) is chosen on.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { absorberChemistry, oxidationLabel, readEdgeValence } from '../../src/chemistry/index.ts';
import { combineReasons, spectrumReasons } from '../../src/confidence/index.ts';
import { XasinvError } from '../../src/errors.ts';
import { readLibrary, type Library } from '../../src/library/index.ts';
import { prepareSpectrum, type PreparedSpectrum } from '../../src/measured/index.ts';
import {
  calibrateEdgeValence,
  calibrateOnReferences,
  candidateG2,
  cosine,
  FeatureCache,
  libraryCandidates,
  elementSet,
  matchesComposition,
  measuredEdgeEv,
  screenCandidates,
  type EnergyCalibration,
  type LibraryCandidate,
  type LoadedReference,
  type RankedCandidate,
  type ScoreKind,
  type SpectrumPredictor,
} from '../../src/screen/index.ts';
import type { EdgeValencePoint } from '../../src/chemistry/index.ts';
import { candidateId, parseStructure } from '../../src/structure/index.ts';
import { benchmarkSplit, loadBenchmark, readBenchmarkSpectrum, type BenchmarkEntry } from './index.ts';

/** Choices of the evaluation (not tuned on the test half). */
export const RANKING_EVAL_DEFAULTS = Object.freeze({
  /** A library entry of the same reduced formula whose G2 is this close (cosine) is the same phase. */
  duplicateCosine: 0.98,
  /** Scores the dev half chooses from, per absorber. */
  scores: Object.freeze(['pearson', 'spearman']) as readonly ScoreKind[],
  /** Bounds on each candidate's own energy shift (eV) the dev half chooses from (the product's default is 1). */
  maxShiftsEv: Object.freeze([1, 3]) as readonly number[],
  topN: 5,
});

/** One setting of the ranking the dev half chooses among. */
export interface RankingVariant {
  score: ScoreKind;
  maxShiftEv: number;
}

/** @example variantName({ score: 'pearson', maxShiftEv: 3 }) // 'pearson ±3 eV' */
export function variantName(v: RankingVariant): string {
  return `${v.score} ±${v.maxShiftEv} eV`;
}

/** What one spectrum gave. */
export interface RankingRow {
  entry: string;
  compound: string;
  element: string;
  half: 'dev' | 'test';
  replicateGroup: string;
  /** Candidates ranked. */
  pool: number;
  /** Ids counted as the right phase (its own files and polymorph duplicates). */
  right: string[];
  /** Rank (1-based, final order) of the best-placed right candidate; null when none was ranked. */
  rank: number | null;
  /** Chance a random order of the same pool puts a right candidate in the top N. */
  randomTopN: number;
  /**
   * The same ranking restricted to the candidates with the compound's element set (what `--elements`
   * keeps, H optional): its size, the right phase's rank in it and the random top-N chance; for a
   * user who knows the composition. Absent in rows written before 2026-12-07.
   */
  composition?: { pool: number; rank: number | null; randomTopN: number };
  /** Mean rank of the first right candidate in a random order: (N + 1) / (k + 1). */
  randomRank: number;
  /** Whether a right candidate's structure (by Materials Project id or file) was in the forward model's training data. */
  inTraining: boolean;
  /** Integer valence of the phase; null for mixed valence (not scored). */
  trueValence: number | null;
  /** Multiplicity-weighted mean bond-valence oxidation state of the #1 candidate. */
  top1Valence: number | null;
  top1: { id: string; formula: string; name?: string; chemistry: string };
  /** Fraction of the pool whose rounded valence is the true one (the random-order base rate of top-1 valence). */
  poolValenceShare: number | null;
  /** Best fit with the right phase in the pool, and with it (and its duplicates) removed. */
  best: FitSummary;
  bestWithout: FitSummary | null;
  /** The spectrum's own verdict (its checks), as the ranking reports it. */
  spectrumVerdict: string;
  score: ScoreKind;
  maxShiftEv: number;
  offsetEv: number;
  seconds: number;
}

/** The fit of a ranking's #1 candidate. */
export interface FitSummary {
  id: string;
  pearson: number;
  rFactor: number;
  score: number;
}

/** A benchmark spectrum read, with what the calibrations need. */
interface Loaded {
  entry: BenchmarkEntry;
  prepared: PreparedSpectrum;
  half: 'dev' | 'test';
  /** Library ids of its own structure files (by content hash). */
  ownIds: string[];
  /** Its structure files that are not in the library (ranked as files). */
  extraFiles: string[];
  /** Predicted μ of its structures (id → μ), for the calibration fit. */
  predictions: Map<string, ArrayLike<number>>;
  /** Multiplicity-weighted G2 of each of its structures, for the duplicate test. */
  g2: Float64Array[];
  formula: string;
  ligand: string | null;
  edgeEv: number | null;
}

/** Reduced formula key: element counts divided by their gcd, sorted by symbol. @example reducedFormula('Fe4O6') // 'Fe2O3' */
export function reducedFormula(formula: string): string {
  const counts = new Map<string, number>();
  for (const [, el, n] of formula.matchAll(/([A-Z][a-z]?)(\d*\.?\d*)/g)) counts.set(el!, (counts.get(el!) ?? 0) + (n ? Number(n) : 1));
  const values = [...counts.values()];
  const isInt = values.every((v) => Number.isInteger(v));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = isInt ? values.reduce((a, b) => gcd(a, b)) : 1;
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([el, n]) => `${el}${n / g === 1 ? '' : Number((n / g).toFixed(3))}`)
    .join('');
}

/** The element symbols of a formula, as written (repeats kept). @example formulaElements('FeO(OH)') // ['Fe', 'O', 'O', 'H'] */
export function formulaElements(formula: string): string[] {
  return [...formula.matchAll(/[A-Z][a-z]?/g)].map((m) => m[0]);
}

/** Multiplicity-weighted mean oxidation state of a candidate's absorber sites (null when none is assigned). */
export function meanValence(c: Pick<RankedCandidate, 'chemistry'>): number | null {
  const sites = (c.chemistry?.sites ?? []).filter((s) => s.oxidationState !== null);
  const m = sites.reduce((n, s) => n + s.multiplicity, 0);
  return m > 0 ? sites.reduce((v, s) => v + s.multiplicity * s.oxidationState!, 0) / m : null;
}

/** P(a random order of n candidates, k of them right, puts a right one in the top t). */
export function randomTopProbability(n: number, k: number, t: number): number {
  if (k <= 0) return 0;
  let miss = 1;
  for (let i = 0; i < Math.min(t, n); i++) miss *= Math.max(0, n - k - i) / (n - i);
  return 1 - miss;
}

/** Training structures of the forward model: Materials Project ids and file hashes (manifest + records). */
export interface TrainingSet {
  /** Materials Project ids (the Cu OmniXAS training split and any MP structure of the FEFF records). */
  mpIds: Set<string>;
  /** Structure files (relative to the data folder or repository) of the FEFF crystal records. */
  files: Set<string>;
}

/**
 * Whether any of the right candidates (library ids, or file ids) was in the forward model's
 * training data: by Materials Project id, or by the library entry's source file.
 * @example seenInTraining(['mp-1692'], lib, training) // true for a Cu oxide of the OmniXAS train split
 */
export function seenInTraining(ids: readonly string[], lib: Library, training: TrainingSet): boolean {
  return ids.some((id) => {
    const entry = lib.meta.entries.find((e) => e.id === id);
    return training.mpIds.has(id) || (entry !== undefined && training.files.has(entry.source.file));
  });
}

function summary(c: RankedCandidate | undefined): FitSummary | null {
  return c ? { id: c.id, pearson: c.pearson, rFactor: c.rFactor, score: c.score } : null;
}

/** Options of {@link evaluateRanking}. */
export interface EvaluateRankingOptions {
  predictor: SpectrumPredictor;
  dataDir: string;
  training: TrainingSet;
  /** Library folder (default models/library). */
  librariesDir?: string;
  scores?: readonly ScoreKind[];
  maxShiftsEv?: readonly number[];
  log?: (msg: string) => void;
}

/**
 * Rank every benchmark spectrum of `element` against its library, calibrations from dev only.
 * @example const rows = await evaluateRanking('Fe', { predictor, dataDir, training });
 */
export async function evaluateRanking(element: string, o: EvaluateRankingOptions): Promise<{ rows: RankingRow[]; chosen: RankingVariant; devScores: Record<string, { top5: number; medianRank: number }>; skipped: { entry: string; reason: string }[] }> {
  const log = o.log ?? (() => {});
  const lib = o.librariesDir ? readLibrary(element, o.librariesDir) : readLibrary(element);
  const libCands = await libraryCandidates(lib, o.predictor);
  const split = benchmarkSplit();
  const byHash = new Map(lib.meta.entries.map((e) => [e.source.sha256, e.id]));
  const skipped: { entry: string; reason: string }[] = [];
  const loaded: Loaded[] = [];
  for (const entry of loadBenchmark({ elements: [element], edges: ['K'], dataDir: o.dataDir })) {
    try {
      loaded.push(await loadEntry(entry, split.halfOf(entry.compound) as 'dev' | 'test', lib, byHash, o.predictor, o.dataDir));
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
      skipped.push({ entry: entry.id, reason: err.message });
      log(`${element}: skipped ${entry.id}: ${err.message}`);
    }
  }
  const dev = loaded.filter((l) => l.half === 'dev');
  const points = edgePoints(element, dev);
  log(`${element}: edge-position points: ${points.length} spectra of ${new Set(points.map((p) => p.compound)).size} compounds (none of the test half)`);
  const cache = new FeatureCache();
  const variants = (o.scores ?? RANKING_EVAL_DEFAULTS.scores).flatMap((score) => (o.maxShiftsEv ?? RANKING_EVAL_DEFAULTS.maxShiftsEv).map((maxShiftEv) => ({ score, maxShiftEv })));
  // The variant whose leave-one-compound-out dev rankings put the right phase in the top 5 most often (then lower median rank).
  const devScores: Record<string, { top5: number; medianRank: number }> = {};
  for (const v of variants) {
    const rows: RankingRow[] = [];
    for (const l of dev) rows.push(await rankOne(l, dev.filter((d) => d.entry.compound !== l.entry.compound), v, libCands, lib, o, cache, false, points));
    const ranks = rows.map((r) => r.rank ?? Infinity).sort((a, b) => a - b);
    const key = variantName(v);
    devScores[key] = { top5: rows.filter((r) => r.rank !== null && r.rank <= RANKING_EVAL_DEFAULTS.topN).length, medianRank: ranks.length ? ranks[Math.floor((ranks.length - 1) / 2)]! : NaN };
    log(`${element}: dev with ${key}: right phase in top ${RANKING_EVAL_DEFAULTS.topN} for ${devScores[key].top5}/${rows.length} spectra, median rank ${devScores[key].medianRank}`);
  }
  const chosen = [...variants].sort((a, b) => devScores[variantName(b)]!.top5 - devScores[variantName(a)]!.top5 || devScores[variantName(a)]!.medianRank - devScores[variantName(b)]!.medianRank)[0]!;
  const rows: RankingRow[] = [];
  // Dev rows again with the chosen variant and the right phase removed too (the pool-fit data).
  for (const l of dev) rows.push(await rankOne(l, dev.filter((d) => d.entry.compound !== l.entry.compound), chosen, libCands, lib, o, cache, true, points));
  for (const l of loaded.filter((x) => x.half === 'test')) rows.push(await rankOne(l, dev, chosen, libCands, lib, o, cache, true, points));
  for (const r of rows) log(`${element} ${r.half}: ${r.entry}: rank ${r.rank ?? '—'}/${r.pool} (random top-5 ${r.randomTopN.toFixed(2)}), top-1 ${r.top1.id} valence ${r.top1Valence?.toFixed(2) ?? '—'} vs ${r.trueValence ?? 'mixed'}; best pearson ${r.best.pearson.toFixed(3)} → ${r.bestWithout?.pearson.toFixed(3) ?? '—'} without`);
  return { rows, chosen, devScores, skipped };
}

async function loadEntry(entry: BenchmarkEntry, half: 'dev' | 'test', lib: Library, byHash: Map<string, string>, predictor: SpectrumPredictor, dataDir: string): Promise<Loaded> {
  const prepared = prepareSpectrum(readBenchmarkSpectrum(entry.spectrum, dataDir), { element: entry.element });
  const ownIds: string[] = [];
  const extraFiles: string[] = [];
  const predictions = new Map<string, ArrayLike<number>>();
  const g2: Float64Array[] = [];
  let ligand: string | null = null;
  for (const file of entry.structureFiles) {
    const bytes = readFileSync(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const libId = byHash.get(hash);
    const structure = parseStructure(bytes.toString('utf8'), { name: file });
    const p = await predictor.predict(structure, entry.element, { file });
    const id = libId ?? candidateId(file);
    if (libId) ownIds.push(libId);
    else extraFiles.push(file);
    predictions.set(id, p.mu);
    g2.push(candidateG2(structure, p.sites, {}));
    if (ligand === null) {
      try {
        const sites = absorberChemistry(structure, entry.element, { sites: p.sites }).sites;
        ligand = Object.entries(sites[0]?.ligands ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
      }
    }
  }
  return { entry, prepared, half, ownIds, extraFiles, predictions, g2, formula: reducedFormula(entry.formula), ligand, edgeEv: measuredEdgeEv(prepared) };
}

function loadedReference(l: Loaded): LoadedReference {
  const e = l.entry;
  return {
    reference: { name: e.id, compound: e.compound, absorber: e.element, spectrum: e.spectrum.path, structures: [...l.predictions.keys()], elements: [], oxidationState: typeof e.valence === 'number' ? e.valence : null },
    prepared: l.prepared,
    predictions: l.predictions,
  };
}

/**
 * Edge-position points the valence line may be fitted on: the shipped line's measured points
 * (models/screen/edge-valence.json: references of known valence, many without a known structure)
 * and the dev spectra, never a compound of the benchmark's test half.
 */
export function edgePoints(element: string, dev: readonly Loaded[]): EdgeValencePoint[] {
  const split = benchmarkSplit();
  const shipped = (readEdgeValence()[element]?.points ?? []).filter((p) => split.halfOf(p.compound) !== 'test');
  const have = new Set(shipped.map((p) => `${p.spectrum}#${p.group ?? ''}`));
  return [...shipped, ...valencePoints(dev).filter((p) => !have.has(`${p.spectrum}#${p.group ?? ''}`) && split.halfOf(p.compound) !== 'test')];
}

function valencePoints(rows: readonly Loaded[]): EdgeValencePoint[] {
  return rows.flatMap((l) => (typeof l.entry.valence === 'number' && l.edgeEv !== null && l.ligand !== null ? [{ name: l.entry.id, compound: l.entry.compound, spectrum: l.entry.spectrum.path, ...(l.entry.spectrum.group ? { group: l.entry.spectrum.group } : {}), oxidationState: l.entry.valence, ligand: l.ligand, edgeEv: l.edgeEv }] : []));
}

async function rankOne(l: Loaded, calibrateOn: readonly Loaded[], { score, maxShiftEv }: RankingVariant, libCands: readonly LibraryCandidate[], lib: Library, o: EvaluateRankingOptions, cache: FeatureCache, withoutRun: boolean, points: readonly EdgeValencePoint[]): Promise<RankingRow> {
  const t0 = performance.now();
  const el = l.entry.element;
  const calibration: EnergyCalibration | false = calibrateOn.length ? calibrateOnReferences(calibrateOn.map(loadedReference), o.predictor, { score }) : false;
  const edgeValence = calibrateEdgeValence(el, points, l.entry.compound) ?? false;
  const run = (library: readonly LibraryCandidate[], files: readonly string[]) =>
    screenCandidates(l.prepared, files, { predictor: o.predictor, absorber: el, library, calibration, edgeValence, inverseModelsDir: false, top: 0, sigmaTop: 0, cache, fit: { score, maxShiftEv }, poolFit: null });
  // The right phase: its own files (in the library or ranked as files) and the library's polymorph duplicates.
  const duplicates = lib.meta.entries
    .map((e, i) => ({ e, g2: libCands[i]!.features.g2 ? Object.values(libCands[i]!.features.g2!)[0] : undefined }))
    .filter(({ e, g2 }) => reducedFormula(e.formula) === l.formula && g2 && l.g2.some((own) => cosine(own, g2) >= RANKING_EVAL_DEFAULTS.duplicateCosine))
    .map(({ e }) => e.id);
  const right = [...new Set([...l.ownIds, ...duplicates, ...l.extraFiles.map((f) => candidateId(f))])];
  const result = await run(libCands, l.extraFiles);
  const cands = result.candidates;
  const isRight = (c: RankedCandidate) => right.includes(c.id);
  const at = cands.findIndex(isRight);
  let bestWithout: FitSummary | null = null;
  if (withoutRun) {
    const without = await run(
      libCands.filter((c) => !right.includes(c.id)),
      [],
    );
    bestWithout = summary(without.candidates[0]);
  }
  const filter = { elements: elementSet(formulaElements(l.entry.formula)) };
  const inComposition = cands.filter((c) => matchesComposition(formulaElements(c.formula), filter));
  const compositionAt = inComposition.findIndex(isRight);
  const trueValence = typeof l.entry.valence === 'number' ? l.entry.valence : null;
  const valences = cands.map(meanValence);
  const top = cands[0]!;
  const ids = new Set(cands.filter(isRight).map((c) => c.id));
  const inTraining = seenInTraining([...ids], lib, o.training);
  return {
    entry: l.entry.id,
    compound: l.entry.compound,
    element: el,
    half: l.half,
    replicateGroup: l.entry.replicateGroup,
    pool: cands.length,
    right: [...ids],
    rank: at >= 0 ? at + 1 : null,
    randomTopN: randomTopProbability(cands.length, ids.size, RANKING_EVAL_DEFAULTS.topN),
    randomRank: (cands.length + 1) / (ids.size + 1),
    composition: { pool: inComposition.length, rank: compositionAt >= 0 ? compositionAt + 1 : null, randomTopN: randomTopProbability(inComposition.length, inComposition.filter(isRight).length, RANKING_EVAL_DEFAULTS.topN) },
    inTraining,
    trueValence,
    top1Valence: valences[0] ?? null,
    top1: { id: top.id, formula: top.formula, ...(top.name ? { name: top.name } : {}), chemistry: top.chemistry?.summary ?? '—' },
    poolValenceShare: trueValence === null ? null : valences.filter((v) => v !== null && Math.round(v) === trueValence).length / cands.length,
    best: summary(top)!,
    bestWithout,
    spectrumVerdict: combineReasons(spectrumReasons(l.prepared).reasons).verdict,
    score,
    maxShiftEv,
    offsetEv: calibration ? calibration.offsetEv : NaN,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The label of a valence (for reports). */
export function valenceText(element: string, v: number | null): string {
  return v === null ? 'mixed' : oxidationLabel(element, v);
}

/**
 * The calibrations a ranking of `element` ships, fitted on every dev spectrum of the benchmark with
 * the dev-chosen variant: the theory → experiment calibration (its score and shift bound) and the
 * edge-position → valence line (null when dev spans too few valences).
 * @example const { calibration, edgeValence } = await devCalibrations('Fe', { score: 'spearman', maxShiftEv: 3 }, { predictor, dataDir });
 */
export async function devCalibrations(element: string, variant: RankingVariant, o: { predictor: SpectrumPredictor; dataDir: string; librariesDir?: string }): Promise<{ calibration: EnergyCalibration | null; edgeValence: ReturnType<typeof calibrateEdgeValence>; compounds: string[]; spectra: number }> {
  const lib = o.librariesDir ? readLibrary(element, o.librariesDir) : readLibrary(element);
  const byHash = new Map(lib.meta.entries.map((e) => [e.source.sha256, e.id]));
  const split = benchmarkSplit();
  const dev: Loaded[] = [];
  for (const entry of loadBenchmark({ elements: [element], edges: ['K'], dataDir: o.dataDir })) {
    if (split.halfOf(entry.compound) !== 'dev') continue;
    try {
      dev.push(await loadEntry(entry, 'dev', lib, byHash, o.predictor, o.dataDir));
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
    }
  }
  const compounds = [...new Set(dev.map((l) => l.entry.compound))].sort();
  const chosenOn = `measured benchmark dev half: ${compounds.length} compounds, ${dev.length} spectra (data/measured-benchmark/split.json, test hash ${split.testSha256.slice(0, 12)}…)`;
  const calibration = dev.length ? { ...calibrateOnReferences(dev.map(loadedReference), o.predictor, { score: variant.score, command: 'npm run eval:benchmark -- --write-calibration' }), maxShiftEv: variant.maxShiftEv, chosenOn } : null;
  return { calibration, edgeValence: calibrateEdgeValence(element, edgePoints(element, dev)), compounds, spectra: dev.length };
}
