/**
 * @module lab/inverse/error-model-ablation
 * The pieces of the error-model feature ablation (ablate:error-model): cross-validated least squares
 * and z-scored ridge fits of ln MSE on feature columns, folds that keep a structure's sites together,
 * how well a predicted ln MSE ranks the errors, the members' in-bag / out-of-bag check, the tail of the
 * error distribution, group means, and the oracle chemistry group of a site.
 */
import { atomicNumber, elementSymbol } from '../../src/elements/index.ts';
import { pearson, quantileSorted, spearman } from '../../src/stats/index.ts';
import { neighborsOf, type Structure } from '../../src/structure/index.ts';
import { fitLinear } from '../../src/inverse/index.ts';

/** How well predicted ln MSE tracks the actual errors. */
export interface ErrorModelScores {
  /** Pearson(predicted ln MSE, ln MSE). */
  pearsonLogLog: number;
  /** Spearman(predicted ln MSE, ln MSE). */
  spearman: number;
  /** Pearson(σ̄, MSE) with σ̄ = √(predicted MSE). */
  pearsonSigmaMse: number;
}

/**
 * {@link ErrorModelScores} of a predicted ln MSE against the actual ln MSE (and MSE = exp of it, unless given).
 *
 * @example
 * errorModelScores(predLnMse, lnMse).pearsonSigmaMse;
 */
export function errorModelScores(predLnMse: readonly number[], lnMse: readonly number[], mse: readonly number[] = lnMse.map(Math.exp)): ErrorModelScores {
  return { pearsonLogLog: pearson(predLnMse, lnMse), spearman: spearman(predLnMse, lnMse), pearsonSigmaMse: pearson(predLnMse.map((v) => Math.exp(v / 2)), mse) };
}

/** Σ values[c] · weights[c]. */
function dot(values: readonly number[], weights: readonly number[]): number {
  return values.reduce((a, v, c) => a + v * weights[c]!, 0);
}

/**
 * Out-of-fold predictions of least squares (fitLinear) of y on columns `cols` of `rows`; row i is
 * in fold i mod `folds`.
 *
 * @example
 * const pred = kFoldLinear(rows, lnMse, [0, 1, 2, 3], 5); // one prediction per row, never from a fit that saw it
 */
export function kFoldLinear(rows: readonly number[][], y: readonly number[], cols: readonly number[], folds: number): number[] {
  const pred = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const fit = rows.map((_, i) => i).filter((i) => i % folds !== f);
    const w = fitLinear(fit.map((i) => cols.map((c) => rows[i]![c]!)), fit.map((i) => y[i]!));
    for (let i = f; i < rows.length; i += folds) pred[i] = dot(cols.map((c) => rows[i]![c]!), w);
  }
  return pred;
}

/**
 * Fold of each row such that rows of one group share a fold: groups take folds 0, 1, … in order
 * of first appearance, cycling.
 *
 * @example
 * groupFolds(['a', 'b', 'a', 'c'], 2); // [0, 1, 0, 0]
 */
export function groupFolds(groups: readonly string[], folds: number): number[] {
  const groupFold = new Map<string, number>();
  return groups.map((g) => {
    if (!groupFold.has(g)) groupFold.set(g, groupFold.size % folds);
    return groupFold.get(g)!;
  });
}

/**
 * Out-of-fold predictions with given folds: for each fold, `fit` on the other rows, predict its rows.
 *
 * @example
 * const cv = foldPredictions(rows, y, groupFolds(groups, 5), 5, (r, t) => linearPredictor(r, t, [0, 1, 2]));
 */
export function foldPredictions(rows: readonly number[][], y: readonly number[], fold: readonly number[], folds: number, fit: (rows: number[][], y: number[]) => (row: number[]) => number): number[] {
  const cv = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const predict = fit(rows.filter((_, i) => fold[i] !== f), y.filter((_, i) => fold[i] !== f));
    rows.forEach((r, i) => {
      if (fold[i] === f) cv[i] = predict(r);
    });
  }
  return cv;
}

/**
 * Least squares (fitLinear) of y on columns `cols` (the columns include the intercept's), as a
 * predictor of a full row, with its weights.
 *
 * @example
 * const { predict, weights } = linearPredictor(trainRows, lnMse, [0, 1, 2, 3]);
 */
export function linearPredictor(rows: readonly number[][], y: readonly number[], cols: readonly number[]): { predict: (row: number[]) => number; weights: number[] } {
  const pick = (r: readonly number[]) => cols.map((c) => r[c]!);
  const weights = fitLinear(rows.map(pick), [...y]);
  return { predict: (r) => dot(pick(r), weights), weights };
}

