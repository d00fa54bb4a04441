/**
 * @module ui/rank-columns
 * What the rank table shows for a ranking (issue 20, item 12; issue 27): the score that ranks,
 * labelled by what it is ("1 − Pearson r ± σ", σ "—" where none was computed), the R-factor beside
 * it, the combined score when the pseudo-RDF or the measured edge position takes part in the rank
 * (and each vote's term), the fitted shift, each candidate's chemistry, numbers at 3 significant
 * digits. The broadening is a column only when each candidate has its own; when one broadening
 * serves every candidate (the per-measurement choice) it is one line above the table
 * ({@link sharedBroadening}). Library entries add their name and source; Materials Project ids link
 * to the material's page. Also the ranking's CSV (the columns of the server's
 * `GET /api/jobs/:id/result.csv`, src/server/csv.ts) and the broadening labels.
 */
import type * as api from './api.ts';
import { sig } from './format.ts';

/** What the distance of each ranking score is. */
export const SCORE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  pearson: '1 − Pearson r',
  cosine: '1 − cosine',
  spearman: '1 − Spearman ρ',
  derivativePearson: '1 − Pearson r of dμ/dE',
  rFactor: 'R-factor',
  borda: 'Borda count',
});

/** The label of a score kind (the kind itself when unknown). @example scoreLabel('pearson') // '1 − Pearson r' */
export const scoreLabel = (kind: string): string => SCORE_LABELS[kind] ?? kind;

/** A number at 3 significant digits; an em dash for null and non-finite values. @example num(0.0123456) // '0.0123' */
export const num = (v: number | null | undefined): string => sig(v, 3);

/**
 * The broadening as `describeBroadening` (src/screen/broadening.ts) writes it.
 * @example broadeningText({ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 }) // 'Lorentzian Γ = 1.00 + 0.050·(E − E0) eV, Gaussian 1.00 eV'
 */
export function broadeningText(b: api.Broadening): string {
  const parts: string[] = [];
  if (b.gamma0Ev > 0 || b.gamma1 > 0) parts.push(`Lorentzian Γ = ${b.gamma0Ev.toFixed(2)} + ${b.gamma1.toFixed(3)}·(E − E0) eV`);
  if (b.gaussianFwhmEv > 0) parts.push(`Gaussian ${b.gaussianFwhmEv.toFixed(2)} eV`);
  return parts.length ? parts.join(', ') : 'none';
}

/** A table-width label. @example broadeningShort({ gamma0Ev: 1, gamma1: 0.05, gaussianFwhmEv: 1 }) // 'Γ 1 + 0.05·E, G 1' */
export function broadeningShort(b: api.Broadening): string {
  const parts: string[] = [];
  if (b.gamma0Ev > 0 || b.gamma1 > 0) parts.push(`Γ ${Number(b.gamma0Ev.toFixed(2))} + ${Number(b.gamma1.toFixed(3))}·E`);
  if (b.gaussianFwhmEv > 0) parts.push(`G ${Number(b.gaussianFwhmEv.toFixed(2))}`);
  return parts.length ? parts.join(', ') : 'none';
}

/**
 * The broadening every candidate shares, when one serves them all (the per-measurement or fixed
 * choice of the screening), else null (each candidate has its own: a column).
 * @example sharedBroadening(result) // { gamma0Ev: 0.5, gamma1: 0.1, gaussianFwhmEv: 2 }
 */
export function sharedBroadening(result: api.RankResult): api.Broadening | null {
  const a = result.alignment;
  if (a.broadeningMode === 'per-candidate') return null;
  if (a.broadening) return a.broadening;
  // Older servers say nothing: shared when every candidate has the same one.
  const first = result.candidates[0]?.broadening;
  const same = (b: api.Broadening) => first !== undefined && b.gamma0Ev === first.gamma0Ev && b.gamma1 === first.gamma1 && b.gaussianFwhmEv === first.gaussianFwhmEv;
  return first && result.candidates.every((c) => same(c.broadening)) ? first : null;
}

