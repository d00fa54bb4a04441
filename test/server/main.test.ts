/**
 * `src/server/main.ts` as `npm start` runs it (own process, real port): serves the API and the UI
 * folder, refuses path traversal, stops on SIGTERM, and reports bad options without a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { writeTinyInverseModel } from './tiny-model.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-main-'));
const MAIN = join(REPO_ROOT, 'src', 'server', 'main.ts');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('server main', () => {
  it('serves API and UI on the given port and stops on SIGTERM', async () => {
    writeTinyInverseModel(join(root, 'models'));
    mkdirSync(join(root, 'ui'));
    writeFileSync(join(root, 'ui', 'index.html'), '<!doctype html><title>xasinv test ui</title>');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--models', join(root, 'models'), '--ui', join(root, 'ui'), '--pool', `here=${root}`], { env: { ...process.env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/localhost:(\d+).*models: Fe K \(inverse\).*pools: here/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      setTimeout(() => reject(new Error(`no start line: ${out}`)), 30_000);
    });
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok' });
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/xasinv test ui/);
    expect((await fetch(`${base}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/models`)).status).toBe(404);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('--help and --version answer and exit 0; a zero limit is a one-line error with exit status 2', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--help'], { encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm start -- \[options\]/);
    expect(help.stdout).toMatch(/--max-candidates <number>/);
    const version = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^xasinv \d+\.\d+\.\d+/);
    const zero = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--max-upload-mb', '0'], { encoding: 'utf8' });
    expect(zero.status).toBe(2);
    expect(zero.stderr.trim()).toBe('error: --max-upload-mb must be > 0, got 0');
  }, 60_000);

  it('a bad --pool is a one-line error with exit status 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--pool', 'nofolder'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --pool expects name=folder, got "nofolder"');
  }, 30_000);
});
