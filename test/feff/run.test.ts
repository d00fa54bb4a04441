import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEFF_MODULES, FeffNotFoundError, FeffRunError, findFeffBin, runFeff } from '../../src/feff/index.ts';
import { parseFeffXmu } from '../../src/io/feff.ts';
import { fakeFeff, XMU_FIXTURE } from './fake-feff.ts';

const tmpRoot = mkdtempSync(join(tmpdir(), 'xasinv-feff-test-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
const INP = 'TITLE test\nEDGE K\nPOTENTIALS\n 0 26 Fe\nATOMS\n 0 0 0 0\nEND\n';

/** True while `pid` runs (a zombie left to a PID 1 that does not reap counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The error `fn` rejects with (fails the test if it resolves). */
async function rejection(fn: () => Promise<unknown>): Promise<FeffRunError> {
  try {
    await fn();
  } catch (err) {
    return err as FeffRunError;
  }
  throw new Error('expected a rejection');
}

describe('FEFF xmu.dat fixture (written by our own FEFF10 run on bcc Fe, preset noscf, 4 Å cluster, FMS 3 Å)', () => {
  it('parses into a Spectrum: Fe K, 89 points 7116.94…7181.71 eV, μ from the 4th column, header kept', () => {
    const s = parseFeffXmu(readFileSync(XMU_FIXTURE, 'latin1'), XMU_FIXTURE);
    expect(s.meta.format).toBe('feff');
    expect(s.meta.element).toBe('Fe');
    expect(s.meta.edge).toBe('K');
    expect(s.energyEv).toHaveLength(89);
    expect(s.energyEv[0]).toBeCloseTo(7116.9388712766, 9);
    expect(s.energyEv[88]).toBeCloseTo(7181.7085997766, 9);
    expect(s.mu[0]).toBeCloseTo(0.06167208809, 10);
    expect(s.mu[88]).toBeCloseTo(0.95770698656, 10);
    expect(s.meta.headers.POT).toMatch(/Non-SCF, screened core-hole/);
    // Physical bounds: an edge rise from < 0.1 below the edge to ≈ 1 above it (FEFF normalises to the atomic step).
    expect(Math.max(...s.mu)).toBeGreaterThan(0.9);
    expect(Math.max(...s.mu)).toBeLessThan(1.6);
  });
});

describe('findFeffBin', () => {
  it('without --feff-bin and XASINV_FEFF: says both ways and how to build FEFF10', () => {
    expect(() => findFeffBin({ env: {} })).toThrow(FeffNotFoundError);
    expect(() => findFeffBin({ env: {} })).toThrow(/pass --feff-bin DIR or set XASINV_FEFF=DIR.*build-feff10\.sh/);
  });

  it('a folder without the modules lists the missing ones; the env variable and a build root (bin/Seq) are accepted', () => {
    const empty = join(tmpRoot, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'rdinp'), '#!/bin/sh\n', { mode: 0o755 });
    expect(() => findFeffBin({ feffBin: empty })).toThrow(/--feff-bin .*empty lacks the executable module\(s\) dmdw, atomic, pot,/);
    expect(() => findFeffBin({ feffBin: join(tmpRoot, 'nowhere') })).toThrow(/--feff-bin .*nowhere does not exist/);
    const bin = fakeFeff(tmpRoot);
    expect(findFeffBin({ env: { XASINV_FEFF: bin } })).toBe(bin);
    const root = join(tmpRoot, 'build');
    mkdirSync(join(root, 'bin'), { recursive: true });
    rmSync(join(root, 'bin', 'Seq'), { force: true, recursive: true });
    // A build root: the modules under bin/Seq.
    cpSync(bin, join(root, 'bin', 'Seq'), { recursive: true });
    expect(findFeffBin({ feffBin: root })).toBe(join(root, 'bin', 'Seq'));
  });
});

describe('runFeff (fake module scripts)', () => {
  it('runs every module in order in a fresh folder, reads xmu.dat and FEFF’s version, and removes the folder', async () => {
    const r = await runFeff(INP, { binDir: fakeFeff(tmpRoot), tmpRoot, keepDir: true });
    expect(readFileSync(join(r.dir!, 'modules.txt'), 'utf8').trim().split('\n')).toEqual([...FEFF_MODULES]);
    expect(readFileSync(join(r.dir!, 'feff.inp'), 'utf8')).toBe(INP);
    expect(r.version).toBe('FEFF 10.0.0');
    expect(r.spectrum.energyEv).toHaveLength(89);
    expect(Object.keys(r.moduleTimesS)).toEqual([...FEFF_MODULES]);
    expect(r.cpuTimeS).toBeGreaterThanOrEqual(0);
    // One BLAS/OpenMP thread per FEFF process unless asked (OpenBLAS would otherwise take every core).
    expect(readFileSync(join(r.dir!, 'threads.txt'), 'utf8').trim()).toBe('1 1');
    const two = await runFeff(INP, { binDir: fakeFeff(tmpRoot), tmpRoot, keepDir: true, threads: 2 });
    expect(readFileSync(join(two.dir!, 'threads.txt'), 'utf8').trim()).toBe('2 2');
    const runRoot = mkdtempSync(join(tmpRoot, 'runs-'));
    await runFeff(INP, { binDir: fakeFeff(tmpRoot), tmpRoot: runRoot });
    expect(readdirSync(runRoot)).toEqual([]);
  });

  it('a module that exits non-zero: the error names it, its exit status and the tail of its output', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'pot', exitCode: 3 } }), tmpRoot }));
    expect(err).toBeInstanceOf(FeffRunError);
    expect(err.module).toBe('pot');
    expect(err.message).toMatch(/^FEFF module pot failed \(exit status 3\); last lines of its output:\n {3}pot: line one of the log\n {3}pot: the last line before trouble$/);
  });

  it('a module that stops on an error but exits 0 (as FEFF10 does) is caught from its output', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'rdinp', stop: true } }), tmpRoot }));
    expect(err.module).toBe('rdinp');
    expect(err.message).toMatch(/FEFF module rdinp stopped on an error; last lines .*\n[\s\S]*Keyword unrecognized\.\n {2}RDINP-2\n {2}STOP/);
  });

  it('pot giving up on a diverging SCF ("will exit now", status 0) is a failure', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'pot', badCounts: true } }), tmpRoot }));
    expect(err.module).toBe('pot');
    expect(err.message).toMatch(/FEFF module pot stopped on an error; [\s\S]*Bad counts found repeatedly - pot will exit now\./);
  });

  it('a Fortran runtime error: the tail quotes the error, not the backtrace below it', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'screen', fortranError: true } }), tmpRoot }));
    expect(err.module).toBe('screen');
    expect(err.message).toMatch(/FEFF module screen failed \(exit status 2\); [\s\S]*At line 108 of file rdpot\.f90 \(unit = 3\)\n {2}Fortran runtime error: Cannot open file 'pot\.bin': No such file or directory$/);
    expect(err.message).not.toMatch(/0x7f|Backtrace|libc-start/);
  });

  it('a module that leaves .feff.error behind crashed', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'xsph', crashNote: true } }), tmpRoot }));
    expect(err.module).toBe('xsph');
    expect(err.message).toMatch(/FEFF module xsph crashed \(it left \.feff\.error behind\)/);
  });

  it('a run without xmu.dat says so', async () => {
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'ff2x', noXmu: true } }), tmpRoot }));
    expect(err.module).toBeUndefined();
    expect(err.message).toMatch(/FEFF ran every module but wrote no xmu\.dat/);
  });

  it('the timeout kills the running module (its process is gone) and names it', async () => {
    const pidFile = join(tmpRoot, 'sleeper.pid');
    // 4 s: the eight modules before fms must finish first (≈ 0.1 s each on a loaded machine).
    const err = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'fms', sleepS: 60, pidFile } }), tmpRoot, timeoutS: 4 }));
    expect(err.message).toMatch(/^FEFF timed out after 4 s in module fms/);
    expect(running(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('a crash may be retried (retryable), FEFF\'s own diagnosed stop and a timeout not', async () => {
    const crash = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'pot', exitCode: 139 } }), tmpRoot }));
    expect(crash.details.retryable).toBe(true);
    const note = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'pot', crashNote: true } }), tmpRoot }));
    expect(note.details.retryable).toBe(true);
    const stop = await rejection(() => runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'pot', badCounts: true } }), tmpRoot }));
    expect(stop.details.retryable).toBe(false);
  });

  it('a process killed with SIGKILL leaves no FEFF module running: the module\'s shell watches it', async () => {
    const pidFile = join(tmpRoot, 'orphan.pid');
    const bin = fakeFeff(tmpRoot, { misbehave: { module: 'pot', sleepS: 120, pidFile } });
    const code = `import { runFeff } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'feff', 'index.ts'))}; await runFeff(${JSON.stringify(INP)}, { binDir: ${JSON.stringify(bin)} });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'ignore' });
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(running(pid)).toBe(true);
    child.kill('SIGKILL');
    // The watcher looks once a second.
    for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(running(pid)).toBe(false);
  });

  it('an abort signal kills the running module', async () => {
    const pidFile = join(tmpRoot, 'aborted.pid');
    const ac = new AbortController();
    const p = runFeff(INP, { binDir: fakeFeff(tmpRoot, { misbehave: { module: 'screen', sleepS: 60, pidFile } }), tmpRoot, signal: ac.signal });
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    const err = await rejection(() => p);
    expect(err.message).toMatch(/FEFF run aborted in module screen/);
    expect(running(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});
