import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { fakeFeff } from './fake-feff.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const feo = join(root, 'POSCAR');
writeFileSync(feo, 'FeO rock salt\n4.3\n1 0 0\n0 1 0\n0 0 1\nFe O\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n');

let savedEnv: string | undefined;
beforeEach(() => {
  savedEnv = process.env.XASINV_FEFF;
  delete process.env.XASINV_FEFF;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env.XASINV_FEFF;
  else process.env.XASINV_FEFF = savedEnv;
});

describe('xasinv feff', () => {
  it('--json: the default absorber (heaviest) and preset, each inequivalent site with its input and spectrum', async () => {
    const { code, out } = await runCli(['feff', feo, '--feff-bin', fakeFeff(root), '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ absorber: 'Fe', preset: 'cu-train', radiusAngstrom: 8 });
    expect(j.cards.SCF).toBe('4.5 0 100 0.2 3');
    expect(j.sites).toHaveLength(1);
    expect(j.sites[0]).toMatchObject({ site: 0, multiplicity: 4, feffVersion: 'FEFF 10.0.0' });
    expect(j.sites[0].input).toMatch(/^EDGE K$/m);
    expect(j.sites[0].input).toMatch(/^SCF 4\.5 0 100 0\.2 3$/m);
    expect(j.sites[0].energyEv).toHaveLength(89);
    expect(j.sites[0].mu[88]).toBeCloseTo(0.957707, 5);
  });

  it('the binary from XASINV_FEFF; --site/--preset/--out write <site>_<El>/feff.inp, xmu.dat and feff.json', async () => {
    process.env.XASINV_FEFF = fakeFeff(root);
    const dir = join(root, 'out');
    const { code, out } = await runCli(['feff', feo, '--site', '2', '--preset', 'noscf', '--out', dir]);
    expect(code).toBe(0);
    expect(out).toContain('written to');
    expect(readFileSync(join(dir, '002_Fe', 'feff.inp'), 'utf8')).toMatch(/TITLE xasinv preset noscf, cluster radius 8 A/);
    expect(readFileSync(join(dir, '002_Fe', 'xmu.dat'), 'latin1')).toMatch(/FEFF 10\.0\.0/);
    expect(JSON.parse(readFileSync(join(dir, 'feff.json'), 'utf8')).sites[0].site).toBe(2);
  });

  it('--dry-run prints feff.inp without FEFF', async () => {
    const { code, out } = await runCli(['feff', feo, '--dry-run', '--preset', 'noscf', '--radius', '3.1']);
    expect(code).toBe(0);
    expect(out).toMatch(/TITLE xasinv preset noscf, cluster radius 3\.1 A, 19 atoms/);
  });

  it('errors name what is missing: no binary, a failed module with its log tail, a site out of range or of the wrong element', async () => {
    const none = await runCli(['feff', feo]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^error: FEFF10 not found: pass --feff-bin DIR or set XASINV_FEFF=DIR/);
    const failed = await runCli(['feff', feo, '--feff-bin', fakeFeff(root, { misbehave: { module: 'pot', exitCode: 2 } })]);
    expect(failed.code).toBe(2);
    expect(failed.err).toMatch(/\nerror: FEFF module pot failed \(exit status 2\); last lines of its output:\n {3}pot: line one of the log\n {3}pot: the last line before trouble$/);
    const range = await runCli(['feff', feo, '--site', '8', '--feff-bin', fakeFeff(root)]);
    expect(range.code).toBe(2);
    expect(range.err).toBe('error: site index 8 out of range 0…7');
    const wrong = await runCli(['feff', feo, '--site', '4', '--absorber', 'Fe', '--dry-run']);
    expect(wrong.err).toBe('error: --site 4 is O, not the --absorber Fe');
    const preset = await runCli(['feff', feo, '--preset', 'quick', '--dry-run']);
    expect(preset.err).toMatch(/unknown FEFF preset "quick"; expected one of: mp-xanes, cu-train, scf-lite, noscf/);
  });
});
