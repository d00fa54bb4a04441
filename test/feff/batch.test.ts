import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchProvenance, cardsHash, errorSummary, feffPreset, planBatch, readBatchRecords, recordKey, runBatch, type BatchPlan, type OkRecord } from '../../src/feff/index.ts';
import { writeBatchStructures } from './batch-structures.ts';
import { fakeFeff } from './fake-feff.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-batch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const structures = join(root, 'structures');
const preset = feffPreset('noscf', { radiusAngstrom: 5 });

beforeAll(() => writeBatchStructures(structures));

const plan = (): BatchPlan => planBatch([structures], { absorber: 'Fe', preset, relativeTo: root });
const ok = (path: string) => readBatchRecords(path).records.filter((r): r is OkRecord => r.status === 'ok');

describe('planBatch', () => {
  it('lists the inequivalent Fe sites, the files without Fe, and what it left out with the reason', () => {
    const p = plan();
    expect(p.files).toBe(5);
    expect(p.jobs.map((j) => `${j.source}#${j.site}×${j.multiplicity}`)).toEqual(['structures/fe2.xyz#0×1', 'structures/fe2.xyz#2×1', 'structures/feo/POSCAR#0×4']);
    expect(p.withoutAbsorber).toEqual(['structures/o2.xyz']);
    expect(p.skipped).toHaveLength(2);
    expect(p.skipped[0]!.source).toBe('structures/broken.cif');
    expect(p.skipped[1]).toEqual({ source: 'structures/zcopy/POSCAR', reason: 'same bytes as structures/feo/POSCAR' });
    expect(p.jobs[2]!.structureSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('runBatch (fake FEFF)', () => {
  it('writes one record per site; a second run finds them all done', async () => {
    const out = join(root, 'once', 'records.jsonl');
    const bin = fakeFeff(root);
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: bin });
    expect(s).toMatchObject({ ok: 3, failed: 0, skippedDone: 0, notRun: 0 });
    const recs = ok(out);
    expect(recs.map((r) => `${r.source}#${r.site}`)).toEqual(['structures/fe2.xyz#0', 'structures/fe2.xyz#2', 'structures/feo/POSCAR#0']);
    const r = recs[2]!;
    expect(r).toMatchObject({ status: 'ok', absorber: 'Fe', multiplicity: 4, preset: 'noscf', radiusAngstrom: 5, feffVersion: 'FEFF 10.0.0', cardsSha256: cardsHash(preset.cards, 5) });
    expect(r.cards).toEqual(preset.cards);
    expect(r.spectrum.energyEv).toHaveLength(89);
    expect(r.spectrum.energyEv[0]).toBe(7116.939);
    expect(r.spectrum.mu[0]).toBe(0.06167);
    expect(r.spectrum.e0FeffEv).toBeCloseTo(7127.109, 3);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    const again = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: bin });
    expect(again).toMatchObject({ ok: 0, failed: 0, skippedDone: 3 });
    // Another card set is another job.
    const other = feffPreset('noscf', { radiusAngstrom: 5, cards: { FMS: '4.0 0' } });
    expect((await runBatch(plan().jobs, { preset: other, recordsPath: out, binDir: bin, limit: 1 })).ok).toBe(1);
  });

  it('resumes after a crash: a torn last line is cut off and only the missing sites run', async () => {
    const out = join(root, 'crash', 'records.jsonl');
    const bin = fakeFeff(root);
    expect((await runBatch(plan().jobs, { preset, recordsPath: out, binDir: bin, limit: 1 })).ok).toBe(1);
    appendFileSync(out, '{"status":"ok","source":"structures/fe2.xyz","structureSha'); // killed mid-write
    let repaired = false;
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: bin, onStart: (i) => (repaired = i.repaired) });
    expect(repaired).toBe(true);
    expect(s).toMatchObject({ ok: 2, skippedDone: 1 });
    const keys = ok(out).map(recordKey);
    expect(new Set(keys).size).toBe(3);
    expect(readFileSync(out, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('an abort stops the running FEFF without recording that site; the next run does it', async () => {
    const out = join(root, 'abort', 'records.jsonl');
    const ac = new AbortController();
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root, { delayS: 0.05 }), signal: ac.signal, onProgress: () => ac.abort() });
    expect(s).toMatchObject({ ok: 1, notRun: 2 });
    expect(ok(out)).toHaveLength(1);
    const rest = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root) });
    expect(rest).toMatchObject({ ok: 2, skippedDone: 1 });
  });

  it('runs sites in parallel with processes > 1 and reports progress with an ETA', async () => {
    const out = join(root, 'parallel', 'records.jsonl');
    const trace = join(root, 'parallel-trace.txt');
    const etas: number[] = [];
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root, { delayS: 0.05, trace }), processes: 3, onProgress: (p) => etas.push(p.etaS) });
    expect(s.ok).toBe(3);
    let running = 0;
    let most = 0;
    for (const ev of readFileSync(trace, 'utf8').trim().split('\n')) most = Math.max(most, (running += ev === 'start' ? 1 : -1));
    expect(most).toBe(3);
    expect(etas).toHaveLength(3);
    expect(etas[2]).toBe(0);
    expect(etas[0]).toBeGreaterThan(0);
  });

  it('a failing site is recorded as failed with the module and its log, kept unless --retry-failed', async () => {
    const out = join(root, 'failed', 'records.jsonl');
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root, { misbehave: { module: 'pot', exitCode: 1 } }) });
    expect(s).toMatchObject({ ok: 0, failed: 3 });
    const rec = readBatchRecords(out).records[0]!;
    expect(rec.status).toBe('failed');
    expect(rec.status === 'failed' && rec.error).toMatch(/FEFF module pot failed \(exit status 1\); last lines of its output:\n {3}pot: line one/);
    expect((await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root) })).skippedDone).toBe(3);
    expect((await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root), retryFailed: true })).ok).toBe(3);
  });

  it('a crashed FEFF is run again (retries), then recorded as failed with its log tail and the number of runs', async () => {
    const out = join(root, 'retry', 'records.jsonl');
    const retriesSeen: string[] = [];
    const s = await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root, { misbehave: { module: 'pot', exitCode: 139 } }), retries: 1, onRetry: (r) => retriesSeen.push(`${r.job.site}:${r.attempt}`) });
    expect(s).toMatchObject({ ok: 0, failed: 3, retried: 3 });
    expect(retriesSeen.sort()).toEqual(['0:2', '0:2', '2:2']);
    const recs = readBatchRecords(out).records;
    expect(recs).toHaveLength(3);
    for (const r of recs) {
      expect(r).toMatchObject({ status: 'failed', attempts: 2 });
      expect(r.status === 'failed' && r.error).toMatch(/^FEFF module pot failed \(exit status 139\); last lines of its output:\n {3}pot: line one of the log\n {3}pot: the last line before trouble$/);
    }
  });

  it('a crash that does not come back: the second run is recorded, once', async () => {
    const out = join(root, 'retry-once', 'records.jsonl');
    const job = plan().jobs[0]!;
    const s = await runBatch([job], { preset, recordsPath: out, binDir: fakeFeff(root, { misbehave: { module: 'xsph', crashOnce: join(root, 'crashed-once') } }) });
    expect(s).toMatchObject({ ok: 1, failed: 0, retried: 1 });
    expect(ok(out)).toHaveLength(1);
    expect(ok(out)[0]!.worker).toMatch(/:\d+$/);
  });

  it('FEFF\'s own diagnosed stop is not run again; retries 0 records a crash at once', async () => {
    const out = join(root, 'no-retry', 'records.jsonl');
    const [job] = plan().jobs;
    const stopped = await runBatch([job!], { preset, recordsPath: out, binDir: fakeFeff(root, { misbehave: { module: 'pot', badCounts: true } }) });
    expect(stopped).toMatchObject({ failed: 1, retried: 0 });
    const out2 = join(root, 'no-retry-2', 'records.jsonl');
    const crashed = await runBatch([job!], { preset, recordsPath: out2, binDir: fakeFeff(root, { misbehave: { module: 'pot', exitCode: 139 } }), retries: 0 });
    expect(crashed).toMatchObject({ failed: 1, retried: 0 });
    expect(readBatchRecords(out2).records[0]).toMatchObject({ attempts: 1 });
  });

  it('an unexpected exception on one site is recorded as an internal error and the batch goes on', async () => {
    const out = join(root, 'internal', 'records.jsonl');
    const [first, ...rest] = plan().jobs;
    const broken = { ...first!, structure: { ...first!.structure, cartCoords: undefined as unknown as Float64Array } };
    const s = await runBatch([broken, ...rest], { preset, recordsPath: out, binDir: fakeFeff(root) });
    expect(s).toMatchObject({ ok: 2, failed: 1 });
    const rec = readBatchRecords(out).records.find((r) => r.status === 'failed');
    expect(rec?.status === 'failed' && rec.error).toMatch(/^internal error: /);
  });

  it('refuses a records file locked by a live process, takes over a stale lock', async () => {
    const out = join(root, 'locked', 'records.jsonl');
    mkdirSync(join(root, 'locked'));
    writeFileSync(`${out}.lock`, `${process.ppid}\n`);
    await expect(runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root) })).rejects.toThrow(/records\.jsonl is in use by process \d+/);
    writeFileSync(`${out}.lock`, '999999999\n');
    expect((await runBatch(plan().jobs, { preset, recordsPath: out, binDir: fakeFeff(root) })).ok).toBe(3);
  });

  it('a corrupt complete line is a ParseError naming the line', () => {
    const out = join(root, 'corrupt.jsonl');
    writeFileSync(out, '{"status":"ok","structureSha256":"a","site":0,"cardsSha256":"b"}\nnot json\n');
    expect(() => readBatchRecords(out)).toThrow(/corrupt\.jsonl:2: not a JSON record/);
  });
});

