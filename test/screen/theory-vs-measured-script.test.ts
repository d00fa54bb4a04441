/**
 * `npm run eval:theory-vs-measured`: bad values give one `error:` line naming the option, exit
 * status 2 and no stack trace, before any model is loaded or any report written. (An unknown
 * option is checked with every script in test/cli/script-args.test.ts.)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-tvm-script-'));
const badRecords = join(root, 'bad.jsonl');
writeFileSync(badRecords, 'not json\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', tsx, join(REPO_ROOT, 'scripts', 'eval-theory-vs-measured.ts'), ...args, '--out', join(root, 'report')], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stderr }));
  });
}

describe('eval-theory-vs-measured command line', () => {
  it.each([
    [['--window', '5'], /^error: --window: expected lo,hi in eV with hi − lo ≥ 10, got '5'\n$/],
    [['--predictors', 'forward,cuxasnet'], /^error: --predictors: unknown predictor 'cuxasnet' \(known: forward, feff\)\n$/],
    [['--predictors', 'feff', '--fe-records', '/no/such/records.jsonl'], /^error: --fe-records: no FEFF batch records at \/no\/such\/records\.jsonl/],
    [['--predictors', 'feff', '--fe-records', badRecords], /^error: .*bad\.jsonl:1: not a JSON record/],
    [['--no-such-option'], /^error: unknown option --no-such-option \(known: --data, /],
  ])('%j → one error line, status 2', async (args, message) => {
    const r = await run(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(root, 'report.md'))).toBe(false);
  }, 60_000);
});
