import { describe, expect, it } from 'vitest';
import { candidateOxidationLabel, chemistryAgreement, fitWeights, type ChemistrySiteLike } from '../../src/chemistry/index.ts';

const site = (oxidationLabel: string, coordinationLabel: string, bvs: number | null, multiplicity = 4): ChemistrySiteLike => ({ oxidationLabel, coordinationLabel, bvs, multiplicity });
const cuo = [site('Cu(II)', '4-coordinate O', 1.9)];
const cuo6 = [site('Cu(II)', '6-coordinate O', 2.1)];
const cu2o = [site('Cu(I)', '2-coordinate O', 1.0)];
const cu3 = [site('Cu(III)', '4-coordinate O', 2.9)];

describe('chemistryAgreement', () => {
  it('counts whole candidates per label, starts with the best fit and claims the consensus it holds', () => {
    const rows = [cuo, cuo, cuo, cuo, cuo, cuo, cuo, cuo6, cuo6, cu2o];
    const a = chemistryAgreement(rows, { top: 10 });
    expect(a.sentence).toBe('top 10: the best fit reads Cu(II), 4-coordinate O; 9 of 10 agree on Cu(II) (90 % of the fit weight)');
    expect(a.oxidation).toEqual([
      { label: 'Cu(II)', count: 9, weight: expect.closeTo(0.9, 10), meanBvs: expect.closeTo((7 * 1.9 + 2 * 2.1) / 9, 10) },
      { label: 'Cu(I)', count: 1, weight: expect.closeTo(0.1, 10), meanBvs: 1 },
    ]);
    expect(a.coordination.map((c) => [c.label, c.count])).toEqual([['4-coordinate O', 7], ['6-coordinate O', 2], ['2-coordinate O', 1]]);
    expect(a.consensus).toEqual({ oxidation: 'Cu(II)', coordination: '4-coordinate O' });
    for (const c of [...a.oxidation, ...a.coordination]) expect(Number.isInteger(c.count)).toBe(true);
  });

  it('never claims a consensus the best candidate does not share (HERFD Cu2O: Cu2O first, most of the top 10 Cu(III))', () => {
    const rows = [cu2o, cu3, cu3, cu3, cu3, cuo, cuo, cu2o, cu3, cuo];
    const a = chemistryAgreement(rows);
    expect(a.best).toEqual({ oxidation: 'Cu(I)', coordination: '2-coordinate O' });
    expect(a.consensus.oxidation).toBeNull();
    expect(a.sentence).toBe('top 10: no consensus: the best fit reads Cu(I), 2-coordinate O (2 of 10, 20 % of the fit weight); 5 of 10 read Cu(III) (50 % of the fit weight)');
  });

  it('weights candidates by fit: a close second counts, a poor tenth hardly', () => {
    const rows = [cuo, cu2o, cu2o];
    const even = chemistryAgreement(rows);
    expect(even.consensus.oxidation).toBeNull();
    const weighted = chemistryAgreement(rows, { weights: [1, 0.05, 0.05] });
    expect(weighted.consensus.oxidation).toBe('Cu(II)');
    expect(weighted.sentence).toBe('top 3: the best fit reads Cu(II), 4-coordinate O; 1 of 3 agree on Cu(II) (91 % of the fit weight)');
  });

  it('labels a mixed-valence candidate once, by its site labels', () => {
    const magnetite = [site('Fe(III)', '4-coordinate O', 2.8, 8), site('Fe(II/III)', '6-coordinate O', 2.7, 16)];
    expect(candidateOxidationLabel(magnetite)).toBe('Fe(II/III) + Fe(III)');
    const hematite = [site('Fe(III)', '6-coordinate O', 2.95, 12)];
    const a = chemistryAgreement([hematite, magnetite]);
    expect(a.oxidation.map((c) => [c.label, c.count])).toEqual([['Fe(III)', 1], ['Fe(II/III) + Fe(III)', 1]]);
    expect(a.coordination.map((c) => [c.label, c.count])).toEqual([['6-coordinate O', 2]]);
  });

  it('takes only the first `top` rows and names the ones without a readout', () => {
    expect(chemistryAgreement([cuo, null, cu2o, cu2o], { top: 3 }).sentence).toBe(
      'top 3: no consensus: the best fit reads Cu(II), 4-coordinate O (1 of 2, 50 % of the fit weight); 1 of 2 read Cu(I) (50 % of the fit weight); 1 without a readout',
    );
    expect(chemistryAgreement([null, cuo, cuo]).sentence).toBe('top 3: the best fit has no chemistry readout; 2 of 2 read Cu(II) (100 % of the fit weight); 1 without a readout');
    expect(chemistryAgreement([cuo]).sentence).toBe('top 1: the best fit reads Cu(II), 4-coordinate O; no other candidate has a readout');
    expect(chemistryAgreement([null, undefined, []]).sentence).toBe('top 3: no chemistry readout');
    expect(chemistryAgreement([]).withChemistry).toBe(0);
  });
});

describe('fitWeights', () => {
  it('is exp(−½ z²) of the score distance to the best in units of the candidate σ', () => {
    const w = fitWeights([{ score: 0.1, scoreSigma: 0.05 }, { score: 0.2, scoreSigma: 0.05 }, { score: 0.3, scoreSigma: null }]);
    expect(w[0]).toBe(1);
    expect(w[1]).toBeCloseTo(Math.exp(-2), 12);
    expect(w[2]).toBe(1);
    expect(fitWeights([])).toEqual([]);
  });
});
