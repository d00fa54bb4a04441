import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../src/paths.ts';

// Every script with a command line (npm run train:*, eval:*, …, bench/*) goes through parseScriptArgs.
const SCRIPTS = [
  'scripts/ablate-error-model.ts',
  'scripts/calibrate-edge-valence.ts',
  'scripts/calibrate-inverse.ts',
  'scripts/calibrate-screen.ts',
  'scripts/compare-inverse.ts',
  'scripts/eval-confidence.ts',
  'scripts/eval-forward.ts',
  'scripts/eval-inverse.ts',
  'scripts/eval-screen.ts',
  'scripts/eval-theory-vs-measured.ts',
  'scripts/fit-confidence.ts',
  'scripts/train-forward.ts',
  'scripts/train-inverse.ts',
  'bench/forward.ts',
  'bench/http.ts',
  'bench/screen.ts',
];

function run(script: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', tsx, join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('script command lines', () => {
  it('an unknown option gives one error line naming it and exit status 2, never a stack trace; --help lists the options', async () => {
    // Two at a time (2 cores).
    const results: { script: string; bad: Awaited<ReturnType<typeof run>>; help: Awaited<ReturnType<typeof run>> }[] = [];
    for (let i = 0; i < SCRIPTS.length; i += 2) {
      results.push(
        ...(await Promise.all(
          SCRIPTS.slice(i, i + 2).map(async (script) => ({ script, bad: await run(script, ['--no-such-option', '1']), help: await run(script, ['--help']) })),
        )),
      );
    }
    for (const { script, bad, help } of results) {
      expect(bad.status, `${script}: ${bad.stderr}`).toBe(2);
      expect(bad.stderr, script).toMatch(/^error: unknown option --no-such-option \(known: --/m);
      expect(bad.stderr, script).not.toMatch(/\n\s+at /);
      expect(help.status, `${script}: ${help.stderr}`).toBe(0);
      expect(help.stdout, script).toMatch(/^(npm run|npx tsx) .*\n\n {2}--\w/);
    }
  }, 240_000);

  it('a bad option value, or a missing data folder, is one error line, exit status 2, never a stack trace', async () => {
    const cases: [string, string[], RegExp][] = [
      ['scripts/eval-screen.ts', ['--measured-shift', '50'], /^error: --measured-shift expects eV within ±20, got 50$/m],
      ['scripts/calibrate-edge-valence.ts', ['--absorbers', 'Zn'], /^error: --absorbers: no valence references for 'Zn'/m],
      ['scripts/calibrate-screen.ts', ['--score', 'foo'], /^error: --score: unknown score 'foo'/m],
      // A user-level error the script does not catch (a data folder that is not there) is one line too.
      ['scripts/calibrate-edge-valence.ts', ['--data', '/no/such/data', '--absorbers', 'Fe'], /^error: \/no\/such\/data\/experimental\/.+: no such file$/m],
    ];
    for (const [script, args, message] of cases) {
      const r = await run(script, args);
      expect(r.status, `${script}: ${r.stderr}`).toBe(2);
      expect(r.stderr, script).toMatch(message);
      expect(r.stderr, script).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
