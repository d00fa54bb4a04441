import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { crystallographicFirstShell, INVERSE_REFERENCE_COMPOUNDS } from '../../lab/inverse/reference-compounds.ts';
import { INVERSE_TARGETS } from '../../src/inverse/targets.ts';
import { FE_REFERENCES } from '../../src/screen/references.ts';
import { parseStructure } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

const poscar = (title: string, a: number, species: string, counts: string, frac: string[]) =>
  parseStructure([title, '1.0', `${a} 0 0`, `0 ${a} 0`, `0 0 ${a}`, species, counts, 'Direct', ...frac, ''].join('\n'), { name: 'POSCAR' });

describe('crystallographicFirstShell', () => {
  it('bcc Fe: nearest neighbour √3a/2, and the G2 first maximum within 0.01 Å of it', () => {
    const c = crystallographicFirstShell(poscar('bcc Fe', 2.8665, 'Fe', '2', ['0 0 0', '0.5 0.5 0.5']), 'Fe');
    expect(c.nearest).toBeCloseTo((Math.sqrt(3) * 2.8665) / 2, 10);
    expect(Math.abs(c.g2Peak - c.nearest)).toBeLessThan(0.01);
  });
  it('rock-salt FeO: a/2 to O (the Fe–Fe shell at a/√2 is not the first)', () => {
    const c = crystallographicFirstShell(
      poscar('FeO', 4.33, 'Fe O', '4 4', ['0 0 0', '0.5 0.5 0', '0.5 0 0.5', '0 0.5 0.5', '0.5 0 0', '0 0.5 0', '0 0 0.5', '0.5 0.5 0.5']),
      'Fe',
    );
    expect(c.nearest).toBeCloseTo(2.165, 10);
    expect(Math.abs(c.g2Peak - 2.165)).toBeLessThan(0.01);
  });
});

describe('INVERSE_REFERENCE_COMPOUNDS', () => {
  it('has an entry list for every inverse target, each with a structure or a literature distance, files present in the shared data', () => {
    expect(Object.keys(INVERSE_REFERENCE_COMPOUNDS).sort()).toEqual(Object.keys(INVERSE_TARGETS).sort());
    for (const refs of Object.values(INVERSE_REFERENCE_COMPOUNDS)) {
      for (const ref of refs) {
        expect(ref.structure !== undefined || ref.literatureAngstrom !== undefined, ref.compound).toBe(true);
        expect(existsSync(dataPath(ref.spectrum)), ref.spectrum).toBe(true);
        if (ref.structure) expect(existsSync(dataPath(ref.structure)), ref.structure).toBe(true);
      }
    }
  });
  it('checks Fe on every measured Fe reference of the screening set too (same spectrum and group), each with one structure file', () => {
    const have = new Map((INVERSE_REFERENCE_COMPOUNDS.Fe ?? []).map((r) => [`${r.spectrum}#${r.group ?? ''}`, r]));
    for (const ref of FE_REFERENCES) {
      const mine = have.get(`${ref.spectrum}#${ref.group ?? ''}`);
      expect(mine, ref.name).toBeDefined();
      expect(mine!.structure !== undefined || mine!.literatureAngstrom !== undefined, ref.name).toBe(true);
    }
    expect(have.size).toBeGreaterThanOrEqual(20);
  });
});
