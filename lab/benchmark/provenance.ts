/**
 * @module lab/benchmark/provenance
 * data/measured-benchmark/PROVENANCE.md and the counts `npm run benchmark:list` prints: how the
 * catalogue was built, counts per element (spectra, compounds, dev/test), per detection mode, per
 * beamline and per collection, what was excluded and why, and how the split is frozen.
 */
import type { Catalogue, Excluded, Split } from './schema.ts';

/** Counts of the catalogue, by key. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** One row per element: spectra, compounds, and the dev/test counts of each. */
export interface ElementRow {
  element: string;
  edges: string;
  spectra: number;
  compounds: number;
  devCompounds: number;
  testCompounds: number;
  devSpectra: number;
  testSpectra: number;
}

const ELEMENT_ORDER = ['Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn'];

/** Per-element counts, the 3d elements first (Ti…Zn), then the others alphabetically. */
export function elementRows(cat: Catalogue, split: Split | null): ElementRow[] {
  const dev = new Set(split?.dev ?? []);
  const test = new Set(split?.test ?? []);
  const els = [...new Set(cat.entries.map((e) => e.element))].sort((a, b) => {
    const ia = ELEMENT_ORDER.indexOf(a);
    const ib = ELEMENT_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : 1);
  });
  return els.map((el) => {
    const es = cat.entries.filter((e) => e.element === el);
    const comps = [...new Set(es.map((e) => e.compound))];
    return {
      element: el,
      edges: [...new Set(es.map((e) => e.edge))].sort().join(', '),
      spectra: es.length,
      compounds: comps.length,
      devCompounds: comps.filter((c) => dev.has(c)).length,
      testCompounds: comps.filter((c) => test.has(c)).length,
      devSpectra: es.filter((e) => dev.has(e.compound)).length,
      testSpectra: es.filter((e) => test.has(e.compound)).length,
    };
  });
}

