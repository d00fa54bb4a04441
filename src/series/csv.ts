/**
 * @module series/csv
 * CSV of a series: one line per spectrum with its axis value, E0, edge step, first shell ± σ,
 * verdict, flag, error, then the pseudo-RDF as columns `g2_<r>` (Å, 2 decimals) and their σ as
 * `sigma_<r>`. RFC 4180 quoting, numbers at 8 significant digits.
 */
import type { SeriesResult } from './run-series.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(8))) : '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The CSV text of a series result.
 * @example seriesCsv(result).split('\r\n')[0] // 'index,label,source,group,temperature_K,e0_eV,…,g2_1.00,…'
 */
export function seriesCsv(result: SeriesResult): string {
  const axisCol = result.axis.kind === 'index' ? null : `${result.axis.kind}_${result.axis.unit}`;
  const rs = result.r.map((r) => r.toFixed(2));
  const header = ['index', 'label', 'source', 'group', ...(axisCol ? [axisCol] : []), 'e0_eV', 'edge_step', 'first_shell_A', 'first_shell_sigma_A', 'verdict', 'score', 'flagged', 'problems', 'error', ...rs.map((r) => `g2_${r}`), ...rs.map((r) => `sigma_${r}`)];
  const lines = [header.map(cell).join(',')];
  for (const row of result.rows) {
    const g2 = rs.map((_, k) => row.g2.mean[k] ?? null);
    const sigma = rs.map((_, k) => row.g2.sigma[k] ?? null);
    const values = [row.index, row.label, row.source, row.group, ...(axisCol ? [row.axis] : []), row.e0, row.edgeStep, row.firstShell.r, row.firstShell.sigma, row.verdict, row.score, row.flagged, row.problems.map((p) => p.check).join(' '), row.error ?? '', ...g2, ...sigma];
    lines.push(values.map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