describe('batchProvenance', () => {
  it('names the command, FEFF version, cards and each file with its sha256 and sites done', async () => {
    const out = join(root, 'prov', 'records.jsonl');
    const p = plan();
    await runBatch(p.jobs, { preset, recordsPath: out, binDir: fakeFeff(root), limit: 2 });
    const md = batchProvenance(p, readBatchRecords(out).records, { command: 'npm run feff:batch -- x --out y', preset, sourceRoot: '../shared/data', recordsFile: 'records.jsonl' });
    expect(md).toContain('`npm run feff:batch -- x --out y`');
    expect(md).toContain('FEFF version: FEFF 10.0.0');
    expect(md).toContain('FMS 6.0 0');
    expect(md).toContain(`| structures/fe2.xyz | \`${p.jobs[0]!.structureSha256}\` | Fe2OCl | 2 / 2 |`);
    expect(md).toContain('| structures/feo/POSCAR |');
    expect(md).toMatch(/Progress: 2 of 3 sites done, 0 failed/);
    expect(md).toMatch(/## Left out\n\n- `structures\/broken\.cif`/);
  });

  it('lists failed sites with the first and the last line of their error', async () => {
    const out = join(root, 'prov-failed', 'records.jsonl');
    const p = plan();
    await runBatch(p.jobs, { preset, recordsPath: out, binDir: fakeFeff(root, { misbehave: { module: 'pot', badCounts: true } }), limit: 1 });
    const md = batchProvenance(p, readBatchRecords(out).records, { command: 'c', preset, sourceRoot: 'd', recordsFile: 'records.jsonl' });
    expect(md).toContain('## Failed sites\n\n- `structures/fe2.xyz` site 0: FEFF module pot stopped on an error; last lines of its output: … Bad counts found repeatedly - pot will exit now.\n');
    expect(errorSummary('one line')).toBe('one line');
  });
});
