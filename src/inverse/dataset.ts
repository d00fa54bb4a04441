/**
 * @module inverse/dataset
 * Builds inverse-model datasets from structure → spectrum pairs: the model input of every theory
 * spectrum (`theoryToModelInput`) and the 50-term G2 wACSF of its absorbing site as target.
 * Spectra come from their files, or inline from the pair (fe-k-feff-crystals: the FEFF batch's
 * records). Results are cached under `.cache/` keyed by the recipe and a hash of the inputs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, XasinvError } from '../errors.ts';
import { inlineSpectrumHash, type Pair } from '../data/index.ts';
import { readSpectrum, writeFileAtomic } from '../io/index.ts';
import { REPO_ROOT } from '../paths.ts';
import { readStructure, resolveG2Options, wacsfG2, type WacsfG2Options } from '../structure/index.ts';
import { theoryToModelInput, type InverseRecipe } from './model-input.ts';

/** Rows of model inputs and G2 targets, with the pair ids in row order. */
export interface InverseDataset {
  ids: string[];
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputLength: number;
  outputLength: number;
  /** Reference (half-step) energy of every spectrum, absolute eV. */
  e0Ev: Float64Array;
}

/**
 * sha256 over the names and bytes of every input file (the manifest's training data hash). A pair
 * with an inline spectrum adds its structure file (named from its `structures/` folder on) and the
 * sha256 of the spectrum's numbers instead of a spectrum file, as forwardDataHash does.
 *
 * @example hashPairs([...splits.train, ...splits.calibration, ...splits.test]) // 64 hex digits
 */
export function hashPairs(pairs: Pair[]): string {
  const h = createHash('sha256');
  for (const p of pairs) {
    if (p.spectrum) {
      const f = p.structurePath;
      const at = f.lastIndexOf('structures');
      h.update(at >= 0 ? f.slice(at) : basename(f));
      h.update(readFileSync(f));
      h.update(`inline:${inlineSpectrumHash(p.spectrum)}`);
    } else {
      for (const f of [p.structurePath, p.spectrumPath]) {
        h.update(f.slice(f.lastIndexOf('pairs')));
        h.update(readFileSync(f));
      }
    }
    h.update(String(p.siteIndex));
  }
  return h.digest('hex');
}


/** A pair's spectrum: inline, or read from its file. */
function pairSpectrum(p: Pair): { energyEv: Float64Array; mu: Float64Array } {
  return p.spectrum ? { energyEv: Float64Array.from(p.spectrum.energyEv), mu: Float64Array.from(p.spectrum.mu) } : readSpectrum(p.spectrumPath);
}

/**
 * Model inputs and G2 targets for `pairs`; pairs that cannot be processed are reported through
 * `onSkip` and left out (never silently).
 *
 * @example
 * const ds = buildInverseDataset(pairs, recipe, {}, { onProgress: (i, n) => … });
 */