/**
 * The Materials Project page of a candidate whose id (or library source id) is a Materials
 * Project id, else undefined.
 * @example materialsProjectUrl({ id: 'mp-1692' }) // 'https://next-gen.materialsproject.org/materials/mp-1692'
 */
export function materialsProjectUrl(c: Pick<api.RankedCandidate, 'id' | 'source'>): string | undefined {
  const id = c.source ? (c.source.database === 'Materials Project' ? c.source.databaseId : null) : c.id;
  return id && /^mp-\d+$/.test(id) ? `https://next-gen.materialsproject.org/materials/${id}` : undefined;
}

/** One column of the rank table. */
export interface RankColumn {
  key: string;
  label: string;
  /** Header tooltip: what the column is. */
  title: string;
  text: (c: api.RankedCandidate) => string;
  /** Sort key (ascending = better first for scores). */
  sort: (c: api.RankedCandidate) => number | string;
  /** A link for the cell, if any. */
  href?: (c: api.RankedCandidate) => string | undefined;
  /** A cell tooltip, if any. */
  cellTitle?: (c: api.RankedCandidate) => string | undefined;
  /** Keep the cell on one line. */
  nowrap?: boolean;
}

const finite = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : Infinity);

/** Whether the pseudo-RDF enters the rank. */
export const rdfRanks = (result: api.RankResult): boolean => result.combination.includes('rdfChi2');

/** Whether the measured edge position enters the rank. */
export const edgeRanks = (result: api.RankResult): boolean => result.combination.includes('edge-position penalty');

/** Whether a vote besides the spectral score enters the rank (then `combined`, not `score`, orders the rows). */
export const combinedRanks = (result: api.RankResult): boolean => rdfRanks(result) || edgeRanks(result);

/** A library entry's name, when it says more than its formula (a mineral or material name). */
const nameOf = (c: api.RankedCandidate): string => (c.name && c.name !== c.formula ? c.name : '');

/**
 * The columns for a ranking.
 * @example rankColumns(result).map((c) => c.label) // ['rank', 'candidate', 'formula', 'chemistry', '1 − Pearson r ± σ', 'R-factor', …]
 */
