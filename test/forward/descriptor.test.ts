import { describe, it, expect } from 'vitest';
import { Lattice, makeStructure, makeSupercell, readStructure } from '../../src/structure/index.ts';
import {
  DESCRIPTOR_CHANNELS,
  DESCRIPTOR_DEFAULTS,
  descriptorLength,
  groupChannel,
  siteDescriptor,
  structuralDescriptor,
  structuralLength,
} from '../../src/forward/index.ts';
import { UnsupportedError } from '../../src/errors.ts';
import { seededRng } from '../../src/learn/index.ts';
import { dataPath } from '../helpers/data.ts';
import { soapLength, SOAP_DEFAULTS } from '../../src/structure/soap.ts';

const ABSORBERS = ['Co', 'Cu', 'Fe', 'S'];
const nR = DESCRIPTOR_DEFAULTS.nRadial;
const dMu = (DESCRIPTOR_DEFAULTS.rMaxAngstrom - DESCRIPTOR_DEFAULTS.rMinAngstrom) / (nR - 1);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A small seeded FeL6-like molecule: Fe at the origin, O/N/C/H around it. */
function molecule(): { species: string[]; coords: number[] } {
  const rng = seededRng(11);
  const species = ['Fe', 'O', 'O', 'N', 'N', 'C', 'C', 'H', 'H', 'Cl'];
  const coords = [0, 0, 0];
  for (let i = 1; i < species.length; i++) {
    const r = 1.8 + 2.5 * rng.uniform();
    let x = rng.normal();
    let y = rng.normal();
    let z = rng.normal();
    const n = Math.hypot(x, y, z);
    x *= r / n;
    y *= r / n;
    z *= r / n;
    coords.push(x, y, z);
  }
  return { species, coords };
}

function rotate(coords: number[], shift: [number, number, number]): number[] {
  // Rotation by 37° about z, then 61° about x, then a translation.
  const a = (37 * Math.PI) / 180;
  const b = (61 * Math.PI) / 180;
  const out: number[] = [];
  for (let i = 0; i < coords.length; i += 3) {
    const [x, y, z] = [coords[i]!, coords[i + 1]!, coords[i + 2]!];
    const x1 = Math.cos(a) * x - Math.sin(a) * y;
    const y1 = Math.sin(a) * x + Math.cos(a) * y;
    const y2 = Math.cos(b) * y1 - Math.sin(b) * z;
    const z2 = Math.sin(b) * y1 + Math.cos(b) * z;
    out.push(x1 + shift[0], y2 + shift[1], z2 + shift[2]);
  }
  return out;
}