export function buildInverseDataset(
  pairs: Pair[],
  recipe: InverseRecipe,
  g2Options: WacsfG2Options = {},
  hooks: { onProgress?: (done: number, total: number) => void; onSkip?: (pair: Pair, reason: string) => void; cache?: boolean } = {},
): InverseDataset {
  const L = recipe.grid.n;
  const K = resolveG2Options(g2Options).n;
  const key = createHash('sha256')
    .update(JSON.stringify({ recipe, g2: resolveG2Options(g2Options), v: 1 }))
    .update(pairs.map((p) => `${p.spectrumPath}|${p.structurePath}|${p.siteIndex}|${p.spectrum ? inlineSpectrumHash(p.spectrum) : statSync(p.spectrumPath).size}`).join('\n'))
    .digest('hex')
    .slice(0, 20);
  const cacheDir = join(REPO_ROOT, '.cache', 'inverse-datasets');
  const cachePath = join(cacheDir, `${key}.json`);
  if (hooks.cache !== false && existsSync(cachePath)) {
    const c = JSON.parse(readFileSync(cachePath, 'utf8')) as { ids: string[]; x: number[]; y: number[]; e0Ev: number[] };
    return { ids: c.ids, x: Float32Array.from(c.x), y: Float32Array.from(c.y), n: c.ids.length, inputLength: L, outputLength: K, e0Ev: Float64Array.from(c.e0Ev) };
  }
  const ids: string[] = [];
  const xs: Float32Array[] = [];
  const ys: Float64Array[] = [];
  const e0: number[] = [];
  pairs.forEach((p, i) => {
    try {
      const s = pairSpectrum(p);
      const input = theoryToModelInput(s.energyEv, s.mu, recipe);
      const structure = readStructure(p.structurePath);
      if (structure.species[p.siteIndex] !== recipe.element) throw new Error(`site ${p.siteIndex} is ${structure.species[p.siteIndex]}, not ${recipe.element}`);
      ys.push(wacsfG2(structure, p.siteIndex, g2Options));
      xs.push(input.x);
      ids.push(p.id);
      e0.push(input.e0Ev);
    } catch (err) {
      hooks.onSkip?.(p, err instanceof Error ? err.message : String(err));
    }
    if ((i + 1) % 100 === 0 || i + 1 === pairs.length) hooks.onProgress?.(i + 1, pairs.length);
  });
  if (ids.length === 0) throw new XasinvError('EMPTY_DATASET', 'no usable training pairs');
  const x = new Float32Array(ids.length * L);
  const y = new Float32Array(ids.length * K);
  xs.forEach((row, i) => x.set(row, i * L));
  ys.forEach((row, i) => y.set(row, i * K));
  const ds: InverseDataset = { ids, x, y, n: ids.length, inputLength: L, outputLength: K, e0Ev: Float64Array.from(e0) };
  if (hooks.cache !== false) {
    writeFileAtomic(cachePath, JSON.stringify({ ids, x: Array.from(x), y: Array.from(y), e0Ev: e0 }));
  }
  return ds;
}

/**
 * Datasets of one model stacked in order (e.g. the molecules, then the crystal sites).
 * @throws InputError when their input or output lengths differ.
 * @example concatDatasets([molecules, crystals]).n === molecules.n + crystals.n
 */
export function concatDatasets(parts: readonly InverseDataset[]): InverseDataset {
  if (parts.length === 0) throw new InputError('no datasets to stack');
  const { inputLength: L, outputLength: K } = parts[0]!;
  const bad = parts.find((d) => d.inputLength !== L || d.outputLength !== K);
  if (bad) throw new InputError(`cannot stack datasets of ${L} → ${K} and ${bad.inputLength} → ${bad.outputLength} values`);
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((a, d) => a + d.n, 0);
  const x = new Float32Array(n * L);
  const y = new Float32Array(n * K);
  const e0Ev = new Float64Array(n);
  let row = 0;
  for (const d of parts) {
    x.set(d.x.subarray(0, d.n * L), row * L);
    y.set(d.y.subarray(0, d.n * K), row * K);
    e0Ev.set(d.e0Ev.subarray(0, d.n), row);
    row += d.n;
  }
  return { ids: parts.flatMap((d) => d.ids), x, y, n, inputLength: L, outputLength: K, e0Ev };
}

/** Rows `rows` of a dataset, as a new dataset. */
export function selectRows(ds: InverseDataset, rows: ArrayLike<number>): InverseDataset {
  const { inputLength: L, outputLength: K } = ds;
  const x = new Float32Array(rows.length * L);
  const y = new Float32Array(rows.length * K);
  const ids: string[] = [];
  const e0 = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    x.set(ds.x.subarray(r * L, (r + 1) * L), i * L);
    y.set(ds.y.subarray(r * K, (r + 1) * K), i * K);
    ids.push(ds.ids[r]!);
    e0[i] = ds.e0Ev[r]!;
  }
  return { ids, x, y, n: rows.length, inputLength: L, outputLength: K, e0Ev: e0 };
}
