/**
 * @module server/csv
 * CSV export of tabular results. A ranking (`candidates` + `scoreKind`) has its own columns, one row
 * per candidate: what ranks (score ± σ) and the other scores beside it, the fitted shift and
 * broadening, the chemistry readout and the element set. Any other result: the rows of its first
 * array of objects, scalar fields only, in first-seen key order. RFC 4180 quoting.
 */
import { describeBroadening, type Broadening } from '../screen/index.ts';

/** The rows of a result: the array itself, or its first property holding an array of objects. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  if (typeof result === 'object' && result !== null) {
    for (const v of Object.values(result)) if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null) return rowsOf(v);
  }
  return [];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(8))) : '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The candidate fields a ranking row reads (the `xasinv rank --json` shape). */
interface RankedRow {
  rank?: number;
  id?: string;
  file?: string;
  formula?: string;
  elements?: string[];
  score?: number;
  scoreSigma?: number | null;
  rFactor?: number;
  pearson?: number;
  cosine?: number;
  spearman?: number;
  derivativePearson?: number;
  shift?: number;
  broadening?: Broadening;
  scale?: number;
  chemistry?: { summary?: string; meanBvs?: number | null } | null;
  rdfChi2?: number | null;
  valencePenalty?: number | null;
  combined?: number;
  overlapsBest?: boolean;
}

/** Columns of a ranking's CSV: header and value. */
export const RANKING_CSV_COLUMNS: readonly { header: string; value: (c: RankedRow, scoreKind: string) => unknown }[] = Object.freeze([
  { header: 'rank', value: (c) => c.rank },
  { header: 'id', value: (c) => c.id },
  { header: 'file', value: (c) => c.file },
  { header: 'formula', value: (c) => c.formula },
  { header: 'elements', value: (c) => c.elements?.join(' ') },
  { header: 'scoreKind', value: (_c, kind) => kind },
  { header: 'score', value: (c) => c.score },
  { header: 'scoreSigma', value: (c) => c.scoreSigma },
  { header: 'rFactor', value: (c) => c.rFactor },
  { header: 'pearson', value: (c) => c.pearson },
  { header: 'cosine', value: (c) => c.cosine },
  { header: 'spearman', value: (c) => c.spearman },
  { header: 'derivativePearson', value: (c) => c.derivativePearson },
  { header: 'shiftEv', value: (c) => c.shift },
  { header: 'broadening', value: (c) => (c.broadening ? describeBroadening(c.broadening) : undefined) },
  { header: 'scale', value: (c) => c.scale },
  { header: 'chemistry', value: (c) => c.chemistry?.summary },
  { header: 'meanBvs', value: (c) => c.chemistry?.meanBvs },
  { header: 'rdfChi2', value: (c) => c.rdfChi2 },
  { header: 'valencePenalty', value: (c) => c.valencePenalty },
  { header: 'combined', value: (c) => c.combined },
  { header: 'overlapsBest', value: (c) => c.overlapsBest },
]);

/** A ranking result: candidates and the score they are ranked by. */
function isRanking(result: unknown): result is { scoreKind: string; candidates: RankedRow[] } {
  const r = result as { scoreKind?: unknown; candidates?: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.scoreKind === 'string' && Array.isArray(r.candidates);
}

/**
 * CSV text of a result: a ranking with {@link RANKING_CSV_COLUMNS}, anything else with the scalar
 * fields of its rows (nested objects one level deep become `a.b`).
 * @example toCsv({ candidates: [{ name: 'a', score: 0.5 }] }) // 'name,score\r\na,0.5\r\n'
 */
export function toCsv(result: unknown): string {
  if (isRanking(result)) {
    const lines = [RANKING_CSV_COLUMNS.map((c) => cell(c.header)).join(',')];
    for (const r of result.candidates) lines.push(RANKING_CSV_COLUMNS.map((c) => cell(c.value(r, result.scoreKind))).join(','));
    return lines.join('\r\n') + '\r\n';
  }
  const rows = rowsOf(result).map(flatten);
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const lines = [keys.map(cell).join(',')];
  for (const r of rows) lines.push(keys.map((k) => cell(r[k])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function flatten(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
    else if (typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 === null || ['string', 'number', 'boolean'].includes(typeof v2)) out[`${k}.${k2}`] = v2;
    }
  }
  return out;
}
