import { describe, expect, it } from 'vitest';
import {
  errorModelScores,
  errorTail,
  foldPredictions,
  groupFolds,
  heaviestNeighbour,
  kFoldLinear,
  linearPredictor,
  meanByGroup,
  memberBagCheck,
  zScoredRidge,
} from '../../lab/inverse/error-model-ablation.ts';
import { seededRng } from '../../src/learn/index.ts';
import { pearson } from '../../src/stats/index.ts';
import { parseStructure } from '../../src/structure/index.ts';

// ln MSE = 1 + 2·a − b exactly on 40 rows [1, a, b, noise column].
const rng = seededRng(11);
const rows = Array.from({ length: 40 }, () => [1, rng.normal(), rng.normal(), rng.normal()]);
const y = rows.map((r) => 1 + 2 * r[1]! - r[2]!);

describe('cross-validated fits', () => {
  it('kFoldLinear predicts each row from a fit without it: exact for an exact linear law', () => {
    const pred = kFoldLinear(rows, y, [0, 1, 2], 5);
    pred.forEach((p, i) => expect(p).toBeCloseTo(y[i]!, 4));
    const intercept = kFoldLinear(rows, y, [0], 5); // intercept only: the mean of the other folds
    const others = y.filter((_, i) => i % 5 !== 0);
    expect(intercept[0]).toBeCloseTo(others.reduce((a, v) => a + v, 0) / others.length, 4);
  });
  it('groupFolds keeps a group in one fold, groups cycling through the folds by first appearance', () => {
    expect(groupFolds(['a', 'b', 'a', 'c', 'd', 'b'], 3)).toEqual([0, 1, 0, 2, 0, 1]);
  });
  it('foldPredictions never lets a row see its own fold', () => {
    const fold = rows.map((_, i) => i % 4);
    const seen: number[][] = [];
    foldPredictions(rows, y, fold, 4, (r) => {
      seen.push(r.map((row) => rows.indexOf(row)));
      return () => 0;
    });
    seen.forEach((idx, f) => expect(idx.every((i) => fold[i] !== f)).toBe(true));
  });
  it('linearPredictor returns the weights of the chosen columns; the ridge on z-scored columns predicts the same law', () => {
    const { weights, predict } = linearPredictor(rows, y, [0, 1, 2]);
    expect(weights[0]).toBeCloseTo(1, 4);
    expect(weights[1]).toBeCloseTo(2, 4);
    expect(weights[2]).toBeCloseTo(-1, 4);
    expect(predict([1, 0.5, 0.5, 99])).toBeCloseTo(1.5, 4);
    const ridge = zScoredRidge(rows, y, [1, 2], 1e-6);
    expect(ridge([1, 0.5, 0.5, 99])).toBeCloseTo(1.5, 3);
    const shrunk = zScoredRidge(rows, y, [1, 2], 100); // strong penalty: towards the mean of y
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    expect(Math.abs(shrunk([1, 3, -3, 0]) - mean)).toBeLessThan(Math.abs(1 + 6 + 3 - mean) / 10);
  });
});

describe('errorModelScores', () => {
  it('scores a predicted ln MSE in ln space, by rank, and as σ̄ = √MSE against MSE', () => {
    const lnMse = [-3, -2, -1, 0];
    const s = errorModelScores([-2.5, -2.4, -0.5, 0.1], lnMse);
    expect(s.spearman).toBeCloseTo(1, 12);
    expect(s.pearsonLogLog).toBeCloseTo(pearson([-2.5, -2.4, -0.5, 0.1], lnMse), 12);
    expect(s.pearsonSigmaMse).toBeCloseTo(pearson([-2.5, -2.4, -0.5, 0.1].map((v) => Math.exp(v / 2)), lnMse.map(Math.exp)), 12);
  });
});

describe('memberBagCheck', () => {
  it('averages each member\'s row MSE over its in-bag and its out-of-bag rows', () => {
    const y = Float32Array.of(0, 0, 0, 0, 0, 0); // 3 rows, K = 2
    const member = Float32Array.of(0, 0, 1, 1, 3, 1); // row MSE 0, 1, 5
    const [c] = memberBagCheck([member], [Uint8Array.of(0, 1, 1)], y, 3, 2);
    expect(c).toEqual({ inBag: 0, outOfBag: 3 });
  });
});

describe('errorTail and meanByGroup', () => {
  it('quantiles, maximum and the share beyond 10 × the median of each sample', () => {
    const t = errorTail([1, 1, 2, 30], [1, 2, 3]);
    expect(t.quantiles.map((q) => q.q)).toEqual([0.5, 0.9, 0.99, 1]);
    expect(t.quantiles[0]).toEqual({ q: 0.5, outOfBag: 1.5, calibration: 2 });
    expect(t.quantiles[3]).toEqual({ q: 1, outOfBag: 30, calibration: 3 });
    expect(t.beyond10xMedian).toEqual({ outOfBag: 0.25, calibration: 0 });
  });
  it('mean per group with its count', () => {
    expect([...meanByGroup(['O', 'S', 'O'], [1, 5, 3])]).toEqual([['O', { mean: 2, n: 2 }], ['S', { mean: 5, n: 1 }]]);
  });
});

describe('heaviestNeighbour', () => {
  it('the heaviest element within the radius of the site, none when alone', () => {
    // Fe at the origin, O at 2 Å, I at 2.6 Å, Pb at 4 Å (beyond 3 Å), in a 20 Å box.
    const s = parseStructure(['test', '1.0', '20 0 0', '0 20 0', '0 0 20', 'Fe O I Pb', '1 1 1 1', 'Cartesian', '0 0 0', '2 0 0', '0 2.6 0', '0 0 4', ''].join('\n'), { name: 'POSCAR' });
    expect(heaviestNeighbour(s, 0, 3)).toBe('I');
    expect(heaviestNeighbour(s, 0, 2.1)).toBe('O');
    expect(heaviestNeighbour(s, 0, 1)).toBe('none');
  });
});