export function rankColumns(result: api.RankResult): RankColumn[] {
  const kind = result.scoreKind;
  const label = scoreLabel(kind);
  const library = result.candidates.some((c) => c.source);
  const cols: RankColumn[] = [
    { key: 'rank', label: 'rank', title: combinedRanks(result) ? 'rank by the combined score' : `rank by ${label}`, text: (c) => String(c.rank), sort: (c) => c.rank },
    {
      key: 'id',
      label: 'candidate',
      title: `${library ? 'library entry id, ' : ''}file name (uploads) or folder in the pool; Materials Project ids link to the material's page`,
      text: (c) => c.id,
      sort: (c) => c.id,
      href: materialsProjectUrl,
      cellTitle: (c) => c.file,
      nowrap: true,
    },
  ];
  if (result.candidates.some((c) => nameOf(c))) cols.push({ key: 'name', label: 'name', title: 'mineral or material name (library entries)', text: nameOf, sort: (c) => nameOf(c) || '~' });
  cols.push(
    { key: 'formula', label: 'formula', title: 'reduced formula', text: (c) => c.formula, sort: (c) => c.formula },
    { key: 'chemistry', label: 'chemistry', title: 'absorber oxidation state (bond valence) and coordination', text: (c) => c.chemistry?.summary ?? '—', sort: (c) => c.chemistry?.summary ?? '~' },
    {
      key: 'score',
      label: `${label} ± σ`,
      title: `the ranking score: ${result.combination}; σ from the predictor's uncertainty (— where not computed: beyond the best 50)`,
      text: (c) => `${num(c.score)} ± ${num(c.scoreSigma)}`,
      sort: (c) => finite(c.score),
      nowrap: true,
    },
  );
  if (kind !== 'rFactor') cols.push({ key: 'rFactor', label: 'R-factor', title: 'R = Σ(y − a·ŷ)²/Σy² with the fitted scale a (lower is better); shown beside the ranking score, it does not rank', text: (c) => num(c.rFactor), sort: (c) => finite(c.rFactor) });
  if (combinedRanks(result)) cols.push({ key: 'combined', label: 'combined', title: result.combination, text: (c) => num(c.combined), sort: (c) => finite(c.combined) });
  if (rdfRanks(result)) cols.push({ key: 'rdfChi2', label: 'RDF χ²', title: 'χ² of the candidate G2 against the pseudo-RDF', text: (c) => num(c.rdfChi2), sort: (c) => finite(c.rdfChi2) });
  if (edgeRanks(result)) {
    cols.push({
      key: 'valencePenalty',
      label: 'edge penalty',
      title: "½((E½ − a − b·BVS)/σ)²: how far the measured edge position is from the one this candidate's bond-valence state predicts (0 = agrees; — = no BVS, or first-shell ligands other than O: counted as ½, what a right valence scores on average)",
      text: (c) => num(c.valencePenalty),
      sort: (c) => finite(c.valencePenalty),
    });
  }
  cols.push({ key: 'shift', label: 'shift (eV)', title: `extra energy shift on top of the alignment (|shift| ≤ ${result.alignment.maxShiftEv} eV)`, text: (c) => num(c.shift), sort: (c) => Math.abs(c.shift) });
  if (!sharedBroadening(result)) {
    cols.push({ key: 'broadening', label: 'broadening (eV)', title: 'fitted broadening: Lorentzian Γ(E) = Γ0 + Γ1·(E − E0), then a Gaussian (G, FWHM)', text: (c) => broadeningShort(c.broadening), sort: (c) => c.broadening.gamma0Ev + 100 * c.broadening.gamma1 + c.broadening.gaussianFwhmEv, nowrap: true });
  }
  if (library) {
    cols.push({
      key: 'source',
      label: 'source',
      title: "where a library entry's structure came from (database and id); the licence in the cell's tooltip",
      text: (c) => (c.source ? `${c.source.database}${c.source.databaseId && !c.id.endsWith(c.source.databaseId) ? ` ${c.source.databaseId}` : ''}` : '—'),
      sort: (c) => c.source?.database ?? '~',
      cellTitle: (c) => (c.source ? `${c.source.file} · licence: ${c.source.licence}` : undefined),
      nowrap: true,
    });
  }
  cols.push({ key: 'overlapsBest', label: '≈ best', title: 'not distinguishable within σ from rank 1, the best of the final order (after every vote that ranks)', text: (c) => (c.overlapsBest ? '≈' : ''), sort: (c) => (c.overlapsBest ? 0 : 1) });
  return cols;
}

/** Header of the ranking CSV (as the server's). */
export const RANKING_CSV_HEADER: readonly string[] = Object.freeze(['rank', 'id', 'file', 'formula', 'elements', 'scoreKind', 'score', 'scoreSigma', 'rFactor', 'pearson', 'cosine', 'spearman', 'derivativePearson', 'shiftEv', 'broadening', 'scale', 'chemistry', 'meanBvs', 'rdfChi2', 'valencePenalty', 'combined', 'overlapsBest']);

/** The CSV rows of a ranking (every candidate, in rank order), matching {@link RANKING_CSV_HEADER}. */
export function rankingCsvRows(result: api.RankResult): (string | number | null)[][] {
  return result.candidates.map((c) => [
    c.rank, c.id, c.file, c.formula, c.elements.join(' '), result.scoreKind, c.score, c.scoreSigma, c.rFactor, c.pearson, c.cosine, c.spearman, c.derivativePearson,
    c.shift, broadeningText(c.broadening), c.scale, c.chemistry?.summary ?? null, c.chemistry?.meanBvs ?? null, c.rdfChi2, c.valencePenalty ?? null, c.combined, String(c.overlapsBest),
  ]);
}