describe('forward descriptor', () => {
  it('has the documented length: 9 channels × 32 + 12 angular + 2 shell + absorbers', () => {
    expect(DESCRIPTOR_CHANNELS.length).toBe(9);
    expect(structuralLength()).toBe(9 * 32 + 12 + 2);
    expect(descriptorLength(DESCRIPTOR_DEFAULTS, ABSORBERS)).toBe(306);
    expect(structuralLength({ ...DESCRIPTOR_DEFAULTS, angular: false })).toBe(288);
  });

  it('matches a hand computation for a two-atom Fe–O molecule at 2.0 Å', () => {
    const s = makeStructure({ species: ['Fe', 'O'], cartCoords: [0, 0, 0, 2.0, 0, 0] });
    const x = structuralDescriptor(s, 0);
    // The Gaussian centred nearest 2.0 Å: μ_7 = 0.8 + 7·(5.2/31) = 1.974 Å, value exp(−(0.026/Δμ)²/2)·0.75.
    expect(x[7]).toBeCloseTo(Math.exp(-0.5 * ((2.0 - (0.8 + 7 * dMu)) / dMu) ** 2) * 0.75, 12);
    const fc = 0.5 * (Math.cos((Math.PI * 2.0) / 6.0) + 1); // 0.75
    for (let k = 0; k < nR; k++) {
      const mu = 0.8 + k * dMu;
      // Gaussians are evaluated within ±5σ of r (beyond, exp(−12.5) < 4e-6 is dropped).
      const g = Math.exp(-((2.0 - mu) ** 2) / (2 * dMu * dMu)) * fc;
      expect(x[k]).toBeCloseTo(g, 5); // all
      expect(x[nR + k]).toBeCloseTo(0.8 * g, 5); // 0.1·Z(O)
      expect(x[5 * nR + k]).toBeCloseTo(g, 5); // O channel
      expect(x[2 * nR + k]).toBe(0); // H channel empty
    }
    const base = 9 * nR;
    for (let i = 0; i < 12; i++) expect(x[base + i]).toBe(0); // one neighbour → no angles
    expect(x[base + 12]).toBeCloseTo(2.0, 12); // nearest heavy neighbour
    expect(x[base + 13]).toBe(1); // coordination
  });

  it('angular terms of a linear O–Fe–O: cos θ = −1 gives (1 + λcos)^ζ = 0 for λ = +1 and 2^ζ for λ = −1', () => {
    const s = makeStructure({ species: ['Fe', 'O', 'O'], cartCoords: [0, 0, 0, 2, 0, 0, -2, 0, 0] });
    const x = structuralDescriptor(s, 0);
    const base = 9 * nR;
    const fa = 0.5 * (Math.cos((Math.PI * 2) / 3.5) + 1);
    DESCRIPTOR_DEFAULTS.angularEtas.forEach((eta, ie) => {
      DESCRIPTOR_DEFAULTS.angularZetas.forEach((zeta, iz) => {
        const idx = base + (ie * 3 + iz) * 2;
        expect(x[idx]).toBeCloseTo(0, 12);
        expect(x[idx + 1]).toBeCloseTo(2 ** (1 - zeta) * 2 ** zeta * Math.exp(-eta * 8) * fa * fa, 10);
      });
    });
  });

  it('is invariant under rotation and translation of a molecule', () => {
    const { species, coords } = molecule();
    const a = siteDescriptor(makeStructure({ species, cartCoords: coords }), 0, ABSORBERS);
    const b = siteDescriptor(makeStructure({ species, cartCoords: rotate(coords, [3.1, -7.2, 0.4]) }), 0, ABSORBERS);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    expect(a[structuralLength() + 2]).toBe(1); // Fe one-hot
    expect(a.slice(structuralLength()).reduce((p, q) => p + q, 0)).toBe(1);
  });

  it('sees periodic images: a one-atom simple-cubic Cu cell has 6 nearest neighbours at a', () => {
    const s = makeStructure({ lattice: Lattice.cubic(2.6), species: ['Cu'], fracCoords: [0, 0, 0] });
    const x = structuralDescriptor(s, 0);
    const base = 9 * nR;
    expect(x[base + 12]).toBeCloseTo(2.6, 12);
    expect(x[base + 13]).toBe(6);
    // 'all' channel = Σ over shells: 6 at a, 12 at a√2, 8 at a√3, 6 at 2a, … (within 6 Å).
    expect(x.slice(0, nR).reduce((p, q) => p + q, 0)).toBeGreaterThan(6);
  });

  it('is the same for a crystal and its 2×1×3 supercell (periodic environment)', () => {
    const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    const big = makeSupercell(cuo, [2, 1, 3]);
    const a = siteDescriptor(cuo, 0, ABSORBERS);
    const b = siteDescriptor(big, 0, ABSORBERS);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-4);
    // CuO: square-planar Cu with 4 O at ≈1.95 Å.
    const base = 9 * nR;
    expect(a[base + 12]).toBeGreaterThan(1.9);
    expect(a[base + 12]).toBeLessThan(2.0);
    expect(a[base + 13]).toBe(4);
  });

  it('refuses an absorber the model was not trained on', () => {
    const s = makeStructure({ species: ['Zn', 'O'], cartCoords: [0, 0, 0, 2, 0, 0] });
    expect(() => siteDescriptor(s, 0, ABSORBERS)).toThrow(UnsupportedError);
    expect(() => siteDescriptor(s, 0, ABSORBERS)).toThrow(/trained on Co, Cu, Fe, S/);
  });

  it('puts each element in the expected chemical channel', () => {
    expect(DESCRIPTOR_CHANNELS[groupChannel(1)]).toBe('H');
    expect(DESCRIPTOR_CHANNELS[groupChannel(8)]).toBe('O');
    expect(DESCRIPTOR_CHANNELS[groupChannel(17)]).toBe('halogen');
    expect(DESCRIPTOR_CHANNELS[groupChannel(16)]).toBe('S/Se/Te');
    expect(DESCRIPTOR_CHANNELS[groupChannel(29)]).toBe('metal');
    expect(DESCRIPTOR_CHANNELS[groupChannel(57)]).toBe('metal');
  });
});

