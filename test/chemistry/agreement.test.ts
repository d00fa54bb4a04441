import { describe, expect, it } from 'vitest';
import { chemistryAgreement, type ChemistrySiteLike } from '../../src/chemistry/index.ts';

const site = (oxidationLabel: string, coordinationLabel: string, bvs: number | null, multiplicity = 4): ChemistrySiteLike => ({ oxidationLabel, coordinationLabel, bvs, multiplicity });
const cuo = [site('Cu(II)', '4-coordinate O', 1.9)];
const cuo6 = [site('Cu(II)', '6-coordinate O', 2.1)];
const cu2o = [site('Cu(I)', '2-coordinate O', 1.0)];

describe('chemistryAgreement', () => {
  it('counts candidates per oxidation and per coordination label and writes the sentence', () => {
    const rows = [cuo, cuo, cuo, cuo, cuo, cuo, cuo, cuo6, cuo6, cu2o];
    const a = chemistryAgreement(rows, { top: 10 });
    expect(a.sentence).toBe('top 10: 9 × Cu(II), 4-coordinate O (7)');
    expect(a.oxidation).toEqual([
      { label: 'Cu(II)', count: 9, meanBvs: expect.closeTo((7 * 1.9 + 2 * 2.1) / 9, 10) },
      { label: 'Cu(I)', count: 1, meanBvs: 1 },
    ]);
    expect(a.coordination.map((c) => [c.label, c.count])).toEqual([['4-coordinate O', 7], ['6-coordinate O', 2], ['2-coordinate O', 1]]);
  });

  it('splits a candidate over its sites by multiplicity', () => {
    const magnetite = [site('Fe(III)', '4-coordinate O', 2.8, 8), site('Fe(II/III)', '6-coordinate O', 2.7, 16)];
    const hematite = [site('Fe(III)', '6-coordinate O', 2.95, 12)];
    const a = chemistryAgreement([hematite, magnetite]);
    expect(a.oxidation.map((c) => [c.label, +c.count.toFixed(3)])).toEqual([['Fe(III)', 1.333], ['Fe(II/III)', 0.667]]);
    expect(a.sentence).toBe('top 2: 1.3 × Fe(III), 6-coordinate O (1.7)');
  });

  it('takes only the first `top` rows and names the ones without a readout', () => {
    expect(chemistryAgreement([cuo, null, cu2o, cu2o], { top: 3 }).sentence).toBe('top 3: 1 × Cu(I), 2-coordinate O (1); 1 without a readout');
    expect(chemistryAgreement([null, undefined, []]).sentence).toBe('top 3: no chemistry readout');
    expect(chemistryAgreement([]).withChemistry).toBe(0);
  });
});
