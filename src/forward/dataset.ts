/**
 * @module forward/dataset
 * All structure → spectrum pairs of the four sources as one table: descriptors x, spectra y on the
 * relative grid, and per row its id, source, absorber and split. Cu keeps the OmniXAS
 * train/val/test split and the FEFF Fe crystals their material-level split (data/fe-feff-crystals.ts);
 * for the Fe molecules, Co and S a seeded 10 % of the training rows becomes validation
 * (early stopping, model selection, σ calibration) and their test rows stay untouched. Targets are
 * NaN where a spectrum has no data on the grid (targets.ts); each row keeps its data range.
 * Spectra come from their files, or inline from the pair (fe-k-feff-crystals).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import { idUniform, inlineSpectrumHash, listPairs, type ListPairsOptions, type Pair, type PairSource, type Split } from '../data/index.ts';
import { readSpectrum, writeFileAtomic } from '../io/index.ts';
import { parseStructure, readStructure, type Structure } from '../structure/index.ts';
import { descriptorLength, siteDescriptor, type DescriptorParams } from './descriptor.ts';
import { FORWARD_SOURCES, OWN_VALIDATION_SOURCES, SOURCE_RECIPES } from './sources.ts';
import { broadenForRecipe, measureSourceOffsetEv, relativeRangeEv, spectrumOnGrid } from './targets.ts';

/** One row of the dataset. */
export interface ForwardRow {
  id: string;
  source: PairSource;
  absorber: string;
  split: Split;
  structurePath: string;
  siteIndex: number;
  materialId?: string;
  /** First and last energy of the spectrum's data on the relative axis (eV). */
  dataRangeEv: [number, number];
}

/** The whole table. */
export interface ForwardDataset {
  rows: ForwardRow[];
  /** rows × inputLength raw descriptors. */
  x: Float32Array;
  /** rows × outputLength μ on the relative grid (NaN where the row's spectrum has no data). */
  y: Float32Array;
  inputLength: number;
  outputLength: number;
  absorbers: string[];
  /** Per-source energy offsets (eV) that were applied. */
  offsetsEv: Record<string, number>;
  /** sha256 over the input files' paths inside the data folder and their sizes (forwardDataHash). */
  dataHash: string;
}

/** Fraction of the Fe/Co/S training rows moved to validation. */
export const VALIDATION_FRACTION = 0.1;

/** Seeded (FNV-1a with a salt) 10 % validation pick, stable across machines. */
export function isValidationId(id: string, fraction = VALIDATION_FRACTION): boolean {
  return idUniform(`forward-val:${id}`) < fraction;
}

/** Pairs of every source with the forward model's splits. */
export function forwardPairs(dataDir: string, sources: readonly PairSource[] = FORWARD_SOURCES, opts: ListPairsOptions = {}): Pair[] {
  const out: Pair[] = [];
  for (const source of sources) {
    for (const p of listPairs(dataDir, source, opts)) {
      out.push(p.split === 'train' && !OWN_VALIDATION_SOURCES.includes(source) && isValidationId(p.id) ? { ...p, split: 'val' } : p);
    }
  }
  return out;
}

/**
 * The data hash of a dataset's pairs (manifest training.dataHash): sha256 over one line per pair,
 * naming each file by its path inside `dataDir`, so the same data hash the same on any machine
 * wherever the data folder sits. (Models ≤ 3.0.0 first recorded a hash over absolute paths, which
 * only a checkout beside /work/shared/data reproduced; 3.0.0's manifest now records both.)
 *
 * @example
 * forwardDataHash(forwardPairs('../shared/data'), '../shared/data')
 */
export function forwardDataHash(pairs: readonly Pair[], dataDir: string): string {
  const root = resolve(dataDir);
  const hash = createHash('sha256');
  for (const p of pairs) hash.update(hashLine(p, root));
  return hash.digest('hex');
}

/**
 * The data-hash line of a pair: file paths relative to the data folder (`repo:<path>` for the
 * repository's own structure files) and sizes, and for an inline spectrum the sha256 of its numbers
 * instead of a file size.
 */
