/**
 * Build a candidate library (src/library/format.ts) for one absorber from folders of structure
 * files: every file holding the absorber becomes an entry with its inequivalent sites' structural
 * descriptors, the forward model's averaged prediction, the wACSF G2 for the RDF vote, the
 * bond-valence chemistry, and its source and licence. Files read the same bytes as an earlier one
 * are skipped; unreadable files and structures the descriptor cannot take are listed with the reason.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XasinvError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/io/index.ts';
import { closeForwardModel, descriptorParamsOf, loadForwardModel, predictDescriptorBatch, structuralDescriptor, validGridIndices } from '../../src/forward/index.ts';
import { LIBRARY_FILES, LIBRARY_FORMAT_VERSION, packHalf, type LibraryEntry, type LibraryMeta } from '../../src/library/index.ts';
import { readBatchRecords, type OkRecord } from '../../src/feff/index.ts';
import { candidateChemistry, candidateG2, FEFF_RECORDS_DEFAULTS, feffRecordsOnGrid, forwardPredictorId } from '../../src/screen/index.ts';
import { expandCandidates, formulaOf, inequivalentSites, parseStructure, WACSF_DEFAULTS, type Structure, type WacsfG2Options } from '../../src/structure/index.ts';
import { SOURCE_LICENCES, sourceOf } from './sources.ts';

/** Options of {@link buildLibrary}. */
export interface BuildLibraryOptions {
  absorber: string;
  /** false: ship no stored predictions (each ranking predicts from the descriptors; the Cu library's predictions are 11 MB). */
  storePredictions?: boolean;
  /**
   * Store the site descriptors (half precision) even when predictions are stored. Default: only
   * when no predictions are (then each ranking predicts from them). Without them, another forward
   * model needs the library rebuilt (the Cu descriptors are 11 MB).
   */
  storeDescriptors?: boolean;
  /** 'f16': store the predictions in half precision (`predictions.f16.gz`, about half the size). */
  predictionsPrecision?: 'f32' | 'f16';
  /** Structure files or folders (searched recursively). */
  paths: readonly string[];
  /** Sources are recorded relative to this folder when inside it (the shared data), else to `repoRoot`. */
  dataDir: string;
  repoRoot: string;
  forwardModelDir: string;
  /** G2 parameters of the RDF vote (the inverse models' own, WACSF_DEFAULTS with η 48.02 today). */
  g2?: WacsfG2Options & { zWeight: number };
  outDir: string;
  /** The command line that rebuilds the library (recorded). */
  command: string;
  provenance: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
  /**
   * Store the project's own FEFF10 spectra instead of forward predictions: only structures whose
   * every inequivalent absorber site has an `ok` record in these batch files (src/feff) become
   * entries; the others are left out with how many of their sites are computed. The forward model
   * then only lends its descriptor (kept for when a forward model covers the absorber).
   */
  feffRecords?: readonly string[];
}

/** The G2 parameters every shipped inverse model uses (models/inverse/*\/manifest.json → g2). */
export const LIBRARY_G2 = Object.freeze({ ...WACSF_DEFAULTS, eta: 48.019999999999996, zWeight: 0.1 });

/** The RDF vote's cache key for G2 parameters (screen/rdf-vote.ts writes the same). */
export function g2KeyOf(g: { n: number; rMinAngstrom: number; rMaxAngstrom: number; cutoffAngstrom: number; eta: number; zWeight: number }): string {
  return `g2:${g.n}:${g.rMinAngstrom}:${g.rMaxAngstrom}:${g.cutoffAngstrom}:${g.eta}:${g.zWeight}`;
}

function pathOf(file: string, dataDir: string, repoRoot: string): string {
  for (const root of [dataDir, repoRoot]) {
    const rel = relative(resolve(root), resolve(file));
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  }
  return file;
}

/** The parts one after the other as float32. */
const concat = (parts: readonly ArrayLike<number>[]): Float32Array => {
  const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
};
const gz = (parts: readonly ArrayLike<number>[]): Buffer => gzipSync(Buffer.from(concat(parts).buffer), { level: 9 });

/**
 * Build and write the library; returns its metadata.
 * @example await buildLibrary({ absorber: 'Zn', paths: ['../shared/data/structures'], … })
 */
