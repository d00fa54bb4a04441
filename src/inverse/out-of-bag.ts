/**
 * @module inverse/out-of-bag
 * Honest errors of the inverse ensemble on its own training rows. Each bootstrap member never saw
 * ≈ 37 % of the training rows (its out-of-bag rows, recovered exactly from the member's seed); the
 * mean over the members for which a row is out-of-bag (≈ 5.5 of 15) is a prediction of that row by
 * an ensemble that did not train on it. That gives an error for every training row, about eight
 * times the calibration split, rare chemistry included — material for fitting an error model.
 *
 * Rows that share a structure (several absorbing sites of one crystal) are not independent: a
 * member that trained on one site has in effect seen its siblings. `groups` lets the honest
 * members of a row exclude those, and the leave-group-out k-NN features exclude the row's own
 * group, so that a training row's features mean what they mean for a new spectrum.
 */
import { InputError } from '../errors.ts';
import { bootstrapIndices, memberSeed, outOfBagIndices } from '../ensemble/index.ts';
import { spectrumMse } from '../stats/index.ts';
import { lnSpectrumMse } from './metrics.ts';

/**
 * For every member, which of the n training rows it did not train on (1 = out-of-bag), from the
 * same seeds training used (member m: `memberSeed(baseSeed, m)`).
 * With `groups`, a row also counts as seen when any row of its group was in the member's bag.
 * @example const masks = outOfBagMasks(3645, 15); // masks[m][i] === 1 ⇔ member m never saw row i
 */
export function outOfBagMasks(n: number, members: number, baseSeed = 0, groups?: readonly string[]): Uint8Array[] {
  if (groups && groups.length !== n) throw new InputError(`groups has ${groups.length} entries for ${n} rows`);
  const gid = groups ? groupIndex(groups) : undefined;
  return Array.from({ length: members }, (_, m) => {
    const mask = new Uint8Array(n);
    for (const i of outOfBagIndices(bootstrapIndices(n, memberSeed(baseSeed, m)), n)) mask[i] = 1;
    if (!gid) return mask;
    const seen = new Uint8Array(gid.count);
    for (let i = 0; i < n; i++) if (!mask[i]) seen[gid.index[i]!] = 1;
    for (let i = 0; i < n; i++) if (seen[gid.index[i]!]) mask[i] = 0;
    return mask;
  });
}

/** Dense 0-based ids of string groups. */
export function groupIndex(groups: readonly string[]): { index: Uint32Array; count: number } {
  const ids = new Map<string, number>();
  const index = Uint32Array.from(groups, (g) => {
    let v = ids.get(g);
    if (v === undefined) ids.set(g, (v = ids.size));
    return v;
  });
  return { index, count: ids.size };
}

/** The out-of-bag ensemble prediction of n rows (K outputs each). */
export interface OutOfBagPrediction {
  /** Mean over each row's out-of-bag members (0 where count is 0). */
  mean: Float32Array;
  /** Mean over the K outputs of the sample variance between those members (NaN where count < 2). */
  meanVariance: Float64Array;
  /** Out-of-bag members of each row. */
  count: Uint16Array;
}

/**
 * Mean and spread of each row over the members for which it is out-of-bag.
 * @example const oob = outOfBagPrediction(pred.members, outOfBagMasks(n, 15), n, 50);
 */
export function outOfBagPrediction(members: readonly Float32Array[], masks: readonly Uint8Array[], n: number, K: number): OutOfBagPrediction {
  if (members.length !== masks.length) throw new InputError(`${members.length} member outputs but ${masks.length} out-of-bag masks`);
  const mean = new Float32Array(n * K);
  const meanVariance = new Float64Array(n).fill(NaN);
  const count = new Uint16Array(n);
  const acc = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    let c = 0;
    members.forEach((p, m) => {
      if (!masks[m]![i]) return;
      c++;
      for (let j = 0; j < K; j++) acc[j]! += p[i * K + j]!;
    });
    count[i] = c;
    if (c === 0) continue;
    for (let j = 0; j < K; j++) mean[i * K + j] = acc[j]! / c;
    if (c < 2) continue;
    let v = 0;
    members.forEach((p, m) => {
      if (!masks[m]![i]) return;
      for (let j = 0; j < K; j++) v += (p[i * K + j]! - acc[j]! / c) ** 2;
    });
    meanVariance[i] = v / (c - 1) / K;
  }
  return { mean, meanVariance, count };
}

