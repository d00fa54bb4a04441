import { describe, expect, it } from 'vitest';
import {
  checkStatusCounts,
  coveredWindow,
  forwardSiteErrors,
  g2Errors,
  gridColumns,
  oodVerdictSummary,
  perVerdict,
  poolOodSummaries,
  verdictShares,
  windowDistanceCheck,
  type Confidence,
} from '../../src/confidence/index.ts';
import type { Spectrum } from '../../src/io/index.ts';
import { seededRng } from '../../src/learn/index.ts';

describe('verdict summaries', () => {
  it('shares of each verdict', () => {
    expect(verdictShares([{ verdict: 'ok' }, { verdict: 'ok' }, { verdict: 'unreliable' }, { verdict: 'caution' }])).toEqual({ ok: 0.5, caution: 0.25, unreliable: 0.25 });
    expect(verdictShares([])).toEqual({ ok: 0, caution: 0, unreliable: 0 });
  });
  it('errors per verdict: count, share and a summary of each error list over the rows with that verdict', () => {
    const per = perVerdict(['ok', 'caution', 'ok', 'ok'], { firstShellError: [0.1, 2.5, 0.3, 0.2], mse: [1, 9, 3, 2] });
    expect(Object.keys(per.ok)).toEqual(['count', 'share', 'firstShellError', 'mse']);
    expect(per.ok.count).toBe(3);
    expect(per.ok.share).toBe(0.75);
    expect(per.ok.firstShellError.median).toBe(0.2);
    expect(per.ok.mse.mean).toBe(2);
    expect(per.caution.mse.median).toBe(9);
    expect(per.unreliable.count).toBe(0);
    expect(per.unreliable.mse.median).toBeNaN();
  });
  it('counts each check by status', () => {
    const c = (reasons: [string, Confidence['verdict']][]): Confidence => ({ verdict: 'ok', score: 1, reasons: reasons.map(([check, status]) => ({ check, status, value: null, threshold: null, message: '' })) });
    expect(checkStatusCounts([c([['noise', 'ok'], ['e0', 'caution']]), c([['noise', 'unreliable']])])).toEqual({ noise: { ok: 1, caution: 0, unreliable: 1 }, e0: { ok: 0, caution: 1, unreliable: 0 } });
  });
});

describe('errors the verdicts are compared with', () => {
  const r = Array.from({ length: 50 }, (_, k) => 1 + (5 * k) / 49);
  const peak = (c: number) => r.map((x) => Math.exp(-(((x - c) / 0.15) ** 2)));
  it('G2: first-shell error (a missing first shell counts 2.5 Å) and MSE per row', () => {
    const target = Float32Array.from([...peak(2), ...peak(2)]);
    const pred = Float32Array.from([...peak(2.2), ...r.map(() => 0)]);
    const { firstShellError, mse } = g2Errors(r, pred, target, 2);
    expect(firstShellError[0]).toBeCloseTo(0.2, 1);
    expect(firstShellError[1]).toBe(2.5);
    expect(mse[1]).toBeCloseTo(peak(2).reduce((a, v) => a + Math.fround(v) ** 2, 0) / 50, 6);
  });
  it('forward sites: MSE against the site\'s target row and the mean calibrated spread', () => {
    const target = [0, 0, 1, 1, 5, 5]; // rows 0, 1, 2 of K = 2
    const { mse, spread } = forwardSiteErrors([1, 1, 0, 0], [0.1, 0.3, 1, 1], target, [1, 2], 2, (k) => (k === 0 ? 2 : 1));
    expect(mse).toEqual([0, 25]);
    expect(spread[0]).toBeCloseTo((0.1 * 2 + 0.3) / 2, 12);
    expect(spread[1]).toBeCloseTo(1.5, 12);
  });
});

