import { describe, it, expect } from 'vitest';
import { realSphericalHarmonics, soapLength, soapPowerSpectrum, SOAP_DEFAULTS, type SoapParams } from '../../src/structure/soap.ts';
import { InputError } from '../../src/errors.ts';
import { seededRng } from '../../src/learn/index.ts';

/** Legendre P_l(x) by Bonnet's recursion. */
function legendre(l: number, x: number): number {
  let p0 = 1;
  let p1 = x;
  if (l === 0) return 1;
  for (let k = 2; k <= l; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return p1;
}

/** The power spectrum as the double sum over neighbour pairs (the addition-theorem form). */
function pairSum(v: number[], w: number[][], p: SoapParams): number[] {
  const N = p.nRadial;
  const d = (p.rMaxAngstrom - p.rMinAngstrom) / (N - 1);
  const g = (r: number, n: number): number =>
    r >= p.cutoffAngstrom ? 0 : Math.exp(-((r - (p.rMinAngstrom + n * d)) ** 2) / (2 * d * d)) * 0.5 * (Math.cos((Math.PI * r) / p.cutoffAngstrom) + 1);
  const m = v.length / 3;
  const r = Array.from({ length: m }, (_, i) => Math.hypot(v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!));
  const out: number[] = [];
  for (let a = 0; a < w.length; a++)
    for (let b = a; b < w.length; b++)
      for (let l = 0; l <= p.lMax; l++)
        for (let n = 0; n < N; n++)
          for (let n2 = a === b ? n : 0; n2 < N; n2++) {
            let s = 0;
            for (let i = 0; i < m; i++)
              for (let j = 0; j < m; j++) {
                const cos = (v[3 * i]! * v[3 * j]! + v[3 * i + 1]! * v[3 * j + 1]! + v[3 * i + 2]! * v[3 * j + 2]!) / (r[i]! * r[j]!);
                s += w[a]![i]! * w[b]![j]! * g(r[i]!, n) * g(r[j]!, n2) * legendre(l, Math.max(-1, Math.min(1, cos)));
              }
            out.push(s);
          }
  return out;
}

function randomNeighbourhood(seed: number, m: number): { v: number[]; w: number[][] } {
  const rng = seededRng(seed);
  const v: number[] = [];
  for (let i = 0; i < m; i++) {
    const r = 1.6 + 4.2 * rng.uniform();
    const x = rng.normal();
    const y = rng.normal();
    const z = rng.normal();
    const n = Math.hypot(x, y, z);
    v.push((r * x) / n, (r * y) / n, (r * z) / n);
  }
  const zs = Array.from({ length: m }, () => [1, 6, 8, 26, 29][Math.floor(rng.uniform() * 5)]!);
  return { v, w: [zs.map(() => 1), zs.map((z) => 0.1 * z)] };
}

function rotateVectors(v: number[], a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 3) {
    const [x, y, z] = [v[i]!, v[i + 1]!, v[i + 2]!];
    const x1 = Math.cos(a) * x - Math.sin(a) * y;
    const y1 = Math.sin(a) * x + Math.cos(a) * y;
    out.push(x1, Math.cos(b) * y1 - Math.sin(b) * z, Math.sin(b) * y1 + Math.cos(b) * z);
  }
  return out;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m / scale;
}

describe('real spherical harmonics', () => {
  it('Y_00 = 1/√(4π), Y_10 ∝ cos θ, and Σ_m Y_lm² = (2l+1)/(4π) for every direction', () => {
    const y = new Float64Array(81);
    realSphericalHarmonics(0.3, -1.2, 0.7, 8, y);
    expect(y[0]).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 14);
    expect(y[2]).toBeCloseTo(Math.sqrt(3 / (4 * Math.PI)) * (0.7 / Math.hypot(0.3, -1.2, 0.7)), 14);
    for (let l = 0; l <= 8; l++) {
      let s = 0;
      for (let m = -l; m <= l; m++) s += y[l * l + l + m]! ** 2;
      expect(s).toBeCloseTo((2 * l + 1) / (4 * Math.PI), 12);
    }
  });

  it('is finite on the poles (sin θ = 0)', () => {
    const y = new Float64Array(49);
    realSphericalHarmonics(0, 0, -2, 6, y);
    expect(Array.from(y).every(Number.isFinite)).toBe(true);
    expect(y[0 * 0 + 0]).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 14);
  });
});

