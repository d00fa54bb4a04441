/**
 * @module ensemble/bootstrap
 * Bootstrap resampling for the ensemble: each member trains on n rows drawn with replacement;
 * the rows never drawn ("out-of-bag", ≈ 36.8 % of them) can serve as that member's validation set.
 * Oversampling (a rare source's rows counted r times) is applied to the drawn rows afterwards
 * ({@link repeatRows}), so it never changes which rows are out-of-bag: a row repeated before the
 * draw would almost never be out-of-bag (all r copies missed: 0.368^r), and its out-of-bag
 * prediction would come from members that trained on its copies.
 */
import { InputError } from '../errors.ts';
import { seededRng } from '../learn/index.ts';

/**
 * n row indices drawn uniformly with replacement from 0..n-1 (seeded, sorted ascending).
 *
 * @example
 * bootstrapIndices(5, 1); // e.g. Uint32Array [0, 0, 2, 3, 3]
 */
export function bootstrapIndices(n: number, seed: number): Uint32Array {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`bootstrap needs a positive integer sample count, got ${n}`);
  const rng = seededRng(seed);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = rng.int(n);
  return idx.sort();
}

/**
 * Each row of `indices` repeated `repeats[row]` times (a whole number ≥ 0; ascending order kept).
 *
 * @example
 * repeatRows(Uint32Array.from([0, 0, 2]), [1, 1, 3]); // Uint32Array [0, 0, 2, 2, 2]
 */
export function repeatRows(indices: Uint32Array, repeats: ArrayLike<number>): Uint32Array {
  let total = 0;
  for (const i of indices) {
    const r = repeats[i];
    if (r === undefined || !Number.isInteger(r) || r < 0) throw new InputError(`row ${i} has repeat count ${r}; expected a whole number ≥ 0 for each of the ${repeats.length} rows`);
    total += r;
  }
  const out = new Uint32Array(total);
  let k = 0;
  for (const i of indices) for (let c = 0; c < repeats[i]!; c++) out[k++] = i;
  return out;
}

/**
 * Rows of 0..n-1 that do not occur in `indices` (ascending).
 *
 * @example
 * outOfBagIndices(Uint32Array.from([0, 0, 2]), 4); // Uint32Array [1, 3]
 */
export function outOfBagIndices(indices: Uint32Array, n: number): Uint32Array {
  const seen = new Uint8Array(n);
  for (const i of indices) seen[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!seen[i]) out.push(i);
  return Uint32Array.from(out);
}

/**
 * Seed of member `index` of an ensemble with base seed `base` (bootstrap resample, initialisation,
 * shuffling); the out-of-bag rows of a trained member follow from it (inverse/out-of-bag).
 * @example memberSeed(0, 3); // 3
 */
export function memberSeed(base: number, index: number): number {
  return base * 1000 + index;
}
