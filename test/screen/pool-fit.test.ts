/**
 * The pool-fit verdict (src/screen/pool-fit.ts) and the choice of its thresholds on dev rows
 * (lab/benchmark/ranking-report.ts), on made-up fits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choosePoolFit } from '../../lab/benchmark/ranking-report.ts';
import type { RankingRow } from '../../lab/benchmark/evaluate-ranking.ts';
import { poolFitVerdict, readPoolFit, type PoolFitThresholds } from '../../src/screen/pool-fit.ts';

const T: PoolFitThresholds = { feature: 'pearson', doubtfulBelow: 0.95, noFitBelow: 0.9 };

describe('poolFitVerdict', () => {
  it('fits, doubtful and no-fit by the thresholds; an unreliable spectrum is never "fits"', () => {
    expect(poolFitVerdict({ pearson: 0.97, rFactor: 0.01 }, 'ok', T).verdict).toBe('fits');
    expect(poolFitVerdict({ pearson: 0.93, rFactor: 0.01 }, 'ok', T).verdict).toBe('doubtful');
    const none = poolFitVerdict({ pearson: 0.85, rFactor: 0.01 }, 'caution', T);
    expect(none.verdict).toBe('no-fit');
    expect(none.reasons[0]).toMatch(/probably not among the candidates/);
    const bad = poolFitVerdict({ pearson: 0.99, rFactor: 0.01 }, 'unreliable', T);
    expect(bad.verdict).toBe('doubtful');
    expect(bad.reasons.join(' ')).toMatch(/own checks say unreliable/);
    expect(poolFitVerdict(undefined, 'ok', T).verdict).toBe('no-fit');
  });

  it('on the R-factor, lower is better', () => {
    const r: PoolFitThresholds = { feature: 'rFactor', doubtfulBelow: -0.02, noFitBelow: -0.05 };
    expect(poolFitVerdict({ pearson: 0, rFactor: 0.01 }, 'ok', r).verdict).toBe('fits');
    expect(poolFitVerdict({ pearson: 1, rFactor: 0.03 }, 'ok', r).verdict).toBe('doubtful');
    expect(poolFitVerdict({ pearson: 1, rFactor: 0.08 }, 'ok', r).verdict).toBe('no-fit');
  });

  it('without thresholds the verdict is not-judged (doubtful for an unreliable spectrum); a damaged file counts as none', () => {
    expect(poolFitVerdict({ pearson: 0.5, rFactor: 1 }, 'ok', null)).toMatchObject({ verdict: 'not-judged', feature: null, reasons: [expect.stringMatching(/not judged/)] });
    expect(poolFitVerdict({ pearson: 0.99, rFactor: 0.01 }, 'unreliable', null).verdict).toBe('doubtful');
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-poolfit-'));
    try {
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ feature: 'cosine', doubtfulBelow: 1, noFitBelow: 0 }));
      expect(readPoolFit(join(dir, 'a.json'))).toBeNull();
      expect(readPoolFit(join(dir, 'missing.json'))).toBeNull();
      writeFileSync(join(dir, 'b.json'), JSON.stringify(T));
      expect(readPoolFit(join(dir, 'b.json'))).toMatchObject(T);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('choosePoolFit', () => {
  const row = (present: number, removed: number, rPresent = 0.01, rRemoved = 0.01): RankingRow =>
    ({ element: 'Fe', half: 'dev', best: { id: 'a', pearson: present, rFactor: rPresent, score: 0 }, bestWithout: { id: 'b', pearson: removed, rFactor: rRemoved, score: 0 } }) as RankingRow;

  it('picks the feature that separates present from removed and puts doubtful at the 10th percentile of present rows', () => {
    // Pearson separates (present 0.95–0.99, removed 0.80–0.89); the R-factor does not.
    const rows = Array.from({ length: 11 }, (_, i) => row(0.95 + i * 0.004, 0.8 + i * 0.009));
    const c = choosePoolFit(rows)!;
    expect(c.thresholds.feature).toBe('pearson');
    expect(c.auc.pearson).toBe(1);
    expect(c.thresholds.noFitBelow).toBeCloseTo(0.95, 10);
    expect(c.thresholds.doubtfulBelow).toBeCloseTo(0.954, 10);
    expect(c.chosenOn).toMatchObject({ present: 11, devFlaggedPresent: 1, devFlaggedRemoved: 11 });
  });

  it('needs at least 3 rows with the right phase removed', () => {
    expect(choosePoolFit([row(0.9, 0.8), row(0.9, 0.8)])).toBeNull();
  });
});

describe('benchmark ranking helpers', async () => {
  const { meanValence, randomTopProbability, reducedFormula } = await import('../../lab/benchmark/evaluate-ranking.ts');
  it('reduces formulae and keeps fractional ones', () => {
    expect(reducedFormula('Fe4O6')).toBe('Fe2O3');
    expect(reducedFormula('O3Fe2')).toBe('Fe2O3');
    expect(reducedFormula('Cu2O2')).toBe('CuO');
    expect(reducedFormula('Fe0.95O')).toBe('Fe0.95O');
  });
  it('random top-N chance: 1 right of 10 in the top 5 is ½; all right is 1; none is 0', () => {
    expect(randomTopProbability(10, 1, 5)).toBeCloseTo(0.5, 12);
    expect(randomTopProbability(10, 2, 5)).toBeCloseTo(1 - (5 / 10) * (4 / 9), 12);
    expect(randomTopProbability(4, 4, 5)).toBe(1);
    expect(randomTopProbability(10, 0, 5)).toBe(0);
  });
  it('mean valence is weighted by multiplicity and skips unassigned sites', () => {
    const site = (oxidationState: number | null, multiplicity: number) => ({ index: 0, multiplicity, oxidationState, bvs: null, coordinationNumber: 6, oxidationLabel: '', coordinationLabel: '' });
    expect(meanValence({ chemistry: { summary: '', meanBvs: null, sites: [site(2, 8), site(3, 16)] } })).toBeCloseTo(8 / 3, 12);
    expect(meanValence({ chemistry: { summary: '', meanBvs: null, sites: [site(null, 4)] } })).toBeNull();
    expect(meanValence({ chemistry: null })).toBeNull();
  });
});

describe('testHalfSummary', async () => {
  const { testHalfSummary } = await import('../../lab/benchmark/ranking-report.ts');
  const { formulaElements } = await import('../../lab/benchmark/evaluate-ranking.ts');
  const row = (compound: string, half: 'dev' | 'test', rank: number | null, trueValence: number | null, top1Valence: number | null, pool = 10): RankingRow =>
    ({ compound, half, rank, pool, randomTopN: 0.5, trueValence, top1Valence, poolValenceShare: 0.25 }) as RankingRow;
  it('counts the test half only: top-5 hits, valence right of scored, and their random expectations', () => {
    const s = testHalfSummary({ Fe: [row('a', 'dev', 1, 2, 2), row('b', 'test', 3, 3, 2.9), row('b', 'test', 7, 3, 2.1), row('c', 'test', null, null, 2, 20)] });
    expect(s['Fe']).toEqual({ compounds: 2, spectra: 3, pool: 10, top5: 1, top5Random: 1.5, valenceRight: 1, valenceScored: 2, valenceRandom: 0.5 });
    expect(testHalfSummary({ Cu: [row('a', 'dev', 1, 2, 2)] })).toEqual({});
  });
  it('reads the elements of a formula', () => {
    expect(formulaElements('FeO(OH)')).toEqual(['Fe', 'O', 'O', 'H']);
  });
});
