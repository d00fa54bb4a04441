import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/paths.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';

/** The hazard files of issue 20, written by the test. */
const dir = mkdtempSync(join(tmpdir(), 'xasinv-hazards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CR_CIF = join(dir, 'cr.cif');
writeFileSync(CR_CIF, 'data_x\r_cell_length_a 5.0\r');
const TINY_CIF = join(dir, 'tiny.cif');
writeFileSync(
  TINY_CIF,
  ['data_tiny', '_cell_length_a 0.01', '_cell_length_b 0.01', '_cell_length_c 0.01', '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90', "_symmetry_space_group_name_H-M 'P 1'", 'loop_', '_atom_site_label', '_atom_site_type_symbol', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', 'Cu1 Cu 0 0 0', 'O1 O 0.5 0.5 0.5', ''].join('\n'),
);
const AUGITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000001_Augite.cif');
const FAYALITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000173_Fayalite.cif');

describe('xasinv structure / predict on the issue-20 hazard files', () => {
  it.each([
    ['structure', CR_CIF, /^error: .*cr\.cif: no data block has an _atom_site_ loop/],
    ['predict', CR_CIF, /^error: .*cr\.cif: no data block has an _atom_site_ loop/],
    ['structure', TINY_CIF, /^error: .*tiny\.cif:2: the cell is only 0\.01 Å thick/],
    ['predict', TINY_CIF, /^error: .*tiny\.cif:2: the cell is only 0\.01 Å thick/],
  ])('%s %s: exit 2 with a one-line error, no stack trace', async (command, file, message) => {
    const { code, out, err } = await runCli([command, file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.split('\n')).toHaveLength(1);
  });

  it('the real entry point survives the 0.01 Å cell (it used to abort with "invalid size error")', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'xasinv.js'), 'structure', TINY_CIF], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^error: .*tiny\.cif:2: the cell is only 0\.01 Å thick[^\n]*$/);
  });

  it.skipIf(!existsSync(AUGITE))('structure on AMCSD augite prints the majority cell and one warning per mixed site', async () => {
    const { code, out } = await runCli(['structure', AUGITE]);
    expect(code).toBe(0);
    expect(out).toMatch(/Ca4Mg4Si8O24 \(CaMgSi2O6\), 40 sites, periodic/);
    expect(out.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([
      expect.stringMatching(/sites Na1, Ca1, Mg2 and Fe1 share one position .*kept the majority Ca \(occupancy 0\.616\), dropped Na 0\.09, Mg 0\.187, Fe 0\.107/),
      expect.stringMatching(/sites Mg1, Fe2 and Al1 share one position .*kept the majority Mg/),
      expect.stringMatching(/sites Al2, Ti1 and Si1 share one position .*kept the majority Si/),
    ]);
    const json = JSON.parse((await runCli(['structure', AUGITE, '--json'])).out) as { warnings: string[] };
    expect(json.warnings).toHaveLength(3);
  });

  it.skipIf(!existsSync(FAYALITE))('predict on a fayalite with Mg/Mn/Ca on the Fe sites prints the occupancy warnings', async () => {
    const { code, out } = await runCli(['predict', FAYALITE]);
    expect(code).toBe(0);
    expect(out).toMatch(/^warning: .*sites Fe1, Mg1, Mn1 and Ca1 share one position .*kept the majority Fe \(occupancy 0\.922\), dropped Mg 0\.039, Mn 0\.037, Ca 0\.002/m);
  });
});