export async function buildLibrary(o: BuildLibraryOptions): Promise<LibraryMeta> {
  const model = await loadForwardModel(o.forwardModelDir);
  try {
    const m = model.manifest;
    const feff = o.feffRecords ? feffSpectra(o.feffRecords, o.absorber) : null;
    if (!feff && !m.elements.includes(o.absorber)) throw new XasinvError('UNSUPPORTED_ABSORBER', `the forward model ${m.id} ${m.version} covers ${m.elements.join(', ')}, not ${o.absorber}`);
    const params = descriptorParamsOf(m);
    const g2 = o.g2 ?? LIBRARY_G2;
    const { files, rejected } = expandCandidates(o.paths);
    const leftOut = rejected.map((r) => ({ file: pathOf(r.file, o.dataDir, o.repoRoot), reason: r.reason }));
    const seen = new Map<string, string>();
    const entries: LibraryEntry[] = [];
    const descriptors: Float32Array[] = [];
    const g2Rows: Float32Array[] = [];
    const feffRows: Float64Array[] = [];
    const ids = new Set<string>();
    let done = 0;
    for (const file of files) {
      o.onProgress?.(done++, files.length);
      const rel = pathOf(file, o.dataDir, o.repoRoot);
      const bytes = readFileSync(file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (seen.has(sha256)) continue; // byte-identical copy of an earlier file
      seen.set(sha256, rel);
      let structure: Structure;
      try {
        structure = parseStructure(bytes.toString('utf8'), { name: rel });
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        leftOut.push({ file: rel, reason: `unreadable: ${err.message}` });
        continue;
      }
      if (!structure.species.includes(o.absorber)) continue;
      try {
        const groups = inequivalentSites(structure, o.absorber);
        let feffMu: Float64Array | null = null;
        if (feff) {
          const bySite = feff.bySha.get(sha256);
          const have = groups.filter((g) => bySite?.has(g.index)).length;
          if (have < groups.length) {
            leftOut.push({ file: rel, reason: `no FEFF spectrum yet: ${have} of ${groups.length} ${o.absorber} sites computed` });
            continue;
          }
          const total = groups.reduce((a, g) => a + g.multiplicity, 0);
          feffMu = new Float64Array(feff.gridRelEv.length);
          for (const g of groups) {
            const y = bySite!.get(g.index)!;
            for (let k = 0; k < y.length; k++) feffMu[k] += (g.multiplicity / total) * y[k]!;
          }
        }
        const sites = groups.map((g) => ({ index: g.index, multiplicity: g.multiplicity, ...(structure.labels?.[g.index] ? { label: structure.labels[g.index]! } : {}) }));
        const desc = groups.map((g) => Float32Array.from(structuralDescriptor(structure, g.index, params)));
        const formula = formulaOf(structure).reducedFormula;
        const src = sourceOf(file, rel, formula);
        let id = src.id;
        for (let k = 2; ids.has(id); k++) id = `${src.id}~${k}`;
        ids.add(id);
        const chemistry = candidateChemistry(structure, o.absorber, sites);
        entries.push({
          id,
          formula,
          name: src.name,
          source: { database: src.database, databaseId: src.databaseId, file: rel, sha256 },
          licence: src.licence,
          elements: [...new Set(structure.species)].sort(),
          sites,
          chemistry,
          warnings: [...(structure.warnings ?? [])],
        });
        descriptors.push(...desc);
        if (feffMu) feffRows.push(feffMu);
        g2Rows.push(Float32Array.from(candidateG2(structure, sites, g2)));
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        leftOut.push({ file: rel, reason: err.message });
      }
    }
    o.onProgress?.(files.length, files.length);
    if (entries.length === 0) {
      const why = feff ? `no structure has every ${o.absorber} site computed by FEFF yet` : `no readable structure holds ${o.absorber}`;
      throw new XasinvError('EMPTY_LIBRARY', `${o.absorber}: ${why} (${files.length} files read, ${leftOut.length} left out): no library written`);
    }
    let rows: Float32Array[];
    let predictionsMeta: LibraryMeta['predictions'];
    if (feff) {
      // FEFF spectra have no σ: zeros, so the layout stays μ then σ per entry.
      rows = feffRows.flatMap((mu) => [Float32Array.from(mu), new Float32Array(mu.length)]);
      const digest = createHash('sha256').update(Buffer.from(concat(rows).buffer)).digest('hex').slice(0, 12);
      predictionsMeta = {
        predictorId: `feff-library:${o.absorber}@${digest}`,
        model: { id: `feff10-${feff.preset}`, version: `${feff.sites} sites, offset ${feff.offsetEv} eV` },
        gridLength: feff.gridRelEv.length,
        spectra: 'feff',
        grid: { startEv: feff.gridRelEv[0]!, stepEv: FEFF_RECORDS_DEFAULTS.stepEv },
        feff: { records: o.feffRecords!.map((f) => pathOf(f, o.dataDir, o.repoRoot)), preset: feff.preset, cardsSha256: feff.cardsSha256, offsetEv: feff.offsetEv, sites: feff.sites },
      };
    } else {
      // Predicted from the full-precision descriptors (the stored ones are half precision).
      const predictions = await predictDescriptorBatch(model, concat(descriptors), entries.map((e) => e.sites.map((s) => s.multiplicity)), o.absorber);
      // As the forward predictor hands them to screening: cut to the valid range, held at the end values outside.
      const { from, to } = validGridIndices(m, o.absorber);
      const pad = (v: Float64Array): Float32Array => Float32Array.from({ length: v.length }, (_, k) => v[Math.min(Math.max(k, from), to - 1)]!);
      rows = predictions.flatMap((p) => [pad(p.mu), pad(p.sigma)]);
      predictionsMeta =
        o.storePredictions !== false
          ? { predictorId: forwardPredictorId(m), model: { id: m.id, version: m.version }, gridLength: m.grid.n, ...(o.predictionsPrecision === 'f16' ? { precision: 'f16' as const } : {}) }
          : null;
    }
    const storeDescriptors = o.storeDescriptors ?? predictionsMeta === null;
    const counts: Record<string, number> = {};
    for (const e of entries) counts[e.source.database] = (counts[e.source.database] ?? 0) + 1;
    const meta: LibraryMeta = {
      format: LIBRARY_FORMAT_VERSION,
      absorber: o.absorber,
      built: new Date().toISOString(),
      command: o.command,
      provenance: o.provenance,
      descriptor: { params: { ...params } as Record<string, unknown>, length: descriptors[0]?.length ?? 1, ...(storeDescriptors ? {} : { stored: false }) },
      predictions: predictionsMeta,
      g2: { key: g2KeyOf({ ...g2, n: g2.n ?? WACSF_DEFAULTS.n, rMinAngstrom: g2.rMinAngstrom ?? WACSF_DEFAULTS.rMinAngstrom, rMaxAngstrom: g2.rMaxAngstrom ?? WACSF_DEFAULTS.rMaxAngstrom, cutoffAngstrom: g2.cutoffAngstrom ?? WACSF_DEFAULTS.cutoffAngstrom, eta: g2.eta! }), n: g2.n ?? WACSF_DEFAULTS.n },
      sources: Object.fromEntries(Object.entries(counts).map(([db, count]) => [db, { ...SOURCE_LICENCES[db]!, count }])),
      leftOut,
      entries,
    };
    const dir = join(o.outDir, o.absorber);
    // The library's own files go; a calibration fitted for it (experiment-calibration.json) stays
    // (it names the predictor it was fitted for, so a rebuilt library is not aligned with a stale one).
    for (const f of Object.values(LIBRARY_FILES)) rmSync(join(dir, f), { force: true });
    mkdirSync(dir, { recursive: true });
    if (storeDescriptors) writeFileAtomic(join(dir, LIBRARY_FILES.descriptors), gzipSync(packHalf(concat(descriptors)), { level: 9 }));
    if (meta.predictions?.precision === 'f16') writeFileAtomic(join(dir, LIBRARY_FILES.predictionsHalf), gzipSync(packHalf(concat(rows)), { level: 9 }));
    else if (meta.predictions) writeFileAtomic(join(dir, LIBRARY_FILES.predictions), gz(rows));
    writeFileAtomic(join(dir, LIBRARY_FILES.g2), gz(g2Rows));
    writeFileAtomic(join(dir, LIBRARY_FILES.metaGz), gzipSync(`${JSON.stringify(meta, null, 1)}\n`, { level: 9 }));
    return meta;
  } finally {
    await closeForwardModel(model);
  }
}

/**
 * The ok records of FEFF batch files for `absorber`, on one grid, by structure hash and site.
 * @throws XasinvError when a file is missing, holds no spectrum of the absorber, or mixes card sets.
 */
function feffSpectra(files: readonly string[], absorber: string) {
  const records: OkRecord[] = [];
  for (const f of files) {
    if (!existsSync(f)) throw new XasinvError('NOT_FOUND', `${f}: FEFF records file not found`);
    for (const r of readBatchRecords(f, { repair: false }).records) if (r.status === 'ok' && r.absorber === absorber) records.push(r);
  }
  if (records.length === 0) throw new XasinvError('EMPTY_LIBRARY', `no computed ${absorber} FEFF spectrum in ${files.join(', ')}`);
  const cards = [...new Set(records.map((r) => r.cardsSha256))];
  if (cards.length !== 1) throw new XasinvError('MIXED_CARDS', `the ${absorber} FEFF records mix ${cards.length} card sets (${[...new Set(records.map((r) => r.preset))].join(', ')}): one library holds spectra of one card set`);
  const { gridRelEv, offsetEv, spectra } = feffRecordsOnGrid(records);
  const bySha = new Map<string, Map<number, Float64Array>>();
  for (const r of records) {
    const m = bySha.get(r.structureSha256) ?? new Map<number, Float64Array>();
    m.set(r.site, spectra.get(r)!);
    bySha.set(r.structureSha256, m);
  }
  return { gridRelEv, offsetEv, bySha, preset: records[0]!.preset, cardsSha256: cards[0]!, sites: records.length };
}