describe('SOAP power spectrum', () => {
  it('has the documented length: per channel pair and l, n(n+1)/2 (same channel) or n² (mixed)', () => {
    expect(soapLength(SOAP_DEFAULTS, 2)).toBe((36 + 64 + 36) * 7);
    expect(soapLength({ ...SOAP_DEFAULTS, nRadial: 3, lMax: 2 }, 1)).toBe(6 * 3);
  });

  it('equals the pair sum Σ_ij w_i w_j g_n(r_i) g_n\'(r_j) P_l(cos θ_ij) (addition theorem)', () => {
    const { v, w } = randomNeighbourhood(5, 9);
    const p = { ...SOAP_DEFAULTS, lMax: 7 };
    expect(maxRelDiff(soapPowerSpectrum(v, w, p), pairSum(v, w, p))).toBeLessThan(1e-12);
  });

  it('is invariant under rotation and under reordering of the neighbours', () => {
    const { v, w } = randomNeighbourhood(8, 12);
    const a = soapPowerSpectrum(v, w, SOAP_DEFAULTS);
    expect(maxRelDiff(soapPowerSpectrum(rotateVectors(v, 0.7, -1.9), w, SOAP_DEFAULTS), a)).toBeLessThan(1e-12);
    const order = Array.from({ length: 12 }, (_, i) => (i * 5) % 12);
    const vr = order.flatMap((i) => [v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!]);
    const wr = w.map((c) => order.map((i) => c[i]!));
    expect(maxRelDiff(soapPowerSpectrum(vr, wr, SOAP_DEFAULTS), a)).toBeLessThan(1e-12);
  });

  it('tells a square-planar from a tetrahedral first shell at the same distance (G2-type terms cannot)', () => {
    const r = 1.95;
    const planar = [r, 0, 0, -r, 0, 0, 0, r, 0, 0, -r, 0];
    const t = r / Math.sqrt(3);
    const tetra = [t, t, t, t, -t, -t, -t, t, -t, -t, -t, t];
    const w = [[1, 1, 1, 1]];
    const p = { ...SOAP_DEFAULTS, lMax: 4 };
    const a = soapPowerSpectrum(planar, w, p);
    const b = soapPowerSpectrum(tetra, w, p);
    const per = (p.nRadial * (p.nRadial + 1)) / 2;
    // l = 0 (radial only) is identical; at l = 2, Σ_ij P_2(cos θ_ij) = 4 + 4·1 + 8·(−½) = 4 (planar) but 4 + 12·(−⅓) = 0 (tetrahedral).
    expect(maxRelDiff(a.subarray(0, per), b.subarray(0, per))).toBeLessThan(1e-12);
    const l2 = 2 * per;
    expect(b[l2]! / a[l2]!).toBeLessThan(1e-12);
    expect(a[l2]).toBeGreaterThan(0);
  });

  it('ignores neighbours at or beyond the cutoff and rejects bad parameters', () => {
    const near = [2, 0, 0];
    const far = [2, 0, 0, 0, 0, 6];
    const w1 = [[1]];
    const w2 = [[1, 1]];
    expect(Array.from(soapPowerSpectrum(far, w2, SOAP_DEFAULTS))).toEqual(Array.from(soapPowerSpectrum(near, w1, SOAP_DEFAULTS)));
    expect(() => soapPowerSpectrum(near, w1, { ...SOAP_DEFAULTS, lMax: 20 })).toThrow(InputError);
    expect(() => soapPowerSpectrum(near, w1, { ...SOAP_DEFAULTS, nRadial: 0 })).toThrow(/nRadial/);
    expect(() => soapPowerSpectrum(near, [[]], SOAP_DEFAULTS)).toThrow(/weights/);
  });
});

describe('SOAP power spectrum, signed square root', () => {
  it('is sign(p)·√|p| of the plain power spectrum, so doubling every weight doubles it', () => {
    const { v, w } = randomNeighbourhood(3, 7);
    const plain = soapPowerSpectrum(v, w, SOAP_DEFAULTS);
    const root = soapPowerSpectrum(v, w, { ...SOAP_DEFAULTS, signedSqrt: true });
    plain.forEach((p, i) => expect(root[i]).toBeCloseTo(Math.sign(p) * Math.sqrt(Math.abs(p)), 12));
    const doubled = soapPowerSpectrum(v, w.map((c) => c.map((x) => 2 * x)), { ...SOAP_DEFAULTS, signedSqrt: true });
    root.forEach((r, i) => expect(doubled[i]).toBeCloseTo(2 * r, 10));
  });
});