/**
 * Digamma function ψ(x) for x > 0 (recurrence to x ≥ 6, then the asymptotic series; |error| < 1e-10).
 * @example digamma(1); // −0.5772156649 (−γ)
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new InputError(`digamma needs x > 0, got ${x}`);
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/**
 * ln of a sample variance from m draws with its small-sample bias removed: for normal draws
 * E[ln s²] = ln σ² + ψ((m−1)/2) − ln((m−1)/2), so a 5-member spread and a 15-member spread of the
 * same σ give the same feature on average.
 * @example lnVarianceUnbiased(0.01, 15); // ≈ ln 0.01 + 0.074
 */
export function lnVarianceUnbiased(variance: number, m: number): number {
  if (!(m >= 2)) throw new InputError(`a sample variance needs at least 2 draws, got ${m}`);
  const h = (m - 1) / 2;
  return Math.log(Math.max(variance, 1e-12)) - (digamma(h) - Math.log(h));
}

/** Query rows per block of the leave-group-out search (bounds the distance buffer). */
const BLOCK = 256;

/**
 * For each of n rows of `rows` (dim values each): the mean Euclidean distance to its k nearest rows of
 * `reference` (nRef rows) outside its own group, and the mean of `values` over those k neighbours.
 * Row i of `rows` belongs to `groups[i]`, reference row t to `referenceGroups[t]`; with the reference
 * being the rows themselves this is the leave-group-out k-NN a training row needs so that its
 * features mean what they mean for a spectrum that is not in the training set.
 * @example const { distance } = knnLeaveGroupOut(x, n, ids, x, n, ids, 111, 5);
 */
export function knnLeaveGroupOut(
  rows: Float32Array,
  n: number,
  groups: readonly string[],
  reference: Float32Array,
  nRef: number,
  referenceGroups: readonly string[],
  dim: number,
  k: number,
  values?: ArrayLike<number>,
): { distance: Float64Array; valueMean: Float64Array } {
  if (rows.length !== n * dim || reference.length !== nRef * dim) throw new InputError(`rows must be ${n} × ${dim} and reference ${nRef} × ${dim}`);
  if (groups.length !== n || referenceGroups.length !== nRef) throw new InputError('one group per row and per reference row needed');
  if (values && values.length !== nRef) throw new InputError(`values has ${values.length} entries for ${nRef} reference rows`);
  if (!(Number.isInteger(k) && k >= 1)) throw new InputError(`k must be a positive integer, got ${k}`);
  const all = groupIndex([...groups, ...referenceGroups]).index;
  const distance = new Float64Array(n);
  const valueMean = new Float64Array(n).fill(NaN);
  const d2 = new Float64Array(nRef);
  const bestD = new Float64Array(k);
  const bestT = new Int32Array(k);
  for (let s0 = 0; s0 < n; s0 += BLOCK) {
    for (let s = s0; s < Math.min(n, s0 + BLOCK); s++) {
      const g = all[s]!;
      for (let t = 0; t < nRef; t++) {
        if (all[n + t] === g) {
          d2[t] = Infinity;
          continue;
        }
        let acc = 0;
        for (let d = 0; d < dim; d++) {
          const diff = rows[s * dim + d]! - reference[t * dim + d]!;
          acc += diff * diff;
        }
        d2[t] = acc;
      }
      bestD.fill(Infinity);
      bestT.fill(-1);
      for (let t = 0; t < nRef; t++) {
        const v = d2[t]!;
        if (!(v < bestD[k - 1]!)) continue;
        let p = k - 1;
        while (p > 0 && bestD[p - 1]! > v) {
          bestD[p] = bestD[p - 1]!;
          bestT[p] = bestT[p - 1]!;
          p--;
        }
        bestD[p] = v;
        bestT[p] = t;
      }
      if (bestT[k - 1]! < 0) throw new InputError(`row ${s} has fewer than ${k} reference rows outside its group`);
      let sd = 0, sv = 0;
      for (let j = 0; j < k; j++) {
        sd += Math.sqrt(bestD[j]!);
        if (values) sv += values[bestT[j]!]!;
      }
      distance[s] = sd / k;
      if (values) valueMean[s] = sv / k;
    }
  }
  return { distance, valueMean };
}

