/** Reading real files from the shared reference data (read in place, never copied). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listGroups, readSpectrum } from '../../src/io/index.ts';
import { dataPath } from '../helpers/data.ts';

const exp = (...p: string[]) => dataPath('experimental', ...p);

/** Index of the steepest rise: a crude edge position, enough for physical bounds. */
function steepestEv(energyEv: Float64Array, mu: Float64Array): number {
  let best = 0;
  let at = energyEv[0]!;
  for (let i = 1; i < mu.length; i++) {
    const d = (mu[i]! - mu[i - 1]!) / (energyEv[i]! - energyEv[i - 1]!);
    if (d > best) [best, at] = [d, energyEv[i]!];
  }
  return at;
}

describe('real files', () => {
  it('Cu foil XDI (larch cu_metal_rt.xdi)', () => {
    const s = readSpectrum(exp('larch', 'xafsdata', 'cu_metal_rt.xdi'));
    expect(s.meta).toMatchObject({ format: 'xdi', element: 'Cu', edge: 'K', muSource: 'mutrans' });
    expect(s.meta.headers['Mono.d_spacing']).toBe('3.13553');
    expect(s.meta.headers['GSE.EXTRA']).toBe('config 1');
    expect(s.energyEv.length).toBe(408);
    expect(s.energyEv[0]).toBe(8779);
    expect(s.energyEv[407]).toBeCloseTo(10145.86, 6);
    expect(s.mu[0]).toBeCloseTo(-1.3070486, 9);
    const e0 = steepestEv(s.energyEv, s.mu);
    expect(e0).toBeGreaterThan(8970);
    expect(e0).toBeLessThan(8995);
  });

  it('Fe foil XDI (xaslib Fe_Foil_rt_2016Foils.xdi): μ = ln(i0/itrans)', () => {
    const s = readSpectrum(exp('xaslib', 'Fe', 'Fe_Foil_rt_2016Foils.xdi'));
    expect(s.meta).toMatchObject({ element: 'Fe', edge: 'K', muSource: 'ln(i0/itrans)', label: 'Fe' });
    expect(s.mu[0]).toBeCloseTo(Math.log(113841.9 / 87297.9), 9);
    const e0 = steepestEv(s.energyEv, s.mu);
    expect(e0).toBeGreaterThan(7100);
    expect(e0).toBeLessThan(7125);
  });

  it('athena4.prj lists cu_cuprite and cu_tenorite and reads them by label', () => {
    const file = exp('larch', 'xafsdata', 'AthenaProjectFiles', 'athena4.prj');
    const groups = listGroups(file);
    expect(groups.length).toBe(21);
    expect(groups[1]).toMatchObject({ index: 1, label: 'cu_tenorite.001', element: 'Cu' });
    expect(groups[2]).toMatchObject({ index: 2, label: 'cu_cuprite.001', element: 'Cu' });
    const cuprite = readSpectrum(file, { group: 'cu_cuprite' });
    const tenorite = readSpectrum(file, { group: 'cu_tenorite' });
    expect(cuprite.meta).toMatchObject({ format: 'athena', label: 'cu_cuprite.001', element: 'Cu', edge: 'K' });
    expect(tenorite.meta.label).toBe('cu_tenorite.001');
    expect(cuprite.energyEv[0]).toBe(8830);
    expect(tenorite.mu[0]).toBeCloseTo(-0.397753823477154, 12);
    expect(cuprite.energyEv.length).toBeGreaterThan(300);
    // Cu2O edge ≈ 8980 eV; CuO a little higher.
    for (const s of [cuprite, tenorite]) {
      const e0 = steepestEv(s.energyEv, s.mu);
      expect(e0).toBeGreaterThan(8970);
      expect(e0).toBeLessThan(9000);
    }
  });

  it('Athena JSON project', () => {
    const file = exp('larch', 'xafsdata', 'AthenaProjectFiles', 'json_unzipped.prj');
    const groups = listGroups(file);
    expect(groups.length).toBe(4);
    expect(groups[0]).toMatchObject({ label: 'FeXANES_DebbysSample.001', element: 'Fe', points: 442 });
    const s = readSpectrum(file);
    expect(s.energyEv[0]).toBeCloseTo(7011.996606, 6);
  });

  it('FEFF xmu.dat (CuO mp-1692 site 000)', () => {
    const dir = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692');
    const f = readdirSync(dir).find((n) => n.endsWith('_Cu_xmu.dat'))!;
    const s = readSpectrum(`${dir}/${f}`);
    expect(s.meta).toMatchObject({ format: 'feff', element: 'Cu', edge: 'K', muSource: 'mu' });
    expect(s.energyEv.length).toBe(173);
    expect(s.energyEv[0]).toBeGreaterThan(8980);
    expect(s.energyEv[172]).toBeLessThan(9130);
  });

  it('FDMNES outputs: absolute (Fe molecules) and relative to E_edge (ZnO)', () => {
    const dir = dataPath('pairs', 'fe-k-fdmnes-molecules', 'xanes_train');
    const f = readdirSync(dir).sort()[0]!;
    const fe = readSpectrum(`${dir}/${f}`);
    expect(fe.meta.format).toBe('fdmnes');
    expect(fe.energyEv.length).toBe(226);
    expect(fe.energyEv[0]).toBeCloseTo(7097, 6);
    expect(fe.energyEv[225]).toBeCloseTo(7172, 6);
    const zno = readSpectrum(exp('larch', 'fdmnes-zno', 'ZnO_FDMNES.txt'));
    expect(zno.meta).toMatchObject({ element: 'Zn', edge: 'K' });
    expect(zno.energyEv[0]).toBeCloseTo(9659 - 30, 6);
    expect(() => readSpectrum(exp('larch', 'fdmnes-zno', 'ZnO_FDMNES_conv.txt'))).toThrow(/relative to the edge/);
  });

  it('pyFitIt files: decimal-comma Mn metal and a normalised Ti .nor', () => {
    const mn = readSpectrum(exp('pyfitit', 'Pyfitit Feature List', 'data', 'Mn', '001_Mn_metal.dat'));
    expect(mn.meta.format).toBe('columns');
    expect(mn.energyEv[1]).toBeCloseTo(6520.25062656642, 9);
    expect(mn.mu[0]).toBeCloseTo(0.00433672239652363, 15);
    expect(mn.warnings.join(' ')).toMatch(/decimal commas/);
    const ti = readSpectrum(exp('pyfitit', 'Pyfitit Feature List', 'data', 'LC42.nor'));
    expect(ti.meta).toMatchObject({ element: 'Ti', edge: 'K', isNormalized: true, muSource: 'norm' });
    // normalised: pre-edge ≈ 0, just above the edge (≈ 5020 eV) ≈ 1
    expect(Math.abs(ti.mu[0]!)).toBeLessThan(0.1);
    const i5020 = ti.energyEv.findIndex((e) => e >= 5020);
    expect(ti.mu[i5020]).toBeGreaterThan(0.9);
    expect(ti.mu[i5020]).toBeLessThan(1.4);
  });

  it('raw beamline columns rebuild the same μ as the published XDI (APS 20-BM FeO)', () => {
    // `#Mono Energy * Scaler preset time * I0 I1 If` labels → ln(i0/i1); feo_rt1.xdi holds mutrans.
    const raw = readSpectrum(exp('larch', 'xafsdata', 'beamlines', 'APS20BM_2001.dat'));
    const xdi = readSpectrum(exp('larch', 'xafsdata', 'feo_rt1.xdi'));
    expect(raw.meta.muSource).toBe('ln(i0/i1)');
    expect(raw.energyEv.length).toBe(xdi.energyEv.length);
    for (const i of [0, 100, 200, 411]) {
      expect(raw.energyEv[i]).toBeCloseTo(xdi.energyEv[i]!, 3);
      expect(raw.mu[i]).toBeCloseTo(xdi.mu[i]!, 6);
    }
  });
});
