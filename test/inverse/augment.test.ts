import { describe, expect, it } from 'vitest';
import { augmentRow, AUGMENT_DEFAULTS, type AugmentSpec } from '../../src/inverse/augment.ts';
import { seededRng } from '../../src/learn/seeded-rng.ts';

const stepEv = 0.5;
const grid = Float32Array.from({ length: 101 }, (_, i) => -10 + i * stepEv);
const edge = (shiftEv = 0) => Float32Array.from(grid, (e) => 0.5 + Math.atan((e - shiftEv) / 1.5) / Math.PI);

describe('augmentRow', () => {
  it('shifts the spectrum by the drawn energy only', () => {
    const spec: AugmentSpec = { stepEv, probability: 1, shiftSigmaEv: 1, maxExtraFwhmEv: 0, maxNoise: 0, scaleSigma: 0 };
    const row = edge();
    const rng = seededRng(3);
    augmentRow(row, spec, rng);
    // out(E) = in(E + δ): the half-height point moves from 0 to −δ.
    let i = 0;
    while (row[i + 1]! < 0.5) i++;
    const half = grid[i]! + ((0.5 - row[i]!) / (row[i + 1]! - row[i]!)) * stepEv;
    expect(Math.abs(half)).toBeGreaterThan(0.01);
    expect(Math.abs(half)).toBeLessThan(3.01);
  });
  it('leaves rows untouched with probability 0 and keeps a constant constant', () => {
    const row = edge();
    augmentRow(row, { ...AUGMENT_DEFAULTS, stepEv, probability: 0 }, seededRng(1));
    expect(Array.from(row)).toEqual(Array.from(edge()));
    const flat = new Float32Array(50).fill(1);
    augmentRow(flat, { stepEv, probability: 1, shiftSigmaEv: 2, maxExtraFwhmEv: 3, maxNoise: 0, scaleSigma: 0 }, seededRng(2));
    for (const v of flat) expect(v).toBeCloseTo(1, 5);
  });
  it('is reproducible for a seed and differs between draws', () => {
    const spec = { ...AUGMENT_DEFAULTS, stepEv, probability: 1 };
    const a = edge(), b = edge(), c = edge();
    augmentRow(a, spec, seededRng(7));
    augmentRow(b, spec, seededRng(7));
    const rng = seededRng(7);
    augmentRow(c, spec, rng);
    const d = edge();
    augmentRow(d, spec, rng);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(c)).not.toEqual(Array.from(d));
  });
});
