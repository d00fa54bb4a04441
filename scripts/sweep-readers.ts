/**
 * Try every file of `experimental/manifest.csv` with `readSpectrum` and print, per manifest format,
 * how many were read and how many were rejected (with the reasons). Any error that is not a
 * `ParseError` is listed as a crash.
 *
 *   npx tsx scripts/sweep-readers.ts [--data DIR] [--verbose]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../src/errors.ts';
import { defaultDataDir } from '../src/paths.ts';
import { readSpectrum } from '../src/io/index.ts';
import { csvFields } from '../lab/benchmark/load.ts';

export interface ManifestRow {
  file: string;
  format: string;
  element: string;
  edge: string;
  sample: string;
  npts: string;
}

/** Rows of the manifest (quoted CSV fields allowed). */
export function readManifest(dataDir: string): ManifestRow[] {
  const text = readFileSync(join(dataDir, 'experimental', 'manifest.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = csvFields(lines[0]!);
  return lines.slice(1).map((l) => {
    const cells = csvFields(l);
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row as unknown as ManifestRow;
  });
}

export interface SweepResult {
  row: ManifestRow;
  status: 'read' | 'rejected' | 'crashed';
  reason?: string;
  element?: string;
  points?: number;
}

/** Read every manifest file. */
export function sweep(dataDir: string): SweepResult[] {
  return readManifest(dataDir).map((row) => {
    const path = join(dataDir, 'experimental', row.file);
    try {
      const s = readSpectrum(path);
      return { row, status: 'read', element: s.meta.element, points: s.energyEv.length };
    } catch (err) {
      if (err instanceof ParseError) return { row, status: 'rejected', reason: err.problem };
      return { row, status: 'crashed', reason: String((err as Error)?.stack ?? err) };
    }
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const di = args.indexOf('--data');
  const dataDir = di >= 0 ? args[di + 1]! : defaultDataDir();
  const verbose = args.includes('--verbose');
  const results = sweep(dataDir);
  const formats = [...new Set(results.map((r) => r.row.format))];
  for (const f of formats) {
    const rs = results.filter((r) => r.row.format === f);
    const read = rs.filter((r) => r.status === 'read').length;
    const rejected = rs.filter((r) => r.status === 'rejected');
    const crashed = rs.filter((r) => r.status === 'crashed');
    console.log(`${f}: ${rs.length} files, ${read} read, ${rejected.length} rejected, ${crashed.length} crashed`);
    const reasons = new Map<string, string[]>();
    for (const r of [...rejected, ...crashed]) {
      const key = (r.status === 'crashed' ? 'CRASH ' : '') + (r.reason ?? '').replace(/[\d.]+/g, 'N').slice(0, 110);
      reasons.set(key, [...(reasons.get(key) ?? []), r.row.file]);
    }
    for (const [reason, files] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`  ${files.length} × ${reason}`);
      if (verbose) for (const file of files) console.log(`      ${file}`);
    }
    const mismatch = rs.filter((r) => r.status === 'read' && r.row.element && r.element && r.row.element !== r.element);
    if (mismatch.length) console.log(`  element mismatches: ${mismatch.map((r) => `${r.row.file} (${r.row.element} vs ${r.element})`).join(', ')}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
