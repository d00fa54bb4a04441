import { describe, expect, it } from 'vitest';
import { Lattice } from '../../src/structure/index.ts';
import { InputError } from '../../src/errors.ts';

describe('Lattice', () => {
  it('cubic: volume, widths, frac↔cart round trip', () => {
    const l = Lattice.cubic(4);
    expect(l.volume).toBeCloseTo(64, 10);
    expect(l.perpendicularWidthsAngstrom).toEqual([4, 4, 4].map((x) => expect.closeTo(x, 10)));
    expect(Array.from(l.fracToCart([0.5, 0.25, 1]))).toEqual([2, 1, 4].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(l.cartToFrac([2, 1, 4]))).toEqual([0.5, 0.25, 1].map((x) => expect.closeTo(x, 12)));
  });

  it('fromParameters reproduces a, b, c, α, β, γ for a triclinic cell', () => {
    const l = Lattice.fromParameters(5.1, 6.2, 7.3, 81, 97, 112);
    const p = l.parameters;
    expect(p.aAngstrom).toBeCloseTo(5.1, 10);
    expect(p.bAngstrom).toBeCloseTo(6.2, 10);
    expect(p.cAngstrom).toBeCloseTo(7.3, 10);
    expect(p.alphaDeg).toBeCloseTo(81, 8);
    expect(p.betaDeg).toBeCloseTo(97, 8);
    expect(p.gammaDeg).toBeCloseTo(112, 8);
    // Inverse is a true inverse.
    const f = [0.13, -0.7, 2.4];
    expect(Array.from(l.cartToFrac(l.fracToCart(f)))).toEqual(f.map((x) => expect.closeTo(x, 12)));
  });

  it('hexagonal hematite cell volume (AMCSD gives 302.722 Å³)', () => {
    expect(Lattice.fromParameters(5.038, 5.038, 13.772, 90, 90, 120).volume).toBeCloseTo(302.72, 1);
  });

  it('perpendicular widths of a skewed cell are smaller than the edge lengths', () => {
    const l = new Lattice([
      [3, 0, 0],
      [2.9, 1, 0],
      [0, 0, 5],
    ]);
    const [wa, wb, wc] = l.perpendicularWidthsAngstrom;
    expect(wa).toBeCloseTo(3 * 1 / Math.hypot(2.9, 1), 10); // |V| / |b×c| = 15 / (5·|b|)
    expect(wb).toBeCloseTo(1, 10);
    expect(wc).toBeCloseTo(5, 10);
  });

  it('rejects impossible cells with InputError', () => {
    expect(() => Lattice.fromParameters(1, 1, 1, 10, 10, 120)).toThrow(InputError);
    expect(() => new Lattice([1, 0, 0, 2, 0, 0, 0, 0, 1])).toThrow(/coplanar/);
    expect(() => Lattice.cubic(-1)).toThrow(InputError);
  });
});
