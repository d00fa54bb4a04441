/**
 * @module screen/broadened-cache
 * Broadened predictions on the compared points, kept per (predictor, file content, broadening,
 * window): they do not depend on the measured spectrum, so a second ranking of the same pool with
 * the same cache (the server's worker, an evaluation) skips the broadening, the costly step.
 * Bounded LRU of float32 copies; a hit returns them as float64 (so a repeated ranking may differ
 * from the first in the last float32 digit, as it always has). Owned by a {@link FeatureCache}.
 */
import { applyWindowMatrix, windowBroadeningMatrix, type Broadening } from './broadening.ts';

/** Defaults of {@link BroadenedCache}. */
export const BROADENED_CACHE_DEFAULTS = Object.freeze({ maxEntries: 80_000 });

/** The LRU of broadened predictions on compared windows. */
export class BroadenedCache {
  readonly #memo = new Map<string, Float32Array>();
  readonly #maxEntries: number;

  constructor({ maxEntries = BROADENED_CACHE_DEFAULTS.maxEntries }: { maxEntries?: number } = {}) {
    this.#maxEntries = maxEntries;
  }

  /**
   * `mu` (on the predictor's `grid`) broadened by `b` and read at `windowRel`; `key` names the
   * prediction (predictor, absorber, file content).
   *
   * @example cache.onWindow('forward|Cu|ab12', grid, mu, b, windowRel)
   */
  onWindow(key: string, grid: Float64Array, mu: ArrayLike<number>, b: Broadening, windowRel: Float64Array): Float64Array {
    const k = `${key}|${b.gamma0Ev}:${b.gamma1}:${b.gaussianFwhmEv}|${windowRel[0]}:${windowRel[windowRel.length - 1]}:${windowRel.length}`;
    const hit = this.#memo.get(k);
    if (hit) {
      this.#memo.delete(k);
      this.#memo.set(k, hit);
      return Float64Array.from(hit);
    }
    const p = applyWindowMatrix(windowBroadeningMatrix(grid, b, windowRel), mu, windowRel.length);
    this.#memo.set(k, Float32Array.from(p));
    if (this.#memo.size > this.#maxEntries) this.#memo.delete(this.#memo.keys().next().value!);
    return p;
  }

  /** Entries held. */
  get size(): number {
    return this.#memo.size;
  }

  /** Forget every entry (what a new process starts with). */
  clear(): void {
    this.#memo.clear();
  }
}
