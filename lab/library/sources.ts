/**
 * Where a library entry comes from: database, id, display name and licence, from the folder a
 * structure file sits in (the shared data's AMCSD, COD/AMCSD Fe standards, Materials Project
 * POSCARs, the project's own reference phases, and the few loose test structures).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Source of one structure file. */
export interface EntrySource {
  id: string;
  name: string;
  database: string;
  databaseId: string | null;
  licence: string;
}

/** Licence and attribution per database, as the library records them. */
export const SOURCE_LICENCES: Readonly<Record<string, { licence: string; attribution: string }>> = Object.freeze({
  AMCSD: { licence: 'AMCSD: free for scientific use with attribution', attribution: 'American Mineralogist Crystal Structure Database (Downs & Hall-Wallace 2003); cite the original article of each entry' },
  COD: { licence: 'COD: public domain (CC0)', attribution: 'Crystallography Open Database (Gražulis et al. 2012)' },
  'Materials Project': { licence: 'CC-BY-4.0', attribution: 'Materials Project (Jain et al. 2013), structures as distributed with the OmniXAS Cu K data set' },
  xasinv: { licence: 'MIT (the project’s own data; numbers from the cited papers)', attribution: 'xasinv data/structures/reference-phases (see its PROVENANCE.md)' },
  other: { licence: 'see ../shared/data/licenses for the source repository', attribution: 'test structures of public repositories (pymatgen, larixite, xraylarch, Lightshow, trixs)' },
});

const tsvCache = new Map<string, Map<string, Record<string, string>>>();

/** Rows of a CSV/TSV index keyed by its `file` column (cached). */
function indexRows(path: string, sep: string): Map<string, Record<string, string>> {
  const hit = tsvCache.get(path);
  if (hit) return hit;
  const rows = new Map<string, Record<string, string>>();
  if (existsSync(path)) {
    const [head, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    const cols = head!.split(sep);
    for (const l of lines) {
      const v = l.split(sep);
      const row = Object.fromEntries(cols.map((c, i) => [c, v[i] ?? '']));
      if (row['file']) rows.set(row['file'], row);
    }
  }
  tsvCache.set(path, rows);
  return rows;
}

const stem = (file: string) => basename(file).replace(/\.[^.]+$/, '');

/**
 * The source of a structure file, from its path (absolute) and the path relative to its root.
 * @example sourceOf('/d/structures/amcsd/cif/amcsd_0000143_Hematite.cif', 'structures/amcsd/cif/amcsd_0000143_Hematite.cif', 'Fe2O3')
 * // { id: 'amcsd-0000143', name: 'Hematite', database: 'AMCSD', databaseId: '0000143', licence: … }
 */
export function sourceOf(file: string, relative: string, formula: string): EntrySource {
  const lic = (db: string) => SOURCE_LICENCES[db]!.licence;
  const amcsd = /amcsd_(\d{7})_(.+)\.cif$/i.exec(basename(file));
  if (amcsd && relative.includes('structures/amcsd/')) {
    const row = indexRows(join(dirname(dirname(file)), 'index.csv'), ',').get(basename(file));
    return { id: `amcsd-${amcsd[1]}`, name: row?.['mineral_name'] || amcsd[2]!.replace(/_/g, ' '), database: 'AMCSD', databaseId: amcsd[1]!, licence: lic('AMCSD') };
  }
  if (relative.includes('structures/fe-standards/')) {
    const row = indexRows(join(dirname(file), 'PROVENANCE.tsv'), '\t').get(basename(file));
    const dbid = row?.['database_id'] ?? '';
    const m = /^(AMCSD|COD)\s+([0-9A-Za-z-]+)/.exec(dbid);
    const database = m ? m[1]! : 'other';
    return { id: m ? `${m[1]!.toLowerCase()}-${m[2]}` : stem(file), name: row?.['mineral_or_compound'] || stem(file).split('_')[0]!, database, databaseId: m ? m[2]! : null, licence: row?.['licence'] || lic(database) };
  }
  const mp = /((?:mp|mvc)-\d+)\/POSCAR$/.exec(file);
  if (mp) return { id: mp[1]!, name: formula, database: 'Materials Project', databaseId: mp[1]!, licence: lic('Materials Project') };
  if (relative.includes('structures/reference-phases/')) {
    const [compound, ...rest] = stem(file).split('_');
    return { id: `xasinv-${stem(file)}`, name: rest.length ? `${rest.join(' ')} ${compound}` : compound!, database: 'xasinv', databaseId: null, licence: lic('xasinv') };
  }
  const mpName = /(mp-\d+)/.exec(relative);
  return { id: stem(file), name: stem(file).replace(/_/g, ' '), database: 'other', databaseId: mpName ? mpName[1]! : null, licence: lic('other') };
}
