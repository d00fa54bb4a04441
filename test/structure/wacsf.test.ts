import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import {
  Lattice, WACSF_DEFAULTS, cosineCutoff, g2Centres, makeStructure, makeSupercell, readStructure, resolveG2Options,
  transformStructure, wacsfG2, wacsfG4, type Structure,
} from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

const cuoPath = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR');

/** A rotation matrix about an arbitrary axis (Rodrigues). */
function rotation(axis: [number, number, number], angle: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n) as [number, number, number];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

function expectClose(a: Float64Array, b: Float64Array, digits = 9): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, k) => expect(v).toBeCloseTo(b[k]!, digits));
}

/** Independent O(N) G2 for a molecule: a plain loop over atoms, no neighbour list. */
function g2Direct(s: Structure, i: number): Float64Array {
  const { centresAngstrom: mu, eta, cutoffAngstrom: rc } = resolveG2Options({});
  const out = new Float64Array(mu.length);
  for (let j = 0; j < s.species.length; j++) {
    if (j === i) continue;
    const r = Math.hypot(...[0, 1, 2].map((c) => s.cartCoords[3 * j + c]! - s.cartCoords[3 * i + c]!));
    if (r > rc) continue;
    const fc = 0.5 * (Math.cos((Math.PI * r) / rc) + 1);
    mu.forEach((m, k) => (out[k] += 0.1 * s.z[j]! * Math.exp(-eta * (r - m) ** 2) * fc));
  }
  return out;
}

describe('G2 parameters', () => {
  it('default grid: 50 centres 1…6 Å, η = 1/(2Δμ²) = 2401/50', () => {
    const mu = g2Centres();
    expect(mu.length).toBe(WACSF_DEFAULTS.n);
    expect(mu[0]).toBe(1);
    expect(mu[49]).toBeCloseTo(6, 12);
    expect(mu[1]! - mu[0]!).toBeCloseTo(5 / 49, 12);
    expect(resolveG2Options({}).eta).toBeCloseTo(2401 / 50, 10);
    expect(resolveG2Options({ eta: 3 }).eta).toBe(3);
  });
  it('cosine cutoff', () => {
    expect(cosineCutoff(0, 6)).toBe(1);
    expect(cosineCutoff(3, 6)).toBeCloseTo(0.5, 15);
    expect(cosineCutoff(6, 6)).toBeCloseTo(0, 15);
    expect(cosineCutoff(6.01, 6)).toBe(0);
  });
  it('rejects bad options', () => {
    expect(() => g2Centres({ n: 0 })).toThrow(/positive integer/);
    expect(() => g2Centres({ rMinAngstrom: 3, rMaxAngstrom: 2 })).toThrow(/rMinAngstrom/);
    expect(() => g2Centres({ n: 1 })).toThrow(/give eta/);
    expect(() => g2Centres({ cutoffAngstrom: 0 })).toThrow(/cutoff/);
  });
});

