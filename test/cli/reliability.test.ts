/**
 * The command line on what the second reliability audit (issue 27) tripped over: `feff --out` into
 * a file or a kernel folder, `rank` with nothing to rank, `check` on unreadable files and every
 * group of a project, `series` and `inspect` on files the reader refuses (the reader's own message,
 * never "internal error", never running out of memory), and progress with the time left and the
 * final pass named.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration, progressWithEta } from '../../src/cli/output.ts';
import { ensureOutputDir } from '../../src/cli/output-dir.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';

const HEMATITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif');
const CU_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'cu.prj');
const CUO_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-cli-reliability-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('feff --out', () => {
  it('a path through a file is a one-line error before any work, not "internal error"', async () => {
    const r = await runCli(['feff', HEMATITE, '--dry-run', '--out', '/etc/passwd/x']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --out /etc/passwd/x: cannot write there: /etc/passwd/x: a part of the path is a file, not a folder');
  });

  it('a path under /proc is refused at once (Node\'s mkdir -p spins there for ever)', async () => {
    const r = await runCli(['feff', HEMATITE, '--dry-run', '--out', '/proc/self/xasinv-out']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --out \/proc\/self\/xasinv-out: cannot write there: \/proc is a kernel file system/);
    expect(() => ensureOutputDir('/sys/kernel/x', '--out')).toThrow(/kernel file system/);
  });

  it('missing levels are created, one at a time', async () => {
    const out = join(root, 'a', 'b', 'c');
    const r = await runCli(['feff', HEMATITE, '--dry-run', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, 'feff.json'))).toBe(true);
  });
});

describe('rank with nothing to rank', () => {
  it('only missing candidates: a clear error and a failure status', async () => {
    const r = await runCli(['rank', CUO_XDI, join(root, 'no-such.cif'), join(root, 'nor-this', 'POSCAR'), '--predictor', 'feff', '--cache', 'none', '--models', 'none', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: rank: none of the candidates exists: .*no-such\.cif, .*POSCAR$/);
  });

  it('every candidate rejected: status 1 and why, not "confidence: ok"', async () => {
    const junk = join(root, 'junk.cif');
    writeFileSync(junk, 'this is not a structure\n');
    for (const json of [false, true]) {
      const r = await runCli(['rank', CUO_XDI, junk, '--predictor', 'feff', '--cache', 'none', '--models', 'none', '--quiet', ...(json ? ['--json'] : [])]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/error: rank: no candidate could be ranked: 1 rejected \(.*junk\.cif: /);
      expect(r.out).not.toMatch(/confidence: ok/);
    }
  }, 60_000);
});

describe('check', () => {
  it('--all-groups checks every group of a project, one line each', async () => {
    const r = await runCli(['check', CU_PRJ, '--all-groups', '--json', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { group: string; groupIndex: number; groupCount: number }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((x) => x.groupIndex)).toEqual(rows.map((_, i) => i));
    expect(new Set(rows.map((x) => x.groupCount))).toEqual(new Set([rows.length]));
    const text = await runCli(['check', CU_PRJ, '--all-groups', '--quiet']);
    expect(text.out.split('\n').filter((l) => l.startsWith(CU_PRJ))).toHaveLength(rows.length);
    expect((await runCli(['check', CU_PRJ, '--all-groups', '--group', '1'])).err).toBe('error: check: give --group or --all-groups, not both');
  }, 120_000);

  it('an unreadable file is reported and makes the status 1', async () => {
    const r = await runCli(['check', join(root, 'missing.xdi'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/missing\.xdi: unreliable \(score 0\.00\)/);
    expect(r.err).toMatch(/check: 1 of 1 spectra could not be read/);
  });
});

describe('files the reader refuses', () => {
  it('series prints the reader\'s error for a deeply nested project, not "internal error"', async () => {
    const deep = join(root, 'deep.prj');
    writeFileSync(deep, `# Athena project file\n$old_group = 'a';\n@args = ('label','x','extra',${'['.repeat(100_000)}${']'.repeat(100_000)});\n@x = ('1');\n@y = ('1');\n[record]\n`);
    const r = await runCli(['series', deep, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: series: none of the 1 spectra could be read \(.*deep\.prj:3: Athena project: brackets nested more than 32 levels deep; the limit is 32 levels of nested brackets\)$/);
  });

  it('inspect refuses a gzip of millions of lines with the limit, before splitting it', async () => {
    const big = join(root, 'lines.dat.gz');
    writeFileSync(big, gzipSync(Buffer.from('8979.5 0.25\n'.repeat(1_200_000))));
    expect(readFileSync(big).length).toBeLessThan(100_000);
    const r = await runCli(['inspect', big]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*lines\.dat\.gz: more than 1000000 lines; the limit is 1000000 lines per file/);
  });
});

describe('progress', () => {
  it('says the time left at the rate so far, and names the final pass once every item is done', () => {
    let t = 100;
    const line = progressWithEta((p: { done: number; total: number }) => `rank: ${p.done}/${p.total} candidates`, { finalPass: 'refitting', now: () => t });
    expect(line({ done: 1, total: 100 })).toBe('rank: 1/100 candidates');
    t = 110;
    expect(line({ done: 20, total: 100 })).toBe('rank: 20/100 candidates, about 40 s left');
    t = 160;
    expect(line({ done: 100, total: 100 })).toBe('rank: 100/100 candidates; final pass: refitting …');
    expect(etaSeconds(0.5, 1, 10)).toBeUndefined();
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });
});
