/**
 * `xasinv feff-batch` embedded (no Redis) with fake FEFF modules: progress lines with an ETA, the
 * records and PROVENANCE.md, resume, and one clear error each for a missing FEFF, an unreadable
 * structure (left out, the batch goes on), options that do not go together, and an unreachable Redis.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBatchRecords } from '../../src/feff/index.ts';
import { runCli } from '../helpers/cli.ts';
import { writeBatchStructures } from './batch-structures.ts';
import { fakeFeff } from './fake-feff.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-batch-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const structures = writeBatchStructures(join(root, 'structures'));

let savedEnv: string | undefined;
beforeEach(() => {
  savedEnv = process.env.XASINV_FEFF;
  delete process.env.XASINV_FEFF;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env.XASINV_FEFF;
  else process.env.XASINV_FEFF = savedEnv;
});

describe('xasinv feff-batch (embedded)', () => {
  it('runs every site with N processes, shows progress with an ETA, writes records and PROVENANCE.md; a second run resumes with nothing to do', async () => {
    const out = join(root, 'out');
    const args = ['feff-batch', structures, '--out', out, '--absorber', 'Fe', '--preset', 'noscf', '--processes', '2', '--feff-bin', fakeFeff(root), '--data', root];
    const first = await runCli(args);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/5 structure files: 2 with Fe → 3 inequivalent sites; 1 without Fe; 2 left out/);
    expect(first.err).toMatch(/left out: structures\/broken\.cif: /);
    expect(first.err).toMatch(/0 of 3 sites already recorded; 3 to run/);
    expect(first.err).toMatch(/\[3\/3\] structures\/\S+ site \d+ \(×\d\): ok, [\d.]+ s wall, [\d.]+ s CPU; 0 failed; ETA 0s/);
    expect(first.err).toMatch(/session: 3 ok, 0 failed, 0 already recorded, 0 not run, 0 crash\(es\) run again/);
    expect(readBatchRecords(join(out, 'records.jsonl')).records).toHaveLength(3);
    const provenance = readFileSync(join(out, 'PROVENANCE.md'), 'utf8');
    expect(provenance).toMatch(/Progress: 3 of 3 sites done, 0 failed/);
    expect(provenance).toMatch(/--processes 2 --feff-bin /);
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/3 of 3 sites already recorded; 0 to run; ETA 0s at the recorded mean/);
  });

  it('a crashed FEFF: the site is run again, then recorded as failed with the number of runs', async () => {
    const out = join(root, 'crash');
    const r = await runCli(['feff-batch', join(structures, 'fe2.xyz'), '--out', out, '--absorber', 'Fe', '--preset', 'noscf', '--feff-bin', fakeFeff(root, { misbehave: { module: 'pot', exitCode: 139 } }), '--retries', '1']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/fe2\.xyz site 0: FEFF module pot failed \(exit status 139\); last lines of its output: … pot: the last line before trouble; running it again \(run 2 of 2\)/);
    expect(r.err).toMatch(/FAILED after [\d.]+ s \(2 runs\): FEFF module pot failed/);
  });

  it('errors: no FEFF, no structures, --processes with --redis, an unreachable Redis — one line each, nothing written', async () => {
    const none = await runCli(['feff-batch', structures, '--out', join(root, 'none')]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/\nerror: FEFF10 not found: pass --feff-bin DIR or set XASINV_FEFF=DIR/);
    expect(existsSync(join(root, 'none', 'records.jsonl'))).toBe(false);
    expect((await runCli(['feff-batch', '--out', join(root, 'x')])).err).toBe('error: feff-batch: no structure files or folders given');
    expect((await runCli(['feff-batch', structures])).err).toBe('error: feff-batch: --out DIR is required');
    const both = await runCli(['feff-batch', structures, '--out', join(root, 'x'), '--redis', 'redis://127.0.0.1:1', '--processes', '2']);
    expect(both.err).toBe('error: feff-batch: --processes is for the embedded batch; with --redis, start as many workers as you like');
    expect((await runCli(['feff-batch', structures, '--out', join(root, 'x'), '--redis', 'http://x'])).err).toBe('error: --redis expects a redis:// or rediss:// URL, got "http://x"');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const noRedis = await runCli(['feff-batch', structures, '--out', join(root, 'no-redis'), '--redis', `redis://127.0.0.1:${port}`]);
    expect(noRedis.code).toBe(2);
    expect(noRedis.err).toMatch(new RegExp(`\\nerror: --redis redis://127\\.0\\.0\\.1:${port}: no answer from Redis \\(ECONNREFUSED\\); start redis-server there or correct the URL$`));
    expect(existsSync(join(root, 'no-redis', 'records.jsonl'))).toBe(false);
  });
});