describe('wacsfG2', () => {
  it('two atoms, by hand: Fe at 0, O at 2.0 Å; grid 1…6 Å in 0.5 Å steps (η = 2 Å⁻²)', () => {
    const s = makeStructure({ species: ['Fe', 'O'], cartCoords: [0, 0, 0, 2, 0, 0] });
    const opts = { n: 11, rMinAngstrom: 1, rMaxAngstrom: 6 };
    const fe = wacsfG2(s, 0, opts);
    // f_c(2) = ½(cos(π/3) + 1) = 0.75; weight 0.1·8 = 0.8.
    expect(fe[2]).toBeCloseTo(0.8 * 0.75, 12); // μ = 2.0
    expect(fe[3]).toBeCloseTo(0.6 * Math.exp(-2 * 0.25), 12); // μ = 2.5
    expect(fe[0]).toBeCloseTo(0.6 * Math.exp(-2), 12); // μ = 1.0
    const o = wacsfG2(s, 1, opts);
    expect(o[2]).toBeCloseTo(2.6 * 0.75, 12); // weight 0.1·26
    // Beyond the cutoff nothing contributes.
    expect(Array.from(wacsfG2(s, 0, { ...opts, cutoffAngstrom: 1.9 }))).toEqual(Array(11).fill(0));
  });

  it('CuO mp-1692: the first G2 maximum is at the Cu–O distance ≈ 1.95 Å', () => {
    const cuo = readStructure(cuoPath);
    const g = wacsfG2(cuo, 0);
    const mu = g2Centres();
    let k = 1;
    while (k < g.length - 1 && !(g[k]! >= g[k - 1]! && g[k]! >= g[k + 1]!)) k++;
    expect(mu[k]).toBeGreaterThan(1.85);
    expect(mu[k]).toBeLessThan(2.05);
    expect(Math.abs(mu[k]! - 1.949)).toBeLessThanOrEqual(0.1);
    // 4 O at 1.949: the peak height is close to 4 · 0.8 · f_c(1.949).
    expect(g[k]).toBeGreaterThan(4 * 0.8 * cosineCutoff(1.949, 6) * 0.8);
  });

  it('is invariant to rotation + translation, to the absorber image used, and to a supercell', () => {
    const cuo = readStructure(cuoPath);
    const ref = wacsfG2(cuo, 0);
    expectClose(wacsfG2(transformStructure(cuo, rotation([1, 2, 3], 0.7), [3.1, -2, 0.4]), 0), ref);
    // Move the absorber (and, separately, every site) by lattice vectors.
    const f = Float64Array.from(cuo.fracCoords!);
    f[0] += 1; f[1] -= 2; f[2] += 3;
    expectClose(wacsfG2(makeStructure({ lattice: cuo.lattice, species: cuo.species, fracCoords: f }), 0), ref);
    const wrapped = cuo.fracCoords!.map((x, i) => x + [5, -1, 2][i % 3]!);
    expectClose(wacsfG2(makeStructure({ lattice: cuo.lattice, species: cuo.species, fracCoords: wrapped }), 0), ref);
    expectClose(wacsfG2(makeSupercell(cuo, [2, 3, 1]), 0), ref);
    // The two Cu of the cell are equivalent.
    expectClose(wacsfG2(cuo, 1), ref);
  });

  it('Fe molecules of the XANESNET set: equals an independent direct sum, translation invariant', () => {
    const dir = dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_train');
    for (const file of readdirSync(dir).slice(0, 8)) {
      const s = readStructure(`${dir}/${file}`);
      expect(s.species[0]).toBe('Fe');
      const g = wacsfG2(s, 0);
      expectClose(g, g2Direct(s, 0), 10);
      expect(g.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(Math.max(...g)).toBeGreaterThan(0.5); // Fe always has ligands within 6 Å
      expectClose(wacsfG2(transformStructure(s, rotation([0, 1, 1], 2.1), [10, 20, 30]), 0), g);
    }
  });
});

describe('wacsfG4', () => {
  it('right-angle triangle by hand: Fe at 0, O at 2x̂ and 2ŷ', () => {
    const s = makeStructure({ species: ['Fe', 'O', 'O'], cartCoords: [0, 0, 0, 2, 0, 0, 0, 2, 0] });
    const g4 = wacsfG4(s, 0, { etas: [0.01], zetas: [1, 2], lambdas: [1, -1] });
    const fc2 = cosineCutoff(2, 6);
    const fcJk = cosineCutoff(Math.sqrt(8), 6);
    const base = 0.8 * 0.8 * Math.exp(-0.01 * 16) * fc2 * fc2 * fcJk;
    // cos θ = 0, so every (ζ, λ) gives 2^{1−ζ}·1^ζ.
    expect(g4[0]).toBeCloseTo(base, 12); // ζ = 1, λ = +1
    expect(g4[1]).toBeCloseTo(base, 12); // ζ = 1, λ = −1
    expect(g4[2]).toBeCloseTo(base / 2, 12); // ζ = 2
  });

  it('linear O–Fe–O: λ = −1 terms dominate; rotation invariant on CuO', () => {
    const s = makeStructure({ species: ['Fe', 'O', 'O'], cartCoords: [0, 0, 0, 2, 0, 0, -2, 0, 0] });
    const g4 = wacsfG4(s, 0, { etas: [0.01], zetas: [1], lambdas: [1, -1] });
    expect(g4[0]).toBeCloseTo(0, 12);
    expect(g4[1]).toBeGreaterThan(0);
    const cuo = readStructure(cuoPath);
    const ref = wacsfG4(cuo, 0);
    expect(ref.length).toBe(32);
    expectClose(wacsfG4(transformStructure(cuo, rotation([3, -1, 2], 1.3), [1, 1, 1]), 0), ref, 7);
  });
});

describe('lattice sanity for the invariance helpers', () => {
  it('transformStructure rotates the lattice so fractional coordinates are unchanged', () => {
    const s = makeStructure({ lattice: Lattice.fromParameters(4, 5, 6, 80, 95, 105), species: ['Na', 'Cl'], fracCoords: [0.1, 0.2, 0.3, 0.6, 0.7, 0.8] });
    const t = transformStructure(s, rotation([1, 0, 0], 0.5));
    expectClose(t.fracCoords!, s.fracCoords!, 12);
  });
});