function hashLine(p: Pair, root: string): string {
  const name = (path: string) => {
    const inData = relative(root, resolve(path));
    // The project's own structure files (data/structures of the repository) are named from the repository.
    const inRepo = relative(REPO_ROOT, resolve(path));
    if (inData.startsWith('..') && !inRepo.startsWith('..') && !isAbsolute(inRepo)) return `repo:${inRepo.split(sep).join('/')}`;
    return inData.split(sep).join('/');
  };
  const spectrum = p.spectrum ? `inline:${inlineSpectrumHash(p.spectrum)}` : `${name(p.spectrumPath)}:${statSync(p.spectrumPath).size}`;
  return `${name(p.structurePath)}:${statSync(p.structurePath).size};${spectrum}\n`;
}

/**
 * Build (or load from `cacheDir`) the dataset. Offsets are measured on the training rows only
 * (unless given in `fixedOffsetsEv`).
 *
 * @example
 * const ds = buildForwardDataset('../shared/data', { gridEv, descriptor: DESCRIPTOR_DEFAULTS, absorbers: ['Co', 'Cu', 'Fe', 'S'] });
 */
export function buildForwardDataset(
  dataDir: string,
  opts: {
    gridEv: number[];
    descriptor: DescriptorParams;
    absorbers: string[];
    sources?: readonly PairSource[];
    feRecordsPath?: string;
    /** Only the first bytes of the records file (a model's snapshot). */
    feRecordsBytes?: number;
    cacheDir?: string;
    onProgress?: (msg: string) => void;
    limitPerSource?: number;
    /** Per-source offsets (eV) to apply instead of measuring them (e.g. a model's manifest); sources not listed are measured. */
    fixedOffsetsEv?: Record<string, number>;
  },
): ForwardDataset {
  const log = opts.onProgress ?? (() => {});
  let pairs = forwardPairs(dataDir, opts.sources, { ...(opts.feRecordsPath !== undefined ? { feRecordsPath: opts.feRecordsPath } : {}), ...(opts.feRecordsBytes !== undefined ? { feRecordsBytes: opts.feRecordsBytes } : {}), onSkip: (m) => log(`dataset: ${m}`) });
  if (opts.limitPerSource) {
    const kept: Pair[] = [];
    const count = new Map<string, number>();
    for (const p of pairs) {
      const key = `${p.source}/${p.split}`;
      const c = count.get(key) ?? 0;
      if (c < opts.limitPerSource) kept.push(p);
      count.set(key, c + 1);
    }
    pairs = kept;
  }
  const dataHash = forwardDataHash(pairs, dataDir);
  const key = createHash('sha256')
    .update(JSON.stringify({ dataHash, gridEv: opts.gridEv, descriptor: opts.descriptor, absorbers: opts.absorbers, v: 2, ...(opts.fixedOffsetsEv ? { fixedOffsetsEv: opts.fixedOffsetsEv } : {}) }))
    .digest('hex')
    .slice(0, 16);
  if (opts.cacheDir && existsSync(join(opts.cacheDir, `dataset-${key}.json`))) {
    log(`dataset: cached ${join(opts.cacheDir, `dataset-${key}.json`)}`);
    return readCache(opts.cacheDir, key);
  }
  const K = opts.gridEv.length;
  const F = descriptorLength(opts.descriptor, opts.absorbers);
  // 1. Spectra (broadened), then per-source offsets from the training rows.
  const t0 = performance.now();
  const spectra = pairs.map((p) => {
    const recipe = SOURCE_RECIPES[p.source];
    const s = p.spectrum ? { energyEv: Float64Array.from(p.spectrum.energyEv), mu: Float64Array.from(p.spectrum.mu) } : readSpectrum(p.spectrumPath, { format: recipe.format });
    return { energyEv: s.energyEv, mu: broadenForRecipe(s.energyEv, s.mu, recipe) };
  });
  log(`dataset: read ${spectra.length} spectra in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const offsetsEv: Record<string, number> = {};
  for (const source of new Set(pairs.map((p) => p.source))) {
    const fixed = opts.fixedOffsetsEv?.[source];
    if (fixed !== undefined) {
      offsetsEv[source] = fixed;
      continue;
    }
    const train = spectra.filter((_, i) => pairs[i]!.source === source && pairs[i]!.split === 'train');
    offsetsEv[source] = Math.round(measureSourceOffsetEv(train, SOURCE_RECIPES[source].absorber) * 1000) / 1000;
  }
  log(`dataset: per-source offsets (eV) ${JSON.stringify(offsetsEv)}`);
  // 2. Targets and descriptors.
  const x = new Float32Array(pairs.length * F);
  const y = new Float32Array(pairs.length * K);
  const structures = new Map<string, Structure>();
  const t1 = performance.now();
  pairs.forEach((p, i) => {
    const recipe = SOURCE_RECIPES[p.source];
    const sp = spectra[i]!;
    y.set(spectrumOnGrid(sp.energyEv, sp.mu, { absorber: p.absorber, offsetEv: offsetsEv[p.source]!, gridEv: opts.gridEv, recipe, name: p.spectrumPath }), i * K);
    let s = structures.get(p.structurePath);
    if (!s) {
      s = readPairStructure(p.structurePath);
      if (p.materialId) structures.set(p.structurePath, s);
    }
    x.set(siteDescriptor(s, p.siteIndex, opts.absorbers, opts.descriptor), i * F);
    if ((i + 1) % 2000 === 0) log(`dataset: featurised ${i + 1}/${pairs.length}`);
  });
  log(`dataset: featurised ${pairs.length} sites in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const rows: ForwardRow[] = pairs.map((p, i) => ({
    id: p.id,
    source: p.source,
    absorber: p.absorber,
    split: p.split,
    structurePath: p.structurePath,
    siteIndex: p.siteIndex,
    ...(p.materialId ? { materialId: p.materialId } : {}),
    dataRangeEv: relativeRangeEv(spectra[i]!.energyEv, p.absorber, offsetsEv[p.source]!).map((e) => Math.round(e * 1e4) / 1e4) as [number, number],
  }));
  const ds: ForwardDataset = { rows, x, y, inputLength: F, outputLength: K, absorbers: [...opts.absorbers], offsetsEv, dataHash };
  if (opts.cacheDir) writeCache(opts.cacheDir, key, ds);
  return ds;
}

/**
 * The rows of `ds` matching `pred` as a {@link ForwardData} (copies), with their row indices.
 *
 * @example
 * const { data, index } = selectRows(ds, (r) => r.split === 'train');
 */
export function selectRows(ds: ForwardDataset, pred: (r: ForwardRow) => boolean): { data: { x: Float32Array; y: Float32Array; n: number; inputLength: number; outputLength: number }; index: number[] } {
  const index: number[] = [];
  ds.rows.forEach((r, i) => pred(r) && index.push(i));
  const F = ds.inputLength;
  const K = ds.outputLength;
  const x = new Float32Array(index.length * F);
  const y = new Float32Array(index.length * K);
  index.forEach((r, k) => {
    x.set(ds.x.subarray(r * F, (r + 1) * F), k * F);
    y.set(ds.y.subarray(r * K, (r + 1) * K), k * K);
  });
  return { data: { x, y, n: index.length, inputLength: F, outputLength: K }, index };
}

/**
 * Read a training structure. 13 of the 110 S K (ORCA) xyz files repeat the absorbing S atom as an
 * extra line after the declared atom count (a marker of the absorber); those lines are dropped
 * (only when they duplicate atom 0 exactly) so each molecule holds its one S at site 0.
 *
 * @example
 * readPairStructure('../shared/data/pairs/s-k-orca-molecules/xyz_train/0821.xyz').species.length // 13
 */
export function readPairStructure(path: string): Structure {
  if (!path.endsWith('.xyz')) return readStructure(path);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const n = Number(lines[0]);
  const extra = lines.slice(n + 2).filter((l) => l.trim() !== '');
  if (Number.isInteger(n) && extra.length > 0 && extra.every((l) => l.trim() === lines[2]!.trim())) {
    return parseStructure(lines.slice(0, n + 2).join('\n') + '\n', { format: 'xyz', name: path });
  }
  return readStructure(path);
}

function writeCache(dir: string, key: string, ds: ForwardDataset): void {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `dataset-${key}`);
  const bytes = new Uint8Array(ds.x.byteLength + ds.y.byteLength);
  bytes.set(new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength), 0);
  bytes.set(new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength), ds.x.byteLength);
  writeFileAtomic(`${base}.bin`, bytes);
  const { x: _x, y: _y, ...header } = ds;
  writeFileAtomic(`${base}.json`, JSON.stringify(header));
}

function readCache(dir: string, key: string): ForwardDataset {
  const base = join(dir, `dataset-${key}`);
  const header = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Omit<ForwardDataset, 'x' | 'y'>;
  const buf = readFileSync(`${base}.bin`);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const nx = header.rows.length * header.inputLength;
  return { ...header, x: all.slice(0, nx), y: all.slice(nx) };
}
