/**
 * @module screen/broadened-cache
 * Broadened predictions on the compared points, kept per (predictor, file content, broadening,
 * window): they do not depend on the measured spectrum, so a second ranking of the same pool with
 * the same cache (the server's worker, an evaluation) skips the broadening, the costly step.
 * Bounded LRU of float32 copies; a hit returns them as float64 (so a repeated ranking may differ
 * from the first in the last float32 digit, as it always has). Owned by a {@link FeatureCache}.
 *
 * Speed (2026-12, issue 24): a whole pool is broadened at once ({@link BroadenedCache.fill}) as one
 * matrix product (spectra × window matrixᵀ); a large product runs on ONNX Runtime's MatMul
 * (2719 Cu spectra: ~30 ms against ~1 s for the row-by-row loop), a small one in JavaScript, where
 * loading ONNX Runtime would cost more than it saves.
 */
import { applyWindowMatrix, broadenOnWindows, jsMatMul, windowBroadeningMatrix, type Broadening, type MatMul } from './broadening.ts';

/** Defaults of {@link BroadenedCache}. */
export const BROADENED_CACHE_DEFAULTS = Object.freeze({
  maxEntries: 80_000,
  /**
   * Multiply-adds from which {@link BroadenedCache.fill} runs the product on ONNX Runtime (once it
   * is open, every fill does): loading it and opening its first session cost ~0.7 s here, the
   * time the JavaScript loop takes for ~2·10⁸ of them (3.3·10⁸ took 1.0 s on the loaded machine);
   * 2719 Cu spectra × 220 window points × 551 grid points are 3.3·10⁸.
   */
  nativeMinMultiplyAdds: 2e8,
});

/** One prediction to broaden: its cache key (predictor, absorber, file content) and μ on the grid. */
export interface BroadenItem {
  key: string;
  mu: ArrayLike<number>;
}

/** ONNX Runtime's product, once a fill has been large enough to load it (then every fill uses it). */
let nativeMatMul: MatMul | null = null;
/** ONNX Runtime failed to load or to run the product in this process: JavaScript from then on. */
let nativeFailed = false;

/** The LRU of broadened predictions on compared windows. */
export class BroadenedCache {
  readonly #memo = new Map<string, Float32Array>();
  readonly #maxEntries: number;

  readonly #nativeMin: number;

  constructor({ maxEntries = BROADENED_CACHE_DEFAULTS.maxEntries, nativeMinMultiplyAdds = BROADENED_CACHE_DEFAULTS.nativeMinMultiplyAdds }: { maxEntries?: number; nativeMinMultiplyAdds?: number } = {}) {
    this.#maxEntries = maxEntries;
    this.#nativeMin = nativeMinMultiplyAdds;
  }

  #key(key: string, b: Broadening, windowRel: Float64Array): string {
    return `${key}|${b.gamma0Ev}:${b.gamma1}:${b.gaussianFwhmEv}|${windowRel[0]}:${windowRel[windowRel.length - 1]}:${windowRel.length}`;
  }

  #store(k: string, p: Float32Array): void {
    this.#memo.set(k, p);
    if (this.#memo.size > this.#maxEntries) this.#memo.delete(this.#memo.keys().next().value!);
  }

  /**
   * Broaden every item not held yet with each of `broadenings` at `windowRel` in a few matrix
   * products ({@link broadenOnWindows}) and keep the results, so that the {@link onWindow} calls
   * that follow are hits. Items beyond the cache's size are not kept (onWindow computes them again).
   *
   * The products run on ONNX Runtime when they are large, when an earlier fill loaded it, or when
   * `onnxLoaded` says the process has it loaded already (an inverse model ran): then opening one
   * more session costs ~0.05 s.
   *
   * @example await cache.fill(pool.map((c) => ({ key: c.key, mu: c.mu })), grid, [b], windowRel)
   */
  async fill(items: readonly BroadenItem[], grid: Float64Array, broadenings: readonly Broadening[], windowRel: Float64Array, { onnxLoaded = false }: { onnxLoaded?: boolean } = {}): Promise<void> {
    const todo = new Map<string, ArrayLike<number>>();
    const wanted: Broadening[] = [];
    for (const b of broadenings) {
      let missing = false;
      for (const { key, mu } of items) {
        if (this.#memo.has(this.#key(key, b, windowRel))) continue;
        todo.set(key, mu);
        missing = true;
      }
      if (missing) wanted.push(b);
    }
    if (todo.size === 0) return;
    const keys = [...todo.keys()].slice(-Math.floor(this.#maxEntries / wanted.length));
    const n = grid.length;
    const m = windowRel.length;
    const x = new Float32Array(keys.length * n);
    keys.forEach((k, r) => x.set(todo.get(k)!, r * n));
    const out = await this.broaden(x, keys.length, grid, wanted, windowRel, { onnxLoaded });
    wanted.forEach((b, i) => keys.forEach((k, r) => this.#store(this.#key(k, b, windowRel), out[i]!.slice(r * m, (r + 1) * m))));
  }

  /**
   * Broaden `rows` spectra (rows × grid.length, float32) with each of `broadenings` at `windowRel`,
   * nothing kept: what {@link fill} computes, for spectra that are not predictions (the score σ's
   * draws). Same choice of JavaScript or ONNX Runtime as fill.
   *
   * @example const [p] = await cache.broaden(draws, 16, grid, [b], windowRel)
   */
  async broaden(spectra: Float32Array, rows: number, grid: Float64Array, broadenings: readonly Broadening[], windowRel: Float64Array, { onnxLoaded = false }: { onnxLoaded?: boolean } = {}): Promise<Float32Array[]> {
    if (nativeMatMul === null && !nativeFailed && (onnxLoaded || rows * windowRel.length * grid.length * broadenings.length >= this.#nativeMin)) {
      try {
        nativeMatMul = (await import('../onnx/index.ts')).matMul;
      } catch {
        nativeFailed = true; // ONNX Runtime does not load here: the JavaScript product gives the same numbers, slower
      }
    }
    if (nativeMatMul) {
      try {
        return await broadenOnWindows(grid, spectra, rows, broadenings, windowRel, nativeMatMul, true);
      } catch {
        nativeMatMul = null; // a failing session: never again in this process
        nativeFailed = true;
      }
    }
    return broadenOnWindows(grid, spectra, rows, broadenings, windowRel, jsMatMul, false);
  }

  /**
   * `mu` (on the predictor's `grid`) broadened by `b` and read at `windowRel`; `key` names the
   * prediction (predictor, absorber, file content).
   *
   * @example cache.onWindow('forward|Cu|ab12', grid, mu, b, windowRel)
   */
  onWindow(key: string, grid: Float64Array, mu: ArrayLike<number>, b: Broadening, windowRel: Float64Array): Float64Array {
    const k = this.#key(key, b, windowRel);
    const hit = this.#memo.get(k);
    if (hit) {
      this.#memo.delete(k);
      this.#memo.set(k, hit);
      return Float64Array.from(hit);
    }
    const p = applyWindowMatrix(windowBroadeningMatrix(grid, b, windowRel), mu, windowRel.length);
    this.#store(k, Float32Array.from(p));
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
