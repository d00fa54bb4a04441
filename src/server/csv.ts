/**
 * @module server/csv
 * CSV export of tabular results: the rows of a result's first array of objects (`candidates`,
 * `results`, …), scalar fields only, in first-seen key order; RFC 4180 quoting.
 */

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

/**
 * CSV text of the scalar fields of a result's rows (nested objects one level deep become `a.b`).
 * @example toCsv({ candidates: [{ name: 'a', score: 0.5 }] }) // 'name,score\r\na,0.5\r\n'
 */
export function toCsv(result: unknown): string {
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