/**
 * Ridge (penalty `lambda`) of y on columns `cols` z-scored with the fitted rows' mean and standard
 * deviation (a constant column scaled by 1), plus an intercept, as a predictor of a full row.
 *
 * @example
 * const predict = zScoredRidge(trainRows, lnMse, g2Columns, 0.1);
 */
export function zScoredRidge(rows: readonly number[][], y: readonly number[], cols: readonly number[], lambda: number): (row: number[]) => number {
  const mu = cols.map((c) => rows.reduce((a, r) => a + r[c]!, 0) / rows.length);
  const sd = cols.map((c, i) => Math.sqrt(rows.reduce((a, r) => a + (r[c]! - mu[i]!) ** 2, 0) / rows.length) || 1);
  const z = (r: readonly number[]) => [1, ...cols.map((c, i) => (r[c]! - mu[i]!) / sd[i]!)];
  const w = fitLinear(rows.map(z), [...y], lambda);
  return (r) => z(r).reduce((a, v, i) => a + v * w[i]!, 0);
}

/**
 * Mean row MSE of each member on its in-bag and its out-of-bag rows (`masks[m][s]` = 1: member m
 * did not train on row s). Right seeds ⇒ every member fits its in-bag rows better.
 *
 * @example
 * memberBagCheck(pred.members, outOfBagMasks(n, M, 0), train.y, n, K).every((c) => c.inBag < c.outOfBag);
 */
export function memberBagCheck(members: readonly Float32Array[], masks: readonly Uint8Array[], y: Float32Array, n: number, K: number): { inBag: number; outOfBag: number }[] {
  return members.map((pm, m) => {
    let a = 0, na = 0, b = 0, nb = 0;
    for (let s = 0; s < n; s++) {
      let e = 0;
      for (let j = 0; j < K; j++) e += (pm[s * K + j]! - y[s * K + j]!) ** 2;
      e /= K;
      if (masks[m]![s]) (b += e), nb++;
      else (a += e), na++;
    }
    return { inBag: a / na, outOfBag: b / nb };
  });
}

/**
 * The heavy tail of two ascending error samples side by side: quantiles 0.5, 0.9, 0.99 and the
 * maximum, and the share beyond 10 × the median.
 *
 * @example
 * errorTail(oobMseSorted, calibMseSorted).beyond10xMedian; // { outOfBag: 0.02, calibration: 0.03 }
 */
export function errorTail(outOfBag: readonly number[], calibration: readonly number[]): { quantiles: { q: number; outOfBag: number; calibration: number }[]; beyond10xMedian: { outOfBag: number; calibration: number } } {
  const beyond = (v: readonly number[]) => {
    const median = quantileSorted(v, 0.5);
    return v.filter((e) => e > 10 * median).length / v.length;
  };
  return {
    quantiles: [0.5, 0.9, 0.99, 1].map((q) => ({ q, outOfBag: quantileSorted(outOfBag, q), calibration: quantileSorted(calibration, q) })),
    beyond10xMedian: { outOfBag: beyond(outOfBag), calibration: beyond(calibration) },
  };
}

/**
 * Mean of `values` per group label, with the count.
 *
 * @example
 * meanByGroup(['O', 'S', 'O'], [1, 5, 3]); // Map { 'O' => { mean: 2, n: 2 }, 'S' => { mean: 5, n: 1 } }
 */
export function meanByGroup(groups: readonly string[], values: readonly number[]): Map<string, { mean: number; n: number }> {
  const acc = new Map<string, { sum: number; n: number }>();
  groups.forEach((g, i) => {
    const a = acc.get(g) ?? { sum: 0, n: 0 };
    acc.set(g, { sum: a.sum + values[i]!, n: a.n + 1 });
  });
  return new Map([...acc].map(([g, a]) => [g, { mean: a.sum / a.n, n: a.n }]));
}

/**
 * The heaviest element within `radiusAngstrom` of site `siteIndex` ('none' when there is no
 * neighbour): the chemistry group of the oracle bound, read from the structure a measured
 * spectrum does not come with.
 *
 * @example
 * heaviestNeighbour(structure, 0, 3); // 'I' for an Fe–I complex
 */
export function heaviestNeighbour(structure: Structure, siteIndex: number, radiusAngstrom: number): string {
  const list = neighborsOf(structure, siteIndex, radiusAngstrom);
  let best = 0;
  for (const j of list.indices) best = Math.max(best, atomicNumber(structure.species[j]!));
  return best ? elementSymbol(best) : 'none';
}