/** The element table as Markdown (also printed by benchmark:list); the last row counts each compound once. */
export function elementTable(rows: readonly ElementRow[], cat: Catalogue, split: Split | null): string[] {
  const lines = ['| element | edge | spectra | compounds | dev compounds (spectra) | test compounds (spectra) |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.element} | ${r.edges} | ${r.spectra} | ${r.compounds} | ${r.devCompounds} (${r.devSpectra}) | ${r.testCompounds} (${r.testSpectra}) |`);
  const comps = [...new Set(cat.entries.map((e) => e.compound))];
  const dev = new Set(split?.dev ?? []);
  const test = new Set(split?.test ?? []);
  lines.push(
    `| **all** | | **${cat.entries.length}** | **${comps.length}** | ${comps.filter((c) => dev.has(c)).length} (${cat.entries.filter((e) => dev.has(e.compound)).length}) | ${comps.filter((c) => test.has(c)).length} (${cat.entries.filter((e) => test.has(e.compound)).length}) |`,
    '',
    'A compound measured at two absorbers (ZnSe, CdS, pyrite, sphalerite, galena, anglesite) counts in both element rows and once in the last row.',
  );
  return lines;
}

/** The text of PROVENANCE.md. */
export function benchmarkProvenance(cat: Catalogue, excluded: Excluded, split: Split): string {
  const compounds = [...new Set(cat.entries.map((e) => e.compound))];
  const structureKinds = countBy(
    compounds.map((c) => cat.entries.find((e) => e.compound === c)!),
    (e) => (e.structures.some((s) => s.root === 'repo') ? 'a reference phase written here (data/structures)' : e.structures.every((s) => s.kind === 'dft') ? 'DFT stand-ins only (Materials Project)' : e.structures.some((s) => s.kind === 'cluster') ? 'xyz cluster (pyFitIt)' : 'shared-data CIF(s)'),
  );
  const exclByCat = countBy(excluded.spectra, (e) => e.category);
  const exclByEl = countBy(excluded.spectra, (e) => e.element ?? '(not read)');
  const table = (rows: [string, number][], head: string): string[] => [`| ${head} | spectra |`, '|---|---|', ...rows.map(([k, n]) => `| ${k} | ${n} |`)];
  return [
    '# Measured benchmark: provenance',
    '',
    `Built by \`npm run benchmark:build\` (lab/benchmark/build.ts) from the shared data folder (\`../shared/data\`, or \`--data\`). Nothing here is a copy of shared data: the catalogue points at the files.`,
    '',
    '## How the catalogue is built',
    '',
    '1. **Inventory** (lab/benchmark/inventory.ts): every file under `experimental/`, every group of every Athena project (read with src/io `listGroups`), every row of `maml-rfxas/experiment.csv` — one candidate each.',
    '2. **Rules** (lab/benchmark/sources.ts, first match wins): each candidate is a catalogue entry of a compound (lab/benchmark/compounds.ts), an exclusion with its reason, or "not a measured spectrum" (theory, χ(k), structures, metadata). The build fails when a candidate matches no rule or a rule matches nothing, so a new file in the shared data is never silently dropped or included.',
    '3. **Reading**: every catalogued spectrum is read with src/io `readSpectrum` (Athena groups by index, checked against the label; maml CSV rows as two columns). Element and edge come from the header when it states them (an Athena record\'s element is checked against the energies), else from the rule; beamline, detection mode and temperature from the header (XDI fields, the ALS `#%Beamline/#%Det/#%Temp` lines, larch `.xmu` `#%beam/#%det/#%temp` lines, an Athena record computing ln(I0/It)), else from the rule with its evidence (Demeter `standards.ini`, file names), else `unknown`. Each entry\'s `notes` say where a fact came from.',
    '4. **Structures**: every structure file of every compound is parsed with src/structure and must hold the absorber (compounds whose only structures lose the absorber on mixed sites — augite, Fo40/Fo80 olivine, pentlandite Fe K — are excluded with that reason).',
    '5. **Duplicates**: a spectrum on the same energy grid as one already catalogued whose edge-step-normalised μ (src/spectrum `normalize`) agrees within 1e-4 from E0 − 30 to E0 + 100 eV is the same measurement (a copy, or a re-processing of one scan) and is excluded as a duplicate, keeping the original collection\'s copy (xaslib, then ALS, larch files, Demeter, pyFitIt, Athena projects, maml). Copies differ by < 1e-5, replicate scans of one sample by > 2e-3, so replicate scans stay.',
    '6. **Sanity**: an E0 (maximum of dμ/dE) more than 25 eV from the tabulated edge gets a note (the xaslib SrO and SrSO4 files read ≈ 34–38 eV high: their energy scale is offset).',
    '',
    '`replicateGroup` = compound | absorber-edge | collection | beamline | mode | temperature: scans of one sample under one set of conditions.',
    '',
    `## Counts (${cat.entries.length} spectra, ${compounds.length} compounds)`,
    '',
    ...elementTable(elementRows(cat, split), cat, split),
    '',
    '### By detection mode',
    '',
    ...table(countBy(cat.entries, (e) => e.mode), 'mode'),
    '',
    '### By beamline',
    '',
    ...table(countBy(cat.entries, (e) => e.beamline), 'beamline'),
    '',
    '### By collection',
    '',
    ...table(countBy(cat.entries, (e) => e.source), 'collection'),
    '',
    '### Structures of the compounds',
    '',
    '| structures | compounds |',
    '|---|---|',
    ...structureKinds.map(([k, n]) => `| ${k} | ${n} |`),
    '',
    'Reference phases written for this benchmark: data/structures/reference-phases (PROVENANCE.md there). DFT stand-ins and idealised structures are named in each entry\'s `structures[].note` and `notes`.',
    '',
    `## Excluded (${excluded.spectra.length} spectra; excluded.json lists each with its reason) and not spectra (${excluded.notSpectra.length} files)`,
    '',
    ...table(exclByCat, 'reason'),
    '',
    '| absorber (as the file says) | excluded spectra |',
    '|---|---|',
    ...exclByEl.map(([k, n]) => `| ${k} | ${n} |`),
    '',
    '## The dev/test split (split.json, frozen)',
    '',
    `Version ${split.version}, seed ${split.seed}: ${split.dev.length} dev compounds, ${split.test.length} test compounds; sha256 of the sorted test list \`${split.testSha256}\`.`,
    '',
    `Procedure: ${split.procedure}`,
    '',
    'Every choice (score, bound, threshold, calibration) is made on the dev half; the test half is only reported. test/benchmark/split.test.ts fails when split.json or its hash changes, and when a catalogue compound is in neither half.',
    '',
    '**Adding compounds later**: they go to the next frozen version, never silently into test: run `npm run benchmark:build -- --next-split`, which keeps every existing compound in its half, assigns only the new ones (same procedure, seed + version) and raises the version; then update the expected hash in test/benchmark/split.test.ts in the same commit, so the change is visible in review.',
    '',
  ].join('\n');
}
