/**
 * One spelling across commands: `--element` (old `--absorber`), `--models` (the models folder, as for
 * the server) and `--forward-model` (old `--model`); Athena groups are named with their count; the
 * structure shell table has headers; rank shows whole ids; a folder where a file is expected is a
 * sentence, not EISDIR.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultForwardModelDir } from '../../src/forward/manifest.ts';
import { readSpectrum } from '../../src/io/index.ts';
import { dataPath } from '../helpers/data.ts';
import { runCli } from '../helpers/cli.ts';

const HEMATITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif');
const CUO_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');

let root: string;
let project: string;

/** An Athena project (JSON layout) with two real Fe spectra: Fe2O3 first, FeO second. */
function writeProject(path: string): void {
  const group = (label: string, file: string) => {
    const s = readSpectrum(dataPath('experimental', 'xaslib', 'Fe', file));
    return { args: { label, bkg_z: 'Fe', fft_edge: 'k' }, x: Array.from(s.energyEv, String), y: Array.from(s.mu, String) };
  };
  writeFileSync(path, JSON.stringify({ _____header1: '# Athena project file -- Demeter version 0.9.26', g1: group('hematite', 'Fe2O3_rt_01.xdi'), g2: group('wustite', 'FeO_rt_01.xdi'), _____order: ['g1', 'g2'] }));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-cli-options-'));
  project = join(root, 'two.prj');
  writeProject(project);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--element everywhere, --absorber as its old spelling', () => {
  it('structure: both spellings give the same answer; the help shows --element with its alias', async () => {
    const a = await runCli(['structure', HEMATITE, '--element', 'O', '--json']);
    const b = await runCli(['structure', HEMATITE, '--absorber', 'O', '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).absorber).toBe('O');
    expect(b).toEqual(a);
    for (const cmd of ['structure', 'predict', 'rank', 'inspect', 'rdf', 'check']) {
      const help = await runCli([cmd, '--help']);
      expect(help.out, cmd).toMatch(/^ {2}--element <string>.*\(also --absorber\)$/m);
    }
  });

  it('rank: --absorber still works', async () => {
    const args = ['rank', CUO_XDI, join(MATERIALS, 'mp-361', 'POSCAR'), '--predictor', 'feff', '--cache', 'none', '--no-rdf-vote', '--quiet', '--json'];
    const a = await runCli([...args, '--element', 'Cu']);
    const b = await runCli([...args, '--absorber', 'Cu']);
    expect(a.code, a.err).toBe(0);
    expect(JSON.parse(a.out).absorber).toBe('Cu');
    const ranking = (out: string) => (JSON.parse(out) as { candidates: { id: string; rank: number }[] }).candidates.map((c) => [c.id, c.rank]);
    expect(ranking(b.out)).toEqual(ranking(a.out));
  });
});

describe('--models is the models folder everywhere; --forward-model (old --model) one forward model', () => {
  it('predict takes its forward model from <models>/forward/<id>', async () => {
    const empty = join(root, 'no-models');
    mkdirSync(empty, { recursive: true });
    const r = await runCli(['predict', HEMATITE, '--models', empty]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(join(empty, 'forward'));
    expect(r.err).toMatch(/forward model manifest not found/);
  });

  it('predict: --forward-model and its old spelling --model name the same folder', async () => {
    const dir = defaultForwardModelDir();
    const a = await runCli(['predict', join(MATERIALS, 'mp-361', 'POSCAR'), '--forward-model', dir, '--json']);
    const b = await runCli(['predict', join(MATERIALS, 'mp-361', 'POSCAR'), '--model', dir, '--json']);
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
  }, 60_000);

  it('rank: --no-rdf-vote and the old --models none both leave the vote out', async () => {
    const base = ['rank', CUO_XDI, join(MATERIALS, 'mp-361', 'POSCAR'), join(MATERIALS, 'mp-1692', 'POSCAR'), '--predictor', 'feff', '--cache', 'none', '--quiet', '--json'];
    const a = await runCli([...base, '--no-rdf-vote']);
    const b = await runCli([...base, '--models', 'none']);
    expect(a.code, a.err).toBe(0);
    expect(JSON.parse(a.out).model.inverse).toBeNull();
    expect(JSON.parse(b.out).model.inverse).toBeNull();
    const ranking = (out: string) => (JSON.parse(out) as { candidates: { id: string; rank: number }[] }).candidates.map((c) => [c.id, c.rank]);
    expect(ranking(b.out)).toEqual(ranking(a.out));
    // Without either, the vote is there (the shipped Cu inverse model).
    expect(JSON.parse((await runCli(base)).out).model.inverse).not.toBeNull();
  });

  it('rank: the edge-position line is printed (measured FeO → Fe(II)), and --no-edge-vote leaves the vote out', async () => {
    const pool = ['Wustite_AMCSD-0013893.cif', 'Hematite_AMCSD-0000143.cif'].map((f) => dataPath('structures', 'fe-standards', f));
    const base = ['rank', dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi'), ...pool, '--cache', 'none', '--quiet', '--no-rdf-vote'];
    const text = await runCli(base);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^edge position: ½ step at 711\d\.\d eV → Fe\(II\) \(valence \d\.\d\d ± \d\.\d\d, \d+ measured references; weight 1 in the score\)$/m);
    const off = await runCli([...base, '--no-edge-vote', '--json']);
    expect(off.code, off.err).toBe(0);
    expect(JSON.parse(off.out).edgeValence).toBeNull();
    // Cu has no edge-position calibration: no line, no vote.
    const cu = await runCli(['rank', CUO_XDI, join(MATERIALS, 'mp-361', 'POSCAR'), join(MATERIALS, 'mp-1692', 'POSCAR'), '--predictor', 'feff', '--cache', 'none', '--quiet', '--no-rdf-vote']);
    expect(cu.code, cu.err).toBe(0);
    expect(cu.out).not.toMatch(/^edge position/m);
  });
});

describe('Athena projects: which group, out of how many', () => {
  it('inspect says the group read and the count, in text and JSON, and warns when it chose the first', async () => {
    const text = await runCli(['inspect', project]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/\[hematite\]/);
    expect(text.out).toMatch(/^ {2}group {8}0 of 2 in the project/m);
    expect(text.out).toMatch(/warning: the project holds 2 groups; read the first, "hematite"/);
    const json = JSON.parse((await runCli(['inspect', project, '--group', 'wustite', '--json'])).out);
    expect(json.group).toEqual({ index: 1, count: 2 });
    expect(json.warnings.join(' ')).not.toMatch(/holds 2 groups/);
  });

  it('check names the group and the count', async () => {
    const text = await runCli(['check', project, '--group', '1']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/two\.prj \[wustite, group 1 of 2\]: (ok|caution|unreliable)/);
    const json = JSON.parse((await runCli(['check', project, '--json'])).out);
    expect(json).toMatchObject({ group: 'hematite', groupIndex: 0, groupCount: 2 });
    const plain = JSON.parse((await runCli(['check', CUO_XDI, '--json'])).out);
    expect(plain).toMatchObject({ groupIndex: null, groupCount: null });
  });
});

describe('tables', () => {
  it('structure: the shell table has column headers', async () => {
    const { code, out } = await runCli(['structure', HEMATITE]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    const head = lines.findIndex((l) => /^ {2}distance\/Å +atoms +neighbours$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1]).toMatch(/^ +1\.946 +3 +3 O$/);
    // The numbers end where their headers end.
    expect(lines[head + 1]!.indexOf('1.946') + 5).toBe(lines[head]!.indexOf('distance/Å') + 10);
  });

  it('rank: a long id is shown whole and the columns stay aligned', async () => {
    const long = join(root, 'a-candidate-with-a-rather-long-name-mp-361');
    cpSync(join(MATERIALS, 'mp-361'), long, { recursive: true });
    const { code, out, err } = await runCli(['rank', CUO_XDI, join(long, 'POSCAR'), join(MATERIALS, 'mp-1692', 'POSCAR'), '--predictor', 'feff', '--cache', 'none', '--no-rdf-vote', '--quiet']);
    expect(code, err).toBe(0);
    const lines = out.split('\n');
    const head = lines.find((l) => /^ *rank +id +formula/.test(l))!;
    const row = lines.find((l) => l.includes('a-candidate-with-a-rather-long-name-mp-361'));
    expect(row).toBeDefined();
    expect(row!.indexOf('Cu2O') + 4).toBe(head.indexOf('formula') + 7);
  });
});

describe('a folder where a file is expected', () => {
  it('is one sentence naming the folder, not EISDIR', async () => {
    for (const cmd of ['predict', 'structure']) {
      const r = await runCli([cmd, root]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`error: ${root} is a folder, not a structure file: give one CIF, POSCAR, XYZ, PDB or MOL2 file (xasinv rank takes folders of candidates)`);
    }
    for (const cmd of ['inspect', 'rdf']) {
      const r = await runCli([cmd, root]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is a directory, not a spectrum file: give one XDI, Athena project, column, FDMNES or FEFF file$/);
      expect(r.err).not.toMatch(/EISDIR/);
    }
  });
});
