/**
 * What abusive or heavy requests cost a running server (`src/server/main.ts` in its own process,
 * on 127.0.0.1): a 40 000-atom POSCAR (refused by --max-atoms, or stopped at the request time
 * limit), a 6 MB gzip-bomb Athena project, 50 async rankings of a 2697-structure pool (how many
 * are queued, how many refused with 429), and a 2-candidate synchronous ranking while that job
 * queue is busy. For each: status, wall time, /api/health latency meanwhile, the server's peak RSS.
 *
 *   npm run bench -- http-hazards     (or npx tsx bench/http-hazards.ts)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseScriptArgs } from '../src/args.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';

parseScriptArgs(process.argv.slice(2), 'npm run bench -- http-hazards', {});
const data = defaultDataDir();
const materials = join(data, 'pairs', 'cu-k-feff-crystals', 'materials');
const cuXdi = readFileSync(join(data, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi'));
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-hazards-'));
for (const mp of ['mp-1692', 'mp-361']) cpSync(join(materials, mp), join(tmp, 'small', mp), { recursive: true });

async function start(args: string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'server', 'main.ts'), '--port', '0', '--ui', join(tmp, 'no-ui'), ...args], { env: { ...process.env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Peak resident memory of a process so far, MB (Linux). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Runs `request` while polling /api/health every 100 ms; the slowest health answer. */
async function withHealth(base: string, request: () => Promise<Response>): Promise<{ status: number; code: string; seconds: number; healthMaxMs: number }> {
  const t0 = performance.now();
  let done = false;
  const pending = request().then(async (r) => {
    done = true;
    const text = await r.text();
    return { status: r.status, code: r.ok ? 'ok' : ((JSON.parse(text) as { error?: { code: string } }).error?.code ?? '?') };
  });
  let healthMaxMs = 0;
  while (!done) {
    const h0 = performance.now();
    await fetch(`${base}/api/health`);
    healthMaxMs = Math.max(healthMaxMs, performance.now() - h0);
    await new Promise((r) => setTimeout(r, 100));
  }
  const r = await pending;
  return { ...r, seconds: (performance.now() - t0) / 1000, healthMaxMs };
}

function poscar(n: number): string {
  const side = Math.ceil(Math.cbrt(n));
  const a = side * 2.5;
  const lines = ['big', '1.0', `${a} 0 0`, `0 ${a} 0`, `0 0 ${a}`, 'Cu O', `${Math.ceil(n / 2)} ${Math.floor(n / 2)}`, 'Direct'];
  for (let k = 0; k < n; k++) lines.push(`${(Math.floor(k / side ** 2) + 0.01 * Math.sin(k)) / side} ${((Math.floor(k / side) % side) + 0.01 * Math.cos(k)) / side} ${(k % side) / side}`);
  return lines.join('\n') + '\n';
}

const form = (fields: Record<string, string | Blob>, name = 'POSCAR') => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v instanceof Blob ? new File([v], k === 'spectrum' ? 'CuO.xdi' : name) : v);
  return fd;
};

const rows: string[] = [];
const row = (what: string, r: { status: number; code: string; seconds: number; healthMaxMs: number }, rss: number) =>
  rows.push(`| ${what} | ${r.status} ${r.code} | ${r.seconds.toFixed(1)} | ${r.healthMaxMs.toFixed(0)} | ${rss} |`);

try {
  const big = new Blob([poscar(40_000)]);
  const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
  const bomb = new Blob([Buffer.concat(Array.from({ length: Math.floor(6e6 / one.length) }, () => one))]);

  let s = await start([]);
  row(`POST /api/structure, 40 000-atom POSCAR (${(big.size / 1e6).toFixed(1)} MB), default --max-atoms`, await withHealth(s.base, () => fetch(`${s.base}/api/structure`, { method: 'POST', body: form({ file: big }) })), peakRssMb(s.child.pid!));
  row(`POST /api/inspect, gzip bomb .prj (${(bomb.size / 1e6).toFixed(1)} MB → ${Math.floor(6e6 / one.length)} MiB)`, await withHealth(s.base, () => fetch(`${s.base}/api/inspect`, { method: 'POST', body: form({ file: bomb }, 'bomb.prj') })), peakRssMb(s.child.pid!));
  await stop(s.child);

  s = await start(['--max-atoms', '50000', '--timeout-s', '10']);
  row('the same POSCAR with --max-atoms 50000 --timeout-s 10', await withHealth(s.base, () => fetch(`${s.base}/api/structure`, { method: 'POST', body: form({ file: big }) })), peakRssMb(s.child.pid!));
  await stop(s.child);

  s = await start(['--predictor', 'feff', '--pool', `big=${materials}`, '--pool', `small=${join(tmp, 'small')}`]);
  const spectrum = new Blob([cuXdi]);
  const statuses: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum, pool: 'big', async: 'true' }) });
    statuses.push(r.status);
    if (r.status === 202) ids.push(((await r.json()) as { id: string }).id);
    else await r.text();
  }
  const health = (await (await fetch(`${s.base}/api/health`)).json()) as { jobs: { running: number; queued: number } };
  rows.push(`| 50 × POST /api/rank async=true, pool of 2697 | ${statuses.filter((x) => x === 202).length} × 202, ${statuses.filter((x) => x === 429).length} × 429 | — | — | health: ${health.jobs.running} running, ${health.jobs.queued} queued |`);
  row('POST /api/rank, 2-candidate pool, while those jobs run', await withHealth(s.base, () => fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum, pool: 'small' }) })), peakRssMb(s.child.pid!));
  const t0 = performance.now();
  for (const id of ids) await fetch(`${s.base}/api/jobs/${id}`, { method: 'DELETE' });
  const after = (await (await fetch(`${s.base}/api/health`)).json()) as { jobs: { running: number; queued: number } };
  rows.push(`| DELETE /api/jobs/:id × ${ids.length} | ${((performance.now() - t0) / 1000).toFixed(2)} s in all | — | — | health: ${after.jobs.running} running, ${after.jobs.queued} queued |`);
  await stop(s.child);

  console.log('Requests that used to block or exhaust the server (2 shared cores; the server in its own process).\n');
  console.log('| request | answer | s | max /api/health ms meanwhile | server peak RSS MB |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) console.log(r);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