/** What {@link outOfBagErrorRows} returns: the error model's fitting material from the training rows. */
export interface OutOfBagErrorRows {
  /** Feature rows [1, ln⟨σ²⟩ unbiased, ln d_G2, ln d_μ, ⟨ln MSE_oob⟩ of the k nearest inputs] of the usable rows. */
  rows: number[][];
  /** ln MSE of the out-of-bag prediction of those rows (the fit target). */
  lnMse: number[];
  /** Indices (into the training rows) of the usable rows: out-of-bag for at least 2 members. */
  used: number[];
  /** Out-of-bag ln MSE of every training row (the mean of the usable rows where a row has no out-of-bag member): the reference values of `neighbourLnMse`. */
  values: Float32Array;
  medianMembers: number;
  /** Mean member MSE on its in-bag and on its out-of-bag rows (the seeds are right if in-bag < out-of-bag). */
  memberMse: { inBag: number; outOfBag: number };
}

/**
 * Out-of-bag error rows of an ensemble on its training set: member predictions of the n training rows
 * (x: n × L inputs, y: n × K targets), the members' out-of-bag masks (see {@link outOfBagMasks}), the
 * rows' groups (sites of one structure share a group) and k of the k-NN features. The k-NN
 * features leave the row's own group out, so they mean what the same features of a new spectrum do.
 * @example const e = outOfBagErrorRows(pred.members, outOfBagMasks(n, 15), train.x, train.y, n, 111, 50, ids, 5);
 */
export function outOfBagErrorRows(
  members: readonly Float32Array[],
  masks: readonly Uint8Array[],
  x: Float32Array,
  y: Float32Array,
  n: number,
  L: number,
  K: number,
  groups: readonly string[],
  k: number,
): OutOfBagErrorRows {
  const oob = outOfBagPrediction(members, masks, n, K);
  let inBag = 0, outOfBag = 0;
  members.forEach((p, m) => {
    const mse = spectrumMse(p, y, n, K);
    let a = 0, na = 0, b = 0, nb = 0;
    for (let s = 0; s < n; s++) {
      const e = mse[s]!;
      if (masks[m]![s]) (b += e), nb++;
      else (a += e), na++;
    }
    inBag += a / Math.max(na, 1) / members.length;
    outOfBag += b / Math.max(nb, 1) / members.length;
  });
  const lnAll = lnSpectrumMse(oob.mean, y, n, K);
  const ln = Float64Array.from(lnAll, (v, s) => (oob.count[s]! > 0 ? v : NaN));
  const used = Array.from({ length: n }, (_, s) => s).filter((s) => oob.count[s]! >= 2);
  if (used.length === 0) throw new InputError(`no training row is out-of-bag for 2 or more of the ${members.length} members`);
  const lnMean = used.reduce((a, s) => a + ln[s]!, 0) / used.length;
  const values = Float32Array.from(ln, (v) => (Number.isFinite(v) ? v : lnMean));
  const dX = knnLeaveGroupOut(x, n, groups, x, n, groups, L, k, values);
  const dY = knnLeaveGroupOut(oob.mean, n, groups, y, n, groups, K, k);
  const rows = used.map((s) => [1, lnVarianceUnbiased(oob.meanVariance[s]!, oob.count[s]!), Math.log(Math.max(dY.distance[s]!, 1e-9)), Math.log(Math.max(dX.distance[s]!, 1e-9)), dX.valueMean[s]!]);
  const counts = used.map((s) => oob.count[s]!).sort((a, b) => a - b);
  return { rows, lnMse: used.map((s) => ln[s]!), used, values, medianMembers: counts[Math.floor(counts.length / 2)]!, memberMse: { inBag, outOfBag } };
}
