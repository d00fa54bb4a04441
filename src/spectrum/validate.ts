/**
 * Argument checks shared by the spectrum functions: every problem a user can cause becomes an
 * `InputError` that names the argument, the index and what was expected.
 */
import { InputError } from '../errors.ts';

/** A numeric array as accepted by every function of this folder. */
export type NumericArray = Float64Array | readonly number[];

/**
 * Copy to a new `Float64Array`, checking every value is finite.
 * @example toFloat64([1, 2], 'mu') // Float64Array [1, 2]
 */
export function toFloat64(values: NumericArray, name: string): Float64Array {
  if (values === null || values === undefined || typeof (values as { length?: unknown }).length !== 'number') {
    throw new InputError(`${name}: expected an array of numbers, got ${values === null ? 'null' : typeof values}`);
  }
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new InputError(`${name}[${i}] is ${String((values as ArrayLike<number>)[i])}; expected a finite number`, { name, index: i });
    }
  }
  return out;
}

/**
 * Check that `x` is strictly increasing (energies must be sorted and without duplicates).
 * @example assertIncreasing(Float64Array.of(1, 2, 3), 'energyEv')
 */
export function assertIncreasing(x: Float64Array, name: string): void {
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1])) {
      throw new InputError(
        `${name} must be strictly increasing: ${name}[${i - 1}] = ${x[i - 1]}, ${name}[${i}] = ${x[i]} (sort the data and merge duplicate energies first)`,
        { name, index: i },
      );
    }
  }
}

/**
 * Validate and copy an (energy, μ) pair: equal lengths, finite values, strictly increasing energy,
 * at least `minPoints` points.
 * @example const { energyEv, mu } = checkSpectrum([1, 2, 3], [0, 1, 1]);
 */
export function checkSpectrum(
  energyEv: NumericArray,
  mu: NumericArray,
  minPoints = 2,
): { energyEv: Float64Array; mu: Float64Array } {
  const e = toFloat64(energyEv, 'energyEv');
  const m = toFloat64(mu, 'mu');
  if (e.length !== m.length) {
    throw new InputError(`energyEv has ${e.length} points but mu has ${m.length}; they must have the same length`);
  }
  if (e.length < minPoints) {
    throw new InputError(`spectrum has ${e.length} points; at least ${minPoints} are needed`);
  }
  assertIncreasing(e, 'energyEv');
  return { energyEv: e, mu: m };
}

/** Throw unless `value` is a finite number (and positive when `positive`). */
export function checkNumber(value: unknown, name: string, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (positive && !(value > 0))) {
    throw new InputError(`${name} is ${String(value)}; expected a finite${positive ? ' positive' : ''} number`);
  }
  return value;
}

/** Index of the last point with `x[i] <= value` (0 when `value < x[0]`) — larch `index_of`. */
export function indexOf(x: Float64Array, value: number): number {
  if (value < x[0]) return 0;
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the point closest to `value` — larch `index_nearest`. */
export function indexNearest(x: Float64Array, value: number): number {
  const i = indexOf(x, value);
  if (i + 1 < x.length && Math.abs(x[i + 1] - value) < Math.abs(x[i] - value)) return i + 1;
  return i;
}
