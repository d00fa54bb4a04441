/**
 * @module forward/valid-range
 * Where on the forward model's grid each absorber's predictions mean something. The grid (grid.ts)
 * spans the widest source (Cu FEFF, to +127.5 eV); the other sources' spectra end sooner (Fe +49,
 * Co +31, S +40 eV), so the model never saw a target there. An absorber's valid range is the run
 * of grid points that at least `fraction` (95 %) of its training spectra cover with data (to within
 * half a grid step, not the 3 eV clamp of targets.ts); it is
 * stored per absorber in the manifest (`validRangeEv`), and predictions, metrics and σ calibration
 * use only that range. A manifest without `validRangeEv` (models 1.x) is valid on its whole grid.
 */
import { InputError } from '../errors.ts';
import type { ForwardDataset } from './dataset.ts';
import type { ForwardManifest } from './manifest.ts';

/** Share of an absorber's training spectra that must cover a grid point for it to be valid. */
export const VALID_RANGE_DEFAULTS = Object.freeze({ fraction: 0.95 });

/** Tolerance when matching range ends to grid energies (eV). */
const GRID_TOLERANCE_EV = 1e-6;

/**
 * The first and last grid energies covered by at least `fraction` of the data ranges `ranges`
 * (each [first, last] energy of one spectrum, on the grid's axis); a grid point within
 * `toleranceEv` outside a range counts as covered.
 *
 * @example
 * coveredRangeEv([-10, -5, 0, 5], [[-12, 3], [-12, 6], [-8, 6]], 0.6) // [-10, 5]
 */
export function coveredRangeEv(gridEv: ArrayLike<number>, ranges: readonly (readonly [number, number])[], fraction: number = VALID_RANGE_DEFAULTS.fraction, toleranceEv = GRID_TOLERANCE_EV): [number, number] {
  if (!(fraction > 0 && fraction <= 1)) throw new InputError(`fraction must lie in (0, 1], got ${fraction}`);
  if (ranges.length === 0) throw new InputError('no data ranges to find a valid range from');
  const need = Math.ceil(fraction * ranges.length - 1e-9);
  let first = -1;
  let last = -1;
  for (let k = 0; k < gridEv.length; k++) {
    const e = gridEv[k]!;
    let n = 0;
    for (const [lo, hi] of ranges) if (e >= lo - toleranceEv && e <= hi + toleranceEv) n++;
    if (n >= need) {
      if (first < 0) first = k;
      last = k;
    }
  }
  if (first < 0) throw new InputError(`no grid point is covered by ${(100 * fraction).toFixed(0)} % of the ${ranges.length} spectra`);
  return [gridEv[first]!, gridEv[last]!];
}

/**
 * Every absorber's valid range on the uniform grid `gridEv`, from the data ranges of its training
 * rows; a grid point within half a grid step of a spectrum's data counts as covered by it (S K
 * data start at −9.9 eV, −10 eV is still in; a Cu run ending at +127.48 eV still reaches +127.5).
 *
 * @example
 * measureValidRanges(ds, grid.energyEv) // { Co: [-10, 31], Cu: [-10, 127.5], Fe: [-10, 49], S: [-10, 40] }
 */
export function measureValidRanges(ds: Pick<ForwardDataset, 'rows' | 'absorbers'>, gridEv: ArrayLike<number>, fraction: number = VALID_RANGE_DEFAULTS.fraction): Record<string, [number, number]> {
  const halfStepEv = gridEv.length > 1 ? 0.5 * Math.abs(gridEv[1]! - gridEv[0]!) : 0;
  const out: Record<string, [number, number]> = {};
  for (const el of ds.absorbers) {
    const ranges = ds.rows.filter((r) => r.absorber === el && r.split === 'train').map((r) => r.dataRangeEv);
    if (ranges.length > 0) out[el] = coveredRangeEv(gridEv, ranges, fraction, halfStepEv);
  }
  return out;
}

/**
 * The valid range [lo, hi] (eV, relative to the aligned edge) of `absorber`'s predictions: the
 * manifest's `validRangeEv[absorber]`, else (models 1.x) the whole grid.
 *
 * @example
 * validRangeEv(model.manifest, 'Cu') // [-10, 127.5] for the wide-grid models (2.0.0 on), [-10, 30] for a 1.x model
 */
export function validRangeEv(manifest: Pick<ForwardManifest, 'grid' | 'validRangeEv'>, absorber: string): [number, number] {
  const r = manifest.validRangeEv?.[absorber];
  const e = manifest.grid.energyEv;
  return r ? [r[0], r[1]] : [e[0]!, e[e.length - 1]!];
}

/**
 * Grid indices [from, to) of the energies inside `rangeEv` (ends included, within 1e-6 eV).
 *
 * @example
 * windowIndices([-10, -9.75, -9.5, -9.25], [-9.75, -9.5]) // { from: 1, to: 3 }
 */
export function windowIndices(gridEv: ArrayLike<number>, rangeEv: readonly [number, number]): { from: number; to: number } {
  let from = -1;
  let to = -1;
  for (let k = 0; k < gridEv.length; k++) {
    const e = gridEv[k]!;
    if (e >= rangeEv[0] - GRID_TOLERANCE_EV && e <= rangeEv[1] + GRID_TOLERANCE_EV) {
      if (from < 0) from = k;
      to = k + 1;
    }
  }
  if (from < 0) throw new InputError(`the window ${rangeEv[0]}…${rangeEv[1]} eV holds no grid point`);
  return { from, to };
}

/**
 * Grid indices [from, to) of `absorber`'s valid range.
 *
 * @example
 * const { from, to } = validGridIndices(model.manifest, 'Fe'); // mu.slice(from, to)
 */
export function validGridIndices(manifest: Pick<ForwardManifest, 'grid' | 'validRangeEv'>, absorber: string): { from: number; to: number } {
  return windowIndices(manifest.grid.energyEv, validRangeEv(manifest, absorber));
}

/**
 * Columns [from, to) of a row-major n × K array.
 *
 * @example
 * sliceColumns(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 1, 3) // [2, 3, 5, 6]
 */
export function sliceColumns(flat: ArrayLike<number>, K: number, from: number, to: number): Float32Array {
  const n = flat.length / K;
  const w = to - from;
  const out = new Float32Array(n * w);
  for (let s = 0; s < n; s++) for (let j = 0; j < w; j++) out[s * w + j] = flat[s * K + from + j]!;
  return out;
}

/**
 * A copy of the row-major n × K array `flat` with NaN outside each row's valid range; `rangeOf(s)`
 * gives row s's [from, to) grid indices.
 *
 * @example
 * const target = maskOutside(val.y, K, (s) => validGridIndices(manifest, absorberOf(s)));
 */
export function maskOutside(flat: ArrayLike<number>, K: number, rangeOf: (row: number) => { from: number; to: number }): Float32Array {
  const out = Float32Array.from(flat);
  const n = out.length / K;
  for (let s = 0; s < n; s++) {
    const { from, to } = rangeOf(s);
    for (let k = 0; k < K; k++) if (k < from || k >= to) out[s * K + k] = NaN;
  }
  return out;
}