describe('grid window of short spectra', () => {
  const spectrum = (startEv: number, endEv: number, dataStartEv?: number): Spectrum => ({
    energyEv: Float64Array.of(startEv, endEv),
    mu: Float64Array.of(0, 1),
    meta: { format: 'columns', source: 't', headers: dataStartEv === undefined ? {} : { dataStartEv: String(dataStartEv) } },
    warnings: [],
  });
  it('covers the grid points inside the data start and end of ≥ 90 % of the aligned spectra', () => {
    const grid = { startEv: -10, stepEv: 1, n: 61 };
    // Relative to E0 = 1000: data from −5 (padded spectra record their real start) to +30 eV, one spectrum shorter.
    const spectra = [spectrum(935, 1030, 995), spectrum(935, 1030, 995), spectrum(995, 1030), spectrum(995, 1010), spectrum(0, 1)];
    // Ends +30, +30, +30, +10 eV: their 10 % quantile is +16 eV.
    expect(coveredWindow(spectra, [1000, 1000, 1000, 1000, undefined], grid)).toEqual([5, 26]);
  });
  it('gridColumns keeps columns i0…i1 of each row', () => {
    expect(Array.from(gridColumns(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, [1, 2]))).toEqual([2, 3, 5, 6]);
  });
});

describe('windowDistanceCheck', () => {
  it('refits the distance on the window: rows unlike the training rows there are beyond the threshold', () => {
    const rng = seededRng(3);
    const L = 12;
    const rows = (n: number, offset: (i: number) => number) => Float32Array.from({ length: n * L }, (_, j) => Math.sin((j % L) / 2) + 0.05 * rng.normal() + offset(j % L));
    const train = { x: rows(200, () => 0), n: 200 };
    const calibration = { x: rows(50, () => 0), n: 50 };
    const check = windowDistanceCheck(train, calibration, L, [2, 9]);
    const familiar = check.distances(rows(20, () => 0), 20);
    const outsideWindow = check.distances(rows(20, (i) => (i < 2 ? 5 : 0)), 20); // differs only off the window
    const inWindow = check.distances(rows(20, (i) => (i >= 4 && i <= 6 ? 1 : 0)), 20);
    expect(familiar.filter((d) => d > check.threshold).length).toBeLessThanOrEqual(2);
    expect(outsideWindow.filter((d) => d > check.threshold).length).toBeLessThanOrEqual(2);
    expect(inWindow.every((d) => d > check.threshold)).toBe(true);
  });
});

describe('out-of-distribution summaries', () => {
  const reason = (check: string, status: Confidence['verdict']) => ({ check, status, value: null, threshold: null, message: '' });
  const row = (distance: number, ...reasons: ReturnType<typeof reason>[]) => ({ distance, confidence: { verdict: reasons.some((r) => r.status === 'unreliable') ? ('unreliable' as const) : ('ok' as const), score: 1, reasons } });
  const rows = [
    row(1, reason('energy-range', 'unreliable'), reason('training-distance', 'ok')), // unreliable by the range alone
    row(3, reason('energy-range', 'ok'), reason('training-distance', 'unreliable')),
    row(2, reason('energy-range', 'ok'), reason('training-distance', 'ok')),
  ];
  it('shares of a set: not-aligned spectra count as unreliable overall, the per-check shares are over aligned ones', () => {
    const s = oodVerdictSummary(rows, 1, 4, [0.5, 2, 3], 1, [0, 1, 2, 3, 4]);
    expect(s).toEqual({
      spectra: 4,
      notAligned: 1,
      verdicts: { ok: 1 / 3, caution: 0, unreliable: 2 / 3 },
      unreliableIncludingNotAligned: 3 / 4,
      withoutRangeUnreliable: 1 / 3,
      distancePaddedUnreliable: 1 / 3,
      distanceWindowUnreliable: 2 / 3,
      medianDistance: 2,
      medianDistancePercentile: 0.5,
    });
  });
  it('pools sets over all their spectra', () => {
    const a = oodVerdictSummary(rows, 1, 4, [0.5, 2, 3], 1, [0, 1, 2, 3, 4]);
    const b = oodVerdictSummary([rows[2]!], 0, 1, [0], 1, [0, 1, 2, 3, 4]);
    const p = poolOodSummaries([a, b]);
    expect(p.spectra).toBe(5);
    expect(p.unreliable).toBeCloseTo(3 / 5, 12);
    expect(p.withoutRangeUnreliable).toBeCloseTo(2 / 5, 12); // 1 aligned + 1 not aligned, of 5
    expect(p.distanceWindowUnreliable).toBeCloseTo(3 / 5, 12);
    expect(poolOodSummaries([])).toEqual({ spectra: 0, unreliable: 0, withoutRangeUnreliable: 0, distancePaddedUnreliable: 0, distanceWindowUnreliable: 0 });
  });
});
