/**
 * @module learn/seeded-rng
 * A small seeded pseudo-random generator (mulberry32) so that weight initialisation, batch
 * shuffling and bootstrap resampling are reproducible from one integer seed.
 */

/** A seeded source of uniform and normal deviates. */
export interface SeededRng {
  /** Uniform deviate in [0, 1). */
  uniform(): number;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * mulberry32: uniform deviates in [0, 1) from a 32-bit state that starts at `seed`. Same seed →
 * same sequence on every platform (the frozen benchmark split and the test fixtures rely on it).
 *
 * @example
 * const u = mulberry32(25);
 * u(); // 0 ≤ u < 1
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded source of uniform and normal deviates (mulberry32). Same seed → same sequence on every platform.
 *
 * @example
 * const rng = seededRng(42);
 * rng.uniform(); // 0 ≤ u < 1, identical on every run
 */
export function seededRng(seed: number): SeededRng {
  const uniform = mulberry32(Math.trunc(seed) ^ 0x9e3779b9);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const int = (n: number): number => Math.floor(uniform() * n);
  return { uniform, normal, int };
}

/**
 * Fisher–Yates shuffle of `0..n-1` with a seeded generator.
 *
 * @example
 * shuffledIndices(5, seededRng(1)); // e.g. Uint32Array [3, 0, 4, 1, 2]
 */
export function shuffledIndices(n: number, rng: SeededRng): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}
