/**
 * Energy-axis helpers: uniform grids, shifts and a robust estimate of the energy step.
 */
import { InputError } from '../errors.ts';
import { checkNumber, toFloat64, type NumericArray } from './validate.ts';

/**
 * Uniform grid `startEv, startEv + stepEv, …` up to and including `stopEv` (within 1e-9 of a step).
 *
 * @example
 * uniformGrid(7100, 7101, 0.25) // Float64Array [7100, 7100.25, 7100.5, 7100.75, 7101]
 */
export function uniformGrid(startEv: number, stopEv: number, stepEv: number): Float64Array {
  checkNumber(startEv, 'startEv');
  checkNumber(stopEv, 'stopEv');
  checkNumber(stepEv, 'stepEv', true);
  if (stopEv < startEv) throw new InputError(`uniformGrid: stopEv (${stopEv}) is below startEv (${startEv})`);
  const n = Math.floor((stopEv - startEv) / stepEv + 1e-9) + 1;
  if (n > 10_000_000) throw new InputError(`uniformGrid: ${n} points requested (more than 10 million); check the step`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = startEv + i * stepEv;
  return out;
}

/**
 * New energy array shifted by `deltaEv` (calibration: `shift(e, 8979 - e0Ev)`).
 *
 * @example
 * shift([7110, 7111], 2) // Float64Array [7112, 7113]
 */
export function shift(energyEv: NumericArray, deltaEv: number): Float64Array {
  checkNumber(deltaEv, 'deltaEv');
  const e = toFloat64(energyEv, 'energyEv');
  for (let i = 0; i < e.length; i++) e[i] += deltaEv;
  return e;
}

/**
 * Typical energy step (eV) of a sorted grid, ignoring the smallest 1 % of steps and averaging the
 * next 10 — larch `find_energy_step`. Robust to a few nearly duplicated points.
 *
 * @example
 * energyStepEv(uniformGrid(0, 10, 0.5)) // 0.5
 */
export function energyStepEv(energyEv: Float64Array): number {
  const n = energyEv.length;
  if (n < 2) throw new InputError('energyStepEv needs at least 2 points');
  const steps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) steps[i - 1] = energyEv[i] - energyEv[i - 1];
  steps.sort();
  const skip = Math.floor(0.01 * n);
  const from = Math.min(skip, steps.length - 1);
  const to = Math.min(from + 10, steps.length);
  let s = 0;
  for (let i = from; i < to; i++) s += steps[i];
  return s / (to - from);
}