describe('site descriptor on a disordered site', () => {
  it('skips a co-occupant at the absorber position (no 0/0 angles) and matches the ordered site', () => {
    const ordered = makeStructure({ species: ['Fe', 'O', 'O'], cartCoords: [0, 0, 0, 2, 0, 0, 0, 2.1, 0] });
    const mixed = makeStructure({ species: ['Fe', 'Mg', 'O', 'O'], cartCoords: [0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2.1, 0] });
    const a = structuralDescriptor(ordered, 0);
    const b = structuralDescriptor(mixed, 0);
    expect(Array.from(b).every(Number.isFinite)).toBe(true);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe('site descriptor with the SOAP block', () => {
  const withSoap = { ...DESCRIPTOR_DEFAULTS, soap: { ...SOAP_DEFAULTS } };

  it('appends the two-channel power spectrum after the unchanged default terms', () => {
    const { species, coords } = molecule();
    const s = makeStructure({ species, cartCoords: coords });
    const plain = structuralDescriptor(s, 0);
    const x = structuralDescriptor(s, 0, withSoap);
    expect(structuralLength(withSoap)).toBe(structuralLength() + soapLength(SOAP_DEFAULTS, 2));
    expect(x.length).toBe(structuralLength(withSoap));
    expect(Array.from(x.subarray(0, plain.length))).toEqual(Array.from(plain));
    // l = 0, n = n' = 0 of the 'all' channel is (Σ_i g_0(r_i))² > 0 for this molecule.
    const tail = x.subarray(plain.length);
    expect(Array.from(tail).every(Number.isFinite)).toBe(true);
    expect(tail.some((v) => v !== 0)).toBe(true);
  });

  it('is invariant under rotation and periodic supercells', () => {
    const { species, coords } = molecule();
    const a = siteDescriptor(makeStructure({ species, cartCoords: coords }), 0, ABSORBERS, withSoap);
    const b = siteDescriptor(makeStructure({ species, cartCoords: rotate(coords, [1, 2, 3]) }), 0, ABSORBERS, withSoap);
    expect(maxAbsDiff(a, b) / Math.max(...Array.from(a, Math.abs))).toBeLessThan(1e-9);
    const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    const c = siteDescriptor(cuo, 0, ABSORBERS, withSoap);
    const d = siteDescriptor(makeSupercell(cuo, [2, 1, 3]), 0, ABSORBERS, withSoap);
    expect(maxAbsDiff(c, d) / Math.max(...Array.from(c, Math.abs))).toBeLessThan(1e-6);
  });
});

describe('descriptor parameters from a manifest', () => {
  it('keeps the SOAP block (and split metals) so inference featurises like training', async () => {
    const { descriptorParamsOf } = await import('../../src/forward/manifest.ts');
    const soap = { ...SOAP_DEFAULTS, signedSqrt: true };
    const params = { ...DESCRIPTOR_DEFAULTS, angularEtas: [0.05, 0.5], angularZetas: [1, 2, 8], splitMetals: true, soap };
    const manifestDescriptor = { ...params, channels: ['…'], length: structuralLength(params) + 4, absorberOneHot: ABSORBERS };
    const back = descriptorParamsOf({ descriptor: manifestDescriptor } as unknown as Parameters<typeof descriptorParamsOf>[0]);
    expect(back).toEqual(params);
    const plain = descriptorParamsOf({ descriptor: { ...manifestDescriptor, soap: undefined } } as unknown as Parameters<typeof descriptorParamsOf>[0]);
    expect(plain.soap).toBeUndefined();
  });
});

describe('SOAP channels', () => {
  it("a 'metal' channel weighs only metal neighbours; an unknown channel is refused", () => {
    const withMetal = { ...DESCRIPTOR_DEFAULTS, soap: { ...SOAP_DEFAULTS, lMax: 2 }, soapChannels: ['all', 'zWeighted', 'metal'] as ('all' | 'zWeighted' | 'metal')[] };
    expect(structuralLength(withMetal)).toBe(structuralLength() + soapLength(withMetal.soap, 3));
    // Cu with one O and one Fe neighbour: the metal-metal block sees the Fe alone.
    const s = makeStructure({ species: ['Cu', 'O', 'Fe'], cartCoords: [0, 0, 0, 1.95, 0, 0, 0, 2.9, 0] });
    const x = structuralDescriptor(s, 0, withMetal);
    const feOnly = structuralDescriptor(makeStructure({ species: ['Cu', 'Fe'], cartCoords: [0, 0, 0, 0, 2.9, 0] }), 0, { ...withMetal, soapChannels: ['all'] });
    const n = SOAP_DEFAULTS.nRadial;
    const tri = (n * (n + 1)) / 2;
    const L1 = 3;
    // Layout: (all,all) (all,zW) (all,metal) (zW,zW) (zW,metal) (metal,metal), each × (l = 0…2).
    const metalMetal = x.subarray(x.length - tri * L1);
    const feAllAll = feOnly.subarray(feOnly.length - tri * L1);
    expect(maxAbsDiff(metalMetal, feAllAll)).toBeLessThan(1e-12);
    expect(() => structuralDescriptor(s, 0, { ...withMetal, soapChannels: ['nope' as 'all'] })).toThrow(/unknown SOAP channel "nope"/);
  });
});
