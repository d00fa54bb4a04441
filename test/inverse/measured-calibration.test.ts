/**
 * The measured σ calibration fits (lab/inverse/measured-calibration.ts, measured-evaluation.ts) on
 * synthetic data whose right answer is known: errors drawn as |z|·c·spread must give the scale
 * 1.96·c/2 for ±2σ = 95 %, replicate scans must not outvote compounds, and the form chosen by
 * leave-one-compound-out must follow how the errors were made.
 */
import { describe, expect, it } from 'vitest';
import { chooseFirstShellForm, compoundWeights, coverageCounts, fitConstant, fitFirstShell, fitG2Scale, intervalScore, weightedQuantile, type FirstShellPoint } from '../../lab/inverse/measured-calibration.ts';
import { evaluateMeasuredCalibration } from '../../lab/inverse/measured-evaluation.ts';
import type { MeasuredInverseRow } from '../../lab/inverse/measured-rows.ts';
import { calibratedFirstShellSigma } from '../../src/inverse/index.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

/** Standard normal deviates (Box–Muller) from a seeded generator. */
function normals(seed: number): () => number {
  const u = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** n compounds, one scan each: spread in [0.01, 0.11] Å, error = |z|·c·spread (+ |z'|·floor). */
function points(n: number, c: number, seed: number, floor = 0): FirstShellPoint[] {
  const z = normals(seed);
  const u = seededRandom(seed + 1);
  return Array.from({ length: n }, (_, i) => {
    const spread = 0.01 + 0.1 * u();
    return { compound: `c${i}`, spreadAngstrom: spread, errorAngstrom: Math.hypot(c * spread * z(), floor * z()) };
  });
}

describe('weights and quantiles', () => {
  it('every compound weighs the same, whatever its number of scans', () => {
    const w = compoundWeights(['a', 'a', 'a', 'b']);
    expect(w).toEqual([1 / 6, 1 / 6, 1 / 6, 1 / 2]);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('weightedQuantile is the smallest value reaching the weight; NaN counts as +∞', () => {
    expect(weightedQuantile([1, 2, 3], [1, 1, 2], 0.5)).toBe(2);
    expect(weightedQuantile([3, 1, 2], [1, 1, 1], 1)).toBe(3);
    expect(weightedQuantile([1, NaN], [1, 1], 1)).toBe(Infinity);
  });

  it('interval score: width plus 2/α times the miss', () => {
    expect(intervalScore(0.1, 0.2, 0.05)).toBeCloseTo(0.4, 12);
    expect(intervalScore(0.3, 0.2, 0.05)).toBeCloseTo(0.4 + 40 * 0.1, 12);
  });
});

describe('fitFirstShell', () => {
  it('recovers the scale: errors |z|·3·spread need a = 1.96·3/2 ≈ 2.94 for ±2σ = 95 %', () => {
    const fit = fitFirstShell(points(4000, 3, 7), 'scale');
    expect(fit.floorAngstrom).toBe(0);
    expect(fit.scale).toBeGreaterThan(2.8);
    expect(fit.scale).toBeLessThan(3.1);
    // And it holds on fresh data from the same law.
    const fresh = points(4000, 3, 99);
    const inside = fresh.filter((p) => p.errorAngstrom <= 2 * calibratedFirstShellSigma(p.spreadAngstrom, fit)).length / fresh.length;
    expect(inside).toBeGreaterThan(0.93);
    expect(inside).toBeLessThan(0.97);
  });

  it("replicate scans share their compound's weight: 50 bad scans of one compound among 20 do not set the scale", () => {
    const good = Array.from({ length: 19 }, (_, i) => ({ compound: `g${i}`, spreadAngstrom: 0.1, errorAngstrom: 0.1 })); // ratio err/(2·spread) = 0.5
    const bad = Array.from({ length: 50 }, () => ({ compound: 'bad', spreadAngstrom: 0.1, errorAngstrom: 2 })); // ratio 10
    expect(fitFirstShell([...good, ...bad], 'scale', { minScale: 0 }).scale).toBeCloseTo(0.5, 12);
    // Counted by scans, the bad compound would need the scale of 10.
    expect(
      fitFirstShell(
        [...good, ...bad].map((p, i) => ({ ...p, compound: `s${i}` })),
        'scale',
        { minScale: 0 },
      ).scale,
    ).toBeCloseTo(10, 12);
  });

  it("never narrower than the members' spread unless asked (minScale)", () => {
    const tiny = Array.from({ length: 10 }, (_, i) => ({ compound: `c${i}`, spreadAngstrom: 0.1, errorAngstrom: 0.01 }));
    expect(fitFirstShell(tiny, 'scale').scale).toBe(1);
    expect(fitFirstShell(tiny, 'scale', { minScale: 0 }).scale).toBeCloseTo(0.05, 12);
  });

  it('scale+floor reaches the coverage with a narrower mean σ than the scale alone when errors do not follow the spread', () => {
    const pts = points(400, 0, 3, 0.1); // error |z|·0.1 Å whatever the spread
    const scale = fitFirstShell(pts, 'scale');
    const both = fitFirstShell(pts, 'scale+floor');
    const cover = (f: typeof scale) => pts.filter((p) => p.errorAngstrom <= 2 * calibratedFirstShellSigma(p.spreadAngstrom, f)).length / pts.length;
    const width = (f: typeof scale) => pts.reduce((a, p) => a + calibratedFirstShellSigma(p.spreadAngstrom, f), 0);
    expect(cover(both)).toBeGreaterThanOrEqual(0.95);
    expect(cover(scale)).toBeGreaterThanOrEqual(0.95);
    expect(width(both)).toBeLessThan(0.7 * width(scale));
    expect(both.floorAngstrom).toBeGreaterThan(0.05);
    expect(fitConstant(pts)).toBeCloseTo(
      weightedQuantile(
        pts.map((p) => p.errorAngstrom / 2),
        compoundWeights(pts.map((p) => p.compound)),
        0.95,
      ),
      12,
    );
  });
});

describe('chooseFirstShellForm (leave-one-compound-out)', () => {
  it('chooses the scale when errors follow the spread, scale+floor when they do not', () => {
    expect(chooseFirstShellForm(points(60, 3, 11)).chosen).toBe('scale');
    expect(chooseFirstShellForm(points(60, 0, 12, 0.1)).chosen).toBe('scale+floor');
  });

  it('needs two compounds', () => {
    expect(() => chooseFirstShellForm([{ compound: 'a', errorAngstrom: 0.1, spreadAngstrom: 0.1 }])).toThrow(/needs at least 2/);
  });
});

describe('fitG2Scale', () => {
  it('recovers the factor on σ: truth = mean + z·2σ needs 1.96·2/2 = 1.96', () => {
    const z = normals(5);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const sigma = Array.from({ length: 50 }, (_, j) => 0.01 + 0.001 * j);
      const mean = sigma.map(() => 1);
      return { compound: `c${i}`, mean, sigma, truth: mean.map((m, j) => m + z() * 2 * sigma[j]!) };
    });
    const s = fitG2Scale(rows);
    expect(s).toBeGreaterThan(1.85);
    expect(s).toBeLessThan(2.07);
  });
});

describe('coverageCounts', () => {
  it('a compound counts when more than half of its scans are covered', () => {
    const c = coverageCounts(['a', 'a', 'b', 'b', 'b', 'c'], [1, 0, 1, 1, 0, 1]);
    expect(c.spectra).toEqual({ covered: 4, of: 6 });
    expect(c.compounds).toEqual({ covered: 2, of: 3 }); // a: 1 of 2 is not a majority
    expect(c.weighted).toBeCloseTo((0.5 + 2 / 3 + 1) / 3, 12);
  });
});

describe('evaluateMeasuredCalibration', () => {
  /** Synthetic rows: first-shell errors |z|·2·spread, G2 truth = mean + z·3σ. */
  function rows(n: number, half: 'dev' | 'test', seed: number): MeasuredInverseRow[] {
    const z = normals(seed);
    const u = seededRandom(seed + 1);
    return Array.from({ length: n }, (_, i) => {
      const spread = 0.02 + 0.05 * u();
      const error = Math.abs(2 * spread * z());
      const sigma = Array.from({ length: 50 }, () => 0.05);
      const mean = sigma.map(() => 0.5);
      return {
        id: `${half}-${i}`,
        compound: `${half}${i}`,
        half,
        mode: 'transmission',
        beamline: 'test',
        structure: 'none',
        truthAlternativesAngstrom: [2],
        firstShell: { predictedAngstrom: 2 + error, memberSpreadAngstrom: spread, truthAngstrom: 2, errorAngstrom: error },
        g2: { mean, sigma, truth: mean.map((m) => m + 3 * 0.05 * z()) },
      };
    });
  }

  it('fits on dev only and holds the stated coverage on a test half drawn from the same law', () => {
    const dev = rows(150, 'dev', 21);
    const test = rows(150, 'test', 22);
    const ev = evaluateMeasuredCalibration('Fe', [...dev, ...test]);
    expect(ev.firstShell.fit.scale).toBeGreaterThan(1.7);
    expect(ev.firstShell.fit.scale).toBeLessThan(2.3);
    expect(ev.g2Scale.applied).toBeGreaterThan(2.7);
    expect(ev.g2Scale.applied).toBeLessThan(3.2);
    expect(ev.test.firstShell.after.twoSigma.weighted).toBeGreaterThan(0.9);
    expect(ev.test.firstShell.before.twoSigma.weighted).toBeLessThan(0.78);
    expect(ev.test.g2.after.twoSigma).toBeGreaterThan(0.92);
    // Test errors ten times larger: the same fit (test is never used), a coverage that shows it.
    const worse = test.map((r) => ({ ...r, firstShell: { ...r.firstShell!, errorAngstrom: 10 * r.firstShell!.errorAngstrom } }));
    const ev2 = evaluateMeasuredCalibration('Fe', [...dev, ...worse]);
    expect(ev2.firstShell.fit).toEqual(ev.firstShell.fit);
    expect(ev2.g2Scale).toEqual(ev.g2Scale);
    expect(ev2.test.firstShell.after.twoSigma.weighted).toBeLessThan(0.5);
  });
});
