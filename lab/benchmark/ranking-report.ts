/**
 * @module lab/benchmark/ranking-report
 * Tables of the benchmark ranking (evaluate-ranking.ts) beside their base rates, and the choice
 * of the pool-fit thresholds on the dev half (src/screen/pool-fit.ts).
 */
import { fitQuality, poolFitVerdict, thresholdsFor, type PoolFitFeature, type PoolFitThresholds } from '../../src/screen/index.ts';
import { median, quantileSorted } from '../../src/stats/index.ts';
import type { RankingRow } from './evaluate-ranking.ts';

const TOP = 5;
const hit = (r: RankingRow) => r.rank !== null && r.rank <= TOP;
const compositionHit = (r: RankingRow) => r.composition !== undefined && r.composition.rank !== null && r.composition.rank <= TOP;
const valenceRight = (r: RankingRow) => r.trueValence !== null && r.top1Valence !== null && Math.round(r.top1Valence) === r.trueValence;

/** Rows grouped by compound. */
function byCompound(rows: readonly RankingRow[]): RankingRow[][] {
  const m = new Map<string, RankingRow[]>();
  for (const r of rows) m.set(r.compound, [...(m.get(r.compound) ?? []), r]);
  return [...m.values()];
}

/** A compound counts when more than half of its spectra do. */
const compoundShare = (groups: readonly RankingRow[][], f: (r: RankingRow) => boolean) => groups.filter((g) => g.filter(f).length * 2 > g.length).length;
const frac = (a: number, n: number) => (n ? `${a}/${n}` : '—');
const num = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** The majority valence of an element's dev compounds (one vote per compound). */
export function majorityValence(rows: readonly RankingRow[]): number | null {
  const counts = new Map<number, number>();
  for (const g of byCompound(rows.filter((r) => r.half === 'dev' && r.trueValence !== null))) counts.set(g[0]!.trueValence!, (counts.get(g[0]!.trueValence!) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
}

/**
 * Markdown tables: per element and half, the right phase's rank and the top-1 valence beside base
 * rates; phases seen in training apart; replicate spread.
 */
export function rankingTables(rowsByElement: Record<string, RankingRow[]>, choices: Record<string, { score: string; devScores: Record<string, { top5: number; medianRank: number }>; skipped: { entry: string; reason: string }[] }>): string[] {
  const out: string[] = [
    '## Right phase and valence, per element and half',
    '',
    `| element | half | compounds | spectra | pool | right phase in top ${TOP}: spectra (random) | compounds (random) | median rank (random) | top-1 valence right (random pick; always the dev majority) | seen in training: top ${TOP} | held out: top ${TOP} | composition known: pool, right phase in top ${TOP}: compounds (random) |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [el, rows] of Object.entries(rowsByElement)) {
    const majority = majorityValence(rows);
    for (const half of ['dev', 'test'] as const) {
      const h = rows.filter((r) => r.half === half);
      if (!h.length) {
        out.push(`| ${el} | ${half} | 0 | 0 | — | — | — | — | — | — | — | — |`);
        continue;
      }
      const groups = byCompound(h);
      const randomSpectra = h.reduce((s, r) => s + r.randomTopN, 0);
      const randomCompounds = groups.reduce((s, g) => s + median(g.map((r) => r.randomTopN)), 0);
      // Scored where the phase has one valence and the #1 candidate has a bond-valence readout (anion absorbers such as S mostly have none).
      const scored = h.filter((r) => r.trueValence !== null && r.top1Valence !== null);
      const randomValence = scored.reduce((s, r) => s + (r.poolValenceShare ?? 0), 0);
      const majorityRight = majority === null ? NaN : scored.filter((r) => r.trueValence === majority).length;
      const seen = h.filter((r) => r.inTraining);
      const held = h.filter((r) => !r.inTraining);
      const withComposition = groups.filter((g) => g.every((r) => r.composition !== undefined));
      const composition = withComposition.length
        ? `${median(withComposition.flat().map((r) => r.composition!.pool))}, ${frac(compoundShare(withComposition, compositionHit), withComposition.length)} (${num(withComposition.reduce((a, g) => a + median(g.map((r) => r.composition!.randomTopN)), 0))})`
        : '—';
      out.push(
        `| ${el} | ${half} | ${groups.length} | ${h.length} | ${median(h.map((r) => r.pool))} | ${frac(h.filter(hit).length, h.length)} (${num(randomSpectra)}) | ${frac(compoundShare(groups, hit), groups.length)} (${num(randomCompounds)}) | ${num(median(h.map((r) => r.rank ?? Infinity)), 0)} (${num(median(h.map((r) => r.randomRank)), 0)}) | ${frac(scored.filter(valenceRight).length, scored.length)} (${num(randomValence)}; ${Number.isFinite(majorityRight) ? majorityRight : '—'}) | ${frac(seen.filter(hit).length, seen.length)} | ${frac(held.filter(hit).length, held.length)} | ${composition} |`,
      );
    }
  }
  out.push('', 'Random columns are expected counts of the same pools in a random order; "always the dev majority" counts the spectra whose valence is the majority valence of the element\'s dev compounds. "Composition known": the same ranking restricted to the library entries with the compound\'s element set (what `--elements` keeps; H optional, as CIFs omit it) — a user who knows the composition; its pool is the median size of that subset, and its random base rate is high where the subset is small. Valence is scored for spectra of single-valence phases whose #1 candidate has a bond-valence readout (mixed-valence phases such as magnetite are not scored; S K absorbers mostly have no readout).', '');
  out.push('## Choices made on dev', '', '| element | setting chosen (score, shift bound) | dev spectra with the right phase in the top 5, per setting | spectra skipped |', '|---|---|---|---|');
  for (const [el, c] of Object.entries(choices)) {
    out.push(`| ${el} | ${c.score} | ${Object.entries(c.devScores).map(([s, v]) => `${s} ${v.top5}`).join(', ')} | ${c.skipped.length ? c.skipped.map((s) => `${s.entry}: ${s.reason}`).join('; ') : 'none'} |`);
  }
  out.push('', '## Replicate scans', '', 'Rank of the right phase over replicate scans of one sample under one set of conditions (groups with ≥ 2 scans).', '', '| element | half | replicate group | scans | ranks |', '|---|---|---|---|---|');
  for (const [el, rows] of Object.entries(rowsByElement)) {
    const groups = new Map<string, RankingRow[]>();
    for (const r of rows) groups.set(r.replicateGroup, [...(groups.get(r.replicateGroup) ?? []), r]);
    for (const [g, rs] of groups) if (rs.length > 1) out.push(`| ${el} | ${rs[0]!.half} | ${g.split('|').slice(0, 1).join('')} (${g.split('|').slice(2, 4).join(', ')}) | ${rs.length} | ${rs.map((r) => r.rank ?? '—').join(', ')} |`);
  }
  out.push('', '## Every test spectrum', '', '| element | compound | spectrum | pool | rank | right ids | #1 | top-1 valence (true) |', '|---|---|---|---|---|---|---|---|');
  for (const [el, rows] of Object.entries(rowsByElement)) {
    for (const r of rows.filter((x) => x.half === 'test')) out.push(`| ${el} | ${r.compound} | ${r.entry} | ${r.pool} | ${r.rank ?? '—'} | ${r.right.slice(0, 4).join(', ')}${r.right.length > 4 ? ', …' : ''} | ${r.top1.id} ${r.top1.formula} (${r.top1.chemistry}) | ${r.top1Valence === null ? '—' : r.top1Valence.toFixed(2)} (${r.trueValence ?? 'mixed'}) |`);
  }
  return out;
}

/** One element's frozen-test-half result with its base rates (what the support table shows). */
export interface TestHalfSummary {
  compounds: number;
  spectra: number;
  /** Median library size the spectra were ranked against. */
  pool: number;
  /** Spectra with the right phase in the top 5, and the expected count in a random order. */
  top5: number;
  top5Random: number;
  /** Spectra whose #1 candidate has the right valence, of those scored; a random pick's expectation. */
  valenceRight: number;
  valenceScored: number;
  valenceRandom: number;
}

/**
 * Per element, the test half's numbers of {@link rankingTables} (spectra counted; the tables also
 * count compounds).
 * @example testHalfSummary({ Fe: rows }).Fe?.top5 // 2
 */
export function testHalfSummary(rowsByElement: Record<string, RankingRow[]>): Record<string, TestHalfSummary> {
  const out: Record<string, TestHalfSummary> = {};
  for (const [el, rows] of Object.entries(rowsByElement)) {
    const h = rows.filter((r) => r.half === 'test');
    if (!h.length) continue;
    const scored = h.filter((r) => r.trueValence !== null && r.top1Valence !== null);
    out[el] = {
      compounds: byCompound(h).length,
      spectra: h.length,
      pool: median(h.map((r) => r.pool)),
      top5: h.filter(hit).length,
      top5Random: Math.round(h.reduce((s, r) => s + r.randomTopN, 0) * 10) / 10,
      valenceRight: scored.filter(valenceRight).length,
      valenceScored: scored.length,
      valenceRandom: Math.round(scored.reduce((s, r) => s + (r.poolValenceShare ?? 0), 0) * 10) / 10,
    };
  }
  return out;
}

/** P(q of a random present row > q of a random removed row): how well a feature separates them. */
function auc(present: readonly number[], removed: readonly number[]): number {
  let s = 0;
  for (const p of present) for (const a of removed) s += p > a ? 1 : p === a ? 0.5 : 0;
  return s / (present.length * removed.length);
}

/** Minimum dev rows (with the right phase removed) for an absorber to get thresholds of its own. */
export const OWN_THRESHOLD_ROWS = 10;

/** Thresholds from rows: the better-separating feature (AUC), doubtful below its 10th percentile over present rows, no-fit below the worst. */
function thresholdsOf(rows: readonly RankingRow[]): { thresholds: Omit<PoolFitThresholds, 'perAbsorber'>; auc: Record<PoolFitFeature, number> } {
  const features: PoolFitFeature[] = ['pearson', 'rFactor'];
  const aucs = Object.fromEntries(features.map((f) => [f, auc(rows.map((r) => fitQuality(f, r.best)), rows.map((r) => fitQuality(f, r.bestWithout!)))])) as Record<PoolFitFeature, number>;
  const feature = features.sort((a, b) => aucs[b] - aucs[a])[0]!;
  const present = rows.map((r) => fitQuality(feature, r.best)).sort((a, b) => a - b);
  const doubtfulBelow = quantileSorted(present, 0.1);
  const noFitBelow = present[0]!;
  const flagged = (q: number) => q < doubtfulBelow;
  const chosenOn = {
    absorbers: [...new Set(rows.map((r) => r.element))].sort(),
    present: rows.length,
    removed: rows.length,
    devFlaggedPresent: rows.filter((r) => flagged(fitQuality(feature, r.best))).length,
    devFlaggedRemoved: rows.filter((r) => flagged(fitQuality(feature, r.bestWithout!))).length,
  };
  return { thresholds: { feature, doubtfulBelow, noFitBelow, chosenOn }, auc: aucs };
}

/**
 * The pool-fit thresholds chosen on dev rows: pooled over every absorber, and per absorber with at
 * least {@link OWN_THRESHOLD_ROWS} dev rows (fit quality differs between edges: S K fits are worse
 * than Fe K fits).
 */
export function choosePoolFit(devRows: readonly RankingRow[], predictor?: string): { thresholds: PoolFitThresholds; chosenOn: NonNullable<PoolFitThresholds['chosenOn']>; auc: Record<PoolFitFeature, number>; perAbsorberAuc: Record<string, Record<PoolFitFeature, number>> } | null {
  const rows = devRows.filter((r) => r.bestWithout);
  if (rows.length < 3) return null;
  const pooled = thresholdsOf(rows);
  const perAbsorber: Record<string, Omit<PoolFitThresholds, 'perAbsorber'>> = {};
  const perAbsorberAuc: Record<string, Record<PoolFitFeature, number>> = {};
  for (const el of [...new Set(rows.map((r) => r.element))].sort()) {
    const own = rows.filter((r) => r.element === el);
    if (own.length < OWN_THRESHOLD_ROWS) continue;
    const t = thresholdsOf(own);
    perAbsorber[el] = t.thresholds;
    perAbsorberAuc[el] = t.auc;
  }
  return { thresholds: { ...(predictor ? { predictor } : {}), ...pooled.thresholds, ...(Object.keys(perAbsorber).length ? { perAbsorber } : {}) }, chosenOn: pooled.thresholds.chosenOn!, auc: pooled.auc, perAbsorberAuc };
}

/** The pool-fit section: thresholds chosen on dev, rates on dev and test, per element. */
export function poolFitTable(rows: readonly RankingRow[], choice: ReturnType<typeof choosePoolFit>): string[] {
  if (!choice) return ['## Does the answer sit in the pool?', '', 'Not measured: fewer than 3 dev rows with the right phase removed.'];
  const t = choice.thresholds;
  const out = [
    '## Does the answer sit in the pool?',
    '',
    `Each spectrum is ranked twice: with the right phase (and its duplicates) in the library, and with them removed. The verdict looks at the best candidate's ${t.feature === 'pearson' ? 'Pearson correlation' : 'R-factor'} (chosen on dev: AUC present-vs-removed Pearson ${choice.auc.pearson.toFixed(2)}, R-factor ${choice.auc.rFactor.toFixed(2)}); \`doubtful\` below ${t.feature === 'pearson' ? t.doubtfulBelow.toFixed(3) : (-t.doubtfulBelow).toFixed(4)} (10th percentile of dev present rows), \`no-fit\` below ${t.feature === 'pearson' ? t.noFitBelow.toFixed(3) : (-t.noFitBelow).toFixed(4)} (worst dev present row) — pooled over absorbers, used for absorbers without thresholds of their own. The spectrum's own "unreliable" makes a fit at best doubtful. Base rate: flagging every case flags 100 % of both.`,
    '',
    ...Object.entries(t.perAbsorber ?? {}).map(([el, own]) => `- ${el} has thresholds of its own (${own.chosenOn!.present} dev rows): ${own.feature}, doubtful below ${own.feature === 'pearson' ? own.doubtfulBelow.toFixed(3) : (-own.doubtfulBelow).toFixed(4)}, no-fit below ${own.feature === 'pearson' ? own.noFitBelow.toFixed(3) : (-own.noFitBelow).toFixed(4)} (AUC Pearson ${choice.perAbsorberAuc[el]!.pearson.toFixed(2)}, R-factor ${choice.perAbsorberAuc[el]!.rFactor.toFixed(2)}).`),
    '',
    '| element | half | rows | flagged with the right phase present | removed: doubtful or no-fit | removed: no-fit | best fit present → removed (median) |',
    '|---|---|---|---|---|---|---|',
  ];
  const groups = new Map<string, RankingRow[]>();
  for (const r of rows.filter((x) => x.bestWithout)) {
    for (const key of [`${r.element}|${r.half}`, `all|${r.half}`]) groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, rs] of [...groups.entries()].sort()) {
    const [el, half] = key.split('|');
    const present = rs.map((r) => poolFitVerdict(r.best, r.spectrumVerdict as 'ok', thresholdsFor(t, r.element)).verdict);
    const removed = rs.map((r) => poolFitVerdict(r.bestWithout!, r.spectrumVerdict as 'ok', thresholdsFor(t, r.element)).verdict);
    const f = (r: RankingRow['best']) => (t.feature === 'pearson' ? r.pearson : r.rFactor);
    out.push(
      `| ${el} | ${half} | ${rs.length} | ${frac(present.filter((v) => v !== 'fits').length, rs.length)} | ${frac(removed.filter((v) => v !== 'fits').length, rs.length)} | ${frac(removed.filter((v) => v === 'no-fit').length, rs.length)} | ${median(rs.map((r) => f(r.best))).toFixed(3)} → ${median(rs.map((r) => f(r.bestWithout!))).toFixed(3)} |`,
    );
  }
  return out;
}
