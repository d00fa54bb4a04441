/**
 * @module stats/isotonic
 * Isotonic regression: the non-decreasing step function closest (least squares) to y over x, by
 * pool-adjacent-violators.
 */

/**
 * Pool-adjacent-violators fit of y on x (non-decreasing in x); returns the step function: the
 * mean y of the block whose lowest x is the largest one ≤ v (the first block below every x).
 *
 * @example
 * const f = isotonicFit([1, 2, 3, 4], [1, 3, 2, 4]);
 * [f(1), f(2), f(3), f(4)]; // [1, 2.5, 2.5, 4]
 */
export function isotonicFit(x: readonly number[], y: readonly number[]): (v: number) => number {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const blocks: { lo: number; sum: number; n: number }[] = [];
  for (const i of order) {
    blocks.push({ lo: x[i]!, sum: y[i]!, n: 1 });
    for (let b = blocks.length - 1; b > 0 && blocks[b - 1]!.sum / blocks[b - 1]!.n >= blocks[b]!.sum / blocks[b]!.n; b--) {
      const last = blocks.pop()!;
      blocks[b - 1]!.sum += last.sum;
      blocks[b - 1]!.n += last.n;
    }
  }
  return (v: number) => {
    let at = blocks[0]!;
    for (const b of blocks) if (v >= b.lo) at = b;
    return at.sum / at.n;
  };
}
