import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelNames, structuralLength } from '../../src/forward/descriptor.ts';
import { descriptorParamsOf, type ForwardManifest } from '../../src/forward/manifest.ts';
import { loadMlpModel } from '../../lab/forward/member-files.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { DATA_DIR } from '../helpers/data.ts';

const out = mkdtempSync(join(tmpdir(), 'xasinv-train-forward-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Run scripts/train-forward.ts; returns its exit status and log (stderr). */
function trainForward(args: string[]): { status: number | null; log: string } {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, join(REPO_ROOT, 'scripts', 'train-forward.ts'), ...args, '--out', out, '--data', DATA_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, log: `${r.stdout}${r.stderr}` };
}

describe('npm run train:forward (tiny run)', () => {
  it('trains members in two worker processes with the SOAP block (and one member each without it, on it alone, on the radial block alone), exports ONNX + manifest, and resumes', () => {
    const args = ['--limit', '4', '--members', '2', '--no-soap-members', '1', '--soap-only-members', '1', '--radial-members', '1', '--workers', '2', '--epochs', '1', '--hidden', '8', '--soap', '--soap-n', '3', '--soap-lmax', '2', '--resume-dir', join(out, 'members')];
    const first = trainForward(args);
    expect(first.status, first.log).toBe(0);
    for (const m of [1, 2, 3, 4, 5]) expect(first.log).toMatch(new RegExp(`member ${m}/5 done`));
    expect(existsSync(join(out, 'ensemble.onnx'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ForwardManifest & {
      descriptor: { soap?: { nRadial: number; lMax: number } };
      training: { memberRecords: { member: number; epochs: number; input?: string }[] };
    };
    expect(manifest.descriptor.soap).toMatchObject({ nRadial: 3, lMax: 2 });
    expect(manifest.architecture.members).toBe(5);
    expect(manifest.architecture.memberInputs).toMatch(/^members 1–2: the whole descriptor; member 3: the descriptor without its SOAP block .*; member 4: the SOAP block, first-shell distance and count, absorber one-hot .*; member 5: the radial Gaussians and the absorber one-hot /);
    expect(manifest.training.memberRecords.map((r) => r.member)).toEqual([0, 1, 2, 3, 4]);
    expect(manifest.training.memberRecords.map((r) => r.input)).toEqual([undefined, undefined, 'the descriptor without its SOAP block', 'the SOAP block, first-shell distance and count, absorber one-hot', 'the radial Gaussians and the absorber one-hot']);
    expect(manifest.training.memberRecords.every((r) => r.epochs === 1)).toBe(true);
    // Members of a column subset read the whole descriptor with zero first-layer weights on exactly the other columns.
    const d = descriptorParamsOf(manifest);
    const { soap: _soap, ...withoutSoap } = d;
    const [from, to] = [structuralLength(withoutSoap), structuralLength(d)];
    const radialEnd = channelNames(d).length * d.nRadial;
    const zeroRowsOf = (file: string): number[] => {
      const kernel = loadMlpModel(join(out, 'members', file)).weights.find((w) => w.name === 'dense0.kernel')!;
      expect(kernel.shape).toEqual([manifest.descriptor.length, 8]);
      const rowIsZero = (c: number): boolean => kernel.data.subarray(c * 8, (c + 1) * 8).every((v) => v === 0);
      return Array.from({ length: kernel.shape[0]! }, (_, c) => c).filter(rowIsZero);
    };
    const span = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
    expect(zeroRowsOf('member-nosoap-00')).toEqual(span(from, to));
    expect(zeroRowsOf('member-soaponly-00')).toEqual(span(0, from - 2));
    expect(zeroRowsOf('member-radial-00')).toEqual(span(radialEnd, to));
    // Same command again: both members come from the resume folder, none is retrained.
    const again = trainForward(args);
    expect(again.status, again.log).toBe(0);
    expect(again.log).toMatch(/resuming: 5 member\(s\) already trained/);
    expect(again.log).not.toMatch(/member \d\/5 done/);
  }, 240_000);

  it('--recipe models/forward/universal-k-v3 trains with the settings the shipped manifest records (1 epoch on a few rows)', () => {
    const dir = join(out, 'recipe');
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(REPO_ROOT, 'scripts', 'train-forward.ts'), '--recipe', join(REPO_ROOT, 'models', 'forward', 'universal-k-v3'), '--epochs', '1', '--limit', '3', '--out', dir, '--resume-dir', join(dir, 'members'), '--data', DATA_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    type M = ForwardManifest & { training: Record<string, unknown> };
    const got = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as M;
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'forward', 'universal-k-v3', 'manifest.json'), 'utf8')) as M;
    for (const k of ['batchSize', 'learningRate', 'learningRateDecay', 'loss', 'patience', 'dropout', 'oversampling', 'sources', 'members', 'feRecords']) expect(got.training[k], k).toEqual(shipped.training[k]);
    expect(got.training.epochs).toBe(1);
    expect(got.descriptor).toEqual(shipped.descriptor);
    expect(got.grid).toEqual(shipped.grid);
    expect(got.version).toBe('3.0.0');
    expect(got.architecture.hidden).toEqual(shipped.architecture.hidden);
    expect(got.architecture.memberInputs).toBe(shipped.architecture.memberInputs);
    // New manifests say what produced them, and the recipe they ran sits beside them.
    expect(got.training).toMatchObject({ recipe: 'recipe.json', runtime: { node: process.versions.node } });
    expect(String(got.training.codeCommit)).toMatch(/^[0-9a-f]{40}/);
    expect(JSON.parse(readFileSync(join(dir, 'recipe.json'), 'utf8'))).toMatchObject({ epochs: 1, members: { whole: 7, nosoap: 3 } });
  }, 240_000);

  it('stops with a one-line error for an unknown option or a missing data folder', () => {
    const r = trainForward(['--no-such-option', '1']);
    expect(r.status).not.toBe(0);
    expect(r.log).toMatch(/^error: unknown option --no-such-option/m);
    expect(r.log).not.toMatch(/\n\s+at /); // no stack trace
    const noData = spawnSync(process.execPath, ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, join(REPO_ROOT, 'scripts', 'train-forward.ts'), '--data', join(out, 'nothing-here'), '--members', '0'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(noData.status).toBe(2);
    expect(noData.stderr).toMatch(/^error: .*nothing-here/m);
  });
});
