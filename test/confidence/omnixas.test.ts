import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { omnixasSpectra, parseOmnixasStarts } from '../../src/confidence/index.ts';
import { edgeEnergy } from '../../src/elements/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-omnixas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseOmnixasStarts', () => {
  it('reads the first e_start of each element and skips comments and later blocks', () => {
    const yaml = ['transformations:', '  e_range_diff: 35', '  e_start:', '    Co: 7709.282', '    # Cu: 8990', '    Cu: 8983.173', '  emperical_offset:', '    Cu: 9499.797', '    Ti: 5114.08973'].join('\n');
    expect(parseOmnixasStarts(yaml)).toEqual({ Co: 7709.282, Cu: 8983.173, Ti: 5114.08973 });
  });
});

describe('omnixasSpectra', () => {
  it('reads test then val rows, moves them onto the model edge and pads a flat pre-edge', () => {
    writeFileSync(join(dir, 'Co_FEFF_test_y.txt'), '0 1 2 3\n5 5 6 7\n9 9 9 9\n');
    writeFileSync(join(dir, 'Co_FEFF_val_y.txt'), '1 1 1 2\n');
    const s = omnixasSpectra(dir, 'Co', 'Fe', { Co: 7700 }, 2);
    expect(s.map((x) => x.meta.source)).toEqual(['Co_FEFF_test_y.txt#0', 'Co_FEFF_test_y.txt#1', 'Co_FEFF_val_y.txt#0']);
    const first = s[0]!;
    const shift = edgeEnergy('Fe', 'K') - edgeEnergy('Co', 'K');
    expect(first.meta.element).toBe('Fe');
    expect(first.meta.edge).toBe('K');
    expect(first.energyEv).toHaveLength(240 + 4);
    expect(first.energyEv[240]).toBeCloseTo(7700 + shift, 9);
    expect(first.energyEv[243]! - first.energyEv[240]!).toBeCloseTo(0.75, 9);
    expect(Array.from(first.mu.subarray(238))).toEqual([1.5, 1.5, 0, 1, 2, 3]); // baseline: mean μ over the first 2 eV (all 4 points)
    expect(omnixasSpectra(dir, 'Ni', 'Fe', { Ni: 8300 })).toEqual([]);
  });
});
