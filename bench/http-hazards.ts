/**
 * What abusive or heavy requests cost a running server (`src/server/main.ts` in its own process,
 * on 127.0.0.1), and whether it survives them. For each case: the answer (status and code), wall
 * time, the slowest `/api/health` answer meanwhile (polled every 100 ms by a process of its own, 30 s timeout), the
 * server's peak RSS, and whether it is still alive afterwards.
 *
 * Cases (`--only a,b` runs some; names in brackets):
 * - [structure] a 40 000-atom POSCAR, refused by --max-atoms or stopped at the request time limit;
 * - [dense] 4999 Fe atoms 0.55 Å apart on /api/structure (--timeout-s 60);
 * - [bomb] a 6 MB gzip-bomb .prj on /api/inspect;
 * - [big-gzip] a ≈ 180 KB gzip of a column file inflating to 180 MB (under the default 200 MB
 *   limit), on /api/rank (a job-sized ranking of a pool) and /api/series, and `xasinv inspect` on it;
 * - [split-bomb] 12 such files in one /api/series upload (2.2 GB inflated in all);
 * - [medium-gzip] a ≈ 20 KB gzip inflating to 20 MB on /api/rank;
 * - [many-groups] a series of one group listed 20 000 times: the answer, then the job;
 * - [big-result] 10 concurrent GETs of a 2000-spectrum series result;
 * - [nested] a project nested 100 000 brackets deep on /api/series; [truncated] a JSON project
 *   whose y arrays were cut on /api/groups and /api/inspect;
 * - [host] an unbracketed `Host: ::1`; [proto] pool "__proto__"; [slow-upload] a chunked upload of
 *   64 bytes every 200 ms (--timeout-s 5);
 * - [xaslib] the 22 xaslib Fe references as JSON {energy, mu} and as plain columns: how many read as Fe;
 * - [jobs] 50 async rankings of the 2697-structure pool, a small ranking meanwhile, cancelling them;
 * - [redis] with --redis: Redis paused (SIGSTOP) 10 s under /api/health, GET /api/jobs/:id and
 *   POST /api/rank; then with no worker connected (--worker-wait-s 5);
 * - [memory] `--memory N` requests of every kind, RSS before and after (not run by default).
 *
 * The same script runs against an older checkout (the field names it sends are read by both), which
 * is how the before/after table of docs/api.md was made.
 *
 *   npm run bench -- http-hazards     (or npx tsx bench/http-hazards.ts [--only big-gzip,redis] [--memory 5000])
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseScriptArgs } from '../src/args.ts';
import { parseSpectrum } from '../src/io/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run bench -- http-hazards [--only case,case] [--memory N]', {
  only: { type: 'string', help: 'run only these cases (comma list; see the file header)' },
  memory: { type: 'number', help: 'also send this many requests of every kind and report the server RSS before and after' },
});
const only = typeof options.only === 'string' ? new Set(options.only.split(',').map((s) => s.trim())) : undefined;
const runs = (name: string) => (name === 'memory' ? typeof options.memory === 'number' : !only || only.has(name));

const data = defaultDataDir();
const materials = join(data, 'pairs', 'cu-k-feff-crystals', 'materials');
const cuXdi = readFileSync(join(data, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi'));
const fePrj = readFileSync(join(data, 'experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj'));
const jsonPrj = readFileSync(join(data, 'experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'json_unzipped.prj'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-hazards-'));
for (const mp of ['mp-1692', 'mp-361']) cpSync(join(materials, mp), join(tmp, 'small', mp), { recursive: true });

type Server = { child: ChildProcess; base: string; port: number; peak: () => number; log: () => string };

async function start(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'server', 'main.ts'), '--port', '0', '--ui', join(tmp, 'no-ui'), ...args], { env: { ...process.env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 100);
  child.on('exit', () => clearInterval(poll));
  return { child, base: `http://127.0.0.1:${port}`, port, peak: () => Math.max(peak, rssMb(child.pid!)), log: () => out };
}

async function stop(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

/** Peak resident memory of a process so far, MB (Linux; 0 once it is gone). */
function rssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

type Outcome = { status: number; code: string; seconds: number; healthMaxMs: number; body?: string };

/** The answer of `send` (status and error code, or what went wrong on the connection). */
async function outcome(res: Promise<Response>): Promise<{ status: number; code: string; body?: string }> {
  try {
    const r = await res;
    const text = await r.text();
    let code = r.ok ? 'ok' : `(${text.length ? 'not JSON' : 'empty body'})`;
    try {
      code = r.ok ? 'ok' : ((JSON.parse(text) as { error?: { code: string } }).error?.code ?? code);
    } catch {
      /* not JSON */
    }
    return { status: r.status, code, body: text };
  } catch (err) {
    return { status: 0, code: `connection lost (${(err as Error).cause ? ((err as Error).cause as Error).message : (err as Error).message})` };
  }
}

/** Runs `send` while polling /api/health every 100 ms; the slowest health answer (a refused one counts as the time to refusal). */
async function withHealth(s: Server, send: () => Promise<Response>): Promise<Outcome> {
  const t0 = performance.now();
  // The polls run in a process of their own, so that the work of this one (building a 20 MB
  // upload, reading 10 answers of 3 MB) does not count as the server's slowness.
  const poller = spawn(process.execPath, ['-e', HEALTH_POLLER, `${s.base}/api/health`], { stdio: ['pipe', 'pipe', 'ignore'] });
  let polled = '';
  poller.stdout!.on('data', (d: Buffer) => (polled += d.toString()));
  const r = await outcome(send());
  poller.stdin!.end();
  await new Promise((res) => poller.once('close', res));
  const healthMaxMs = Number(polled.trim()) || 0;
  return { ...r, seconds: (performance.now() - t0) / 1000, healthMaxMs };
}

/** Polls a URL every 100 ms (30 s timeout) until stdin closes; prints the slowest answer, ms. */
const HEALTH_POLLER = `
const url = process.argv[1];
let stop = false, max = 0;
process.stdin.on('end', () => (stop = true)).resume();
(async () => {
  while (!stop) {
    const t = performance.now();
    await fetch(url, { signal: AbortSignal.timeout(30000) }).then((r) => r.text()).catch(() => {});
    max = Math.max(max, performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(Math.round(max));
})();
`;

const alive = (s: Server) => (s.child.exitCode === null && s.child.signalCode === null ? 'alive' : `DIED (${s.child.signalCode ?? `exit ${s.child.exitCode}`}${/heap out of memory/i.test(s.log()) ? ', heap out of memory' : ''})`);

function poscar(n: number): string {
  const side = Math.ceil(Math.cbrt(n));
  const a = side * 2.5;
  const lines = ['big', '1.0', `${a} 0 0`, `0 ${a} 0`, `0 0 ${a}`, 'Cu O', `${Math.ceil(n / 2)} ${Math.floor(n / 2)}`, 'Direct'];
  for (let k = 0; k < n; k++) lines.push(`${(Math.floor(k / side ** 2) + 0.01 * Math.sin(k)) / side} ${((Math.floor(k / side) % side) + 0.01 * Math.cos(k)) / side} ${(k % side) / side}`);
  return lines.join('\n') + '\n';
}

/** 4999 Fe atoms on a cubic grid 0.55 Å apart (xyz). */
function denseFe(): string {
  const n = 4999;
  const side = Math.ceil(Math.cbrt(n));
  const lines = [String(n), 'dense Fe'];
  for (let k = 0; k < n; k++) lines.push(`Fe ${(k % side) * 0.55} ${(Math.floor(k / side) % side) * 0.55} ${Math.floor(k / side / side) * 0.55}`);
  return lines.join('\n') + '\n';
}

/** A gzip of a two-column file inflating to about `mb` MB (one line repeated). */
function columnGzip(mb: number): Buffer {
  const line = '8979.5 0.25\n';
  return gzipSync(Buffer.from(line.repeat(Math.ceil((mb * 1e6) / line.length))), { level: 9 });
}

/** A Perl-dump Athena project holding one small group `n` times. */
function repeatedGroups(n: number): string {
  const x = Array.from({ length: 60 }, (_, i) => `'${7050 + 3 * i}'`).join(',');
  const y = Array.from({ length: 60 }, (_, i) => `'${(Math.atan((i - 20) / 2) + 2).toFixed(4)}'`).join(',');
  const parts = ['# Athena project file -- Demeter version 0.9.26'];
  for (let k = 0; k < n; k++) parts.push(`$old_group = 'g${k}';\n@args = ('label','scan ${k}','bkg_z','Fe');\n@x = (${x});\n@y = (${y});\n[record]`);
  return `${parts.join('\n')}\n1;\n`;
}

const form = (fields: Record<string, string | [Uint8Array | string, string] | [Uint8Array | string, string][]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') fd.append(k, v);
    else for (const [bytes, name] of (Array.isArray(v[0]) ? v : [v]) as [Uint8Array | string, string][]) fd.append(k, new File([bytes as BlobPart], name));
  }
  return fd;
};
const post = (s: Server, path: string, fd: FormData) => () => fetch(`${s.base}${path}`, { method: 'POST', body: fd });

const rows: string[] = [];
const row = (what: string, r: Outcome, s: Server) => rows.push(`| ${what} | ${r.status} ${r.code} | ${r.seconds.toFixed(1)} | ${r.healthMaxMs.toFixed(0)} | ${s.peak()} | ${alive(s)} |`);
const note = (what: string, answer: string, extra = '') => rows.push(`| ${what} | ${answer} | — | — | — | ${extra} |`);

/** CPU time the server process has used so far (all its threads), ms, from /proc (Linux; NaN elsewhere). */
function serverCpuMs(s: Server): number {
  try {
    const fields = readFileSync(`/proc/${s.child.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s (CLK_TCK)
  } catch {
    return Number.NaN;
  }
}

/** Polls a job until it finishes (or `limitS` passes); its status and the seconds it took. */
async function waitJob(s: Server, id: string, limitS = 600): Promise<{ status: string; code?: string; seconds: number }> {
  const t0 = performance.now();
  for (;;) {
    const j = (await (await fetch(`${s.base}/api/jobs/${id}`)).json().catch(() => ({}))) as { status?: string; error?: { code: string } };
    if (j.status && !['queued', 'running'].includes(j.status)) return { status: j.status, ...(j.error ? { code: j.error.code } : {}), seconds: (performance.now() - t0) / 1000 };
    if ((performance.now() - t0) / 1000 > limitS || s.child.exitCode !== null) return { status: j.status ?? 'unknown', seconds: (performance.now() - t0) / 1000 };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A raw request with any Host header; the status and whether the body is JSON. */
function rawHost(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        let kind = body.length ? 'not JSON' : 'empty body';
        try {
          kind = (JSON.parse(body) as { error?: { code: string } }).error?.code ?? 'JSON';
        } catch {
          /* as said */
        }
        resolve(`${res.statusCode} ${kind}`);
      });
    });
    req.on('error', (e) => resolve(`error ${e.message}`));
    req.end();
  });
}

/** A chunked upload of 64 bytes every 200 ms; when and how the server answered. */
function slowUpload(port: number, totalBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/api/inspect', method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        let code: string;
        try {
          code = (JSON.parse(body) as { error?: { code: string } }).error?.code ?? '';
        } catch {
          code = body.length ? 'not JSON' : 'empty';
        }
        resolve(`${res.statusCode} ${code} after ${((performance.now() - t0) / 1000).toFixed(1)} s (${sent} bytes sent)`);
        req.destroy();
      });
    });
    req.on('error', () => !answered && resolve(`connection closed after ${((performance.now() - t0) / 1000).toFixed(1)} s (${sent} bytes sent)`));
    const tick = () => {
      if (answered || req.destroyed) return;
      if (sent >= totalBytes) return void req.end();
      req.write(Buffer.alloc(64, 0x31));
      sent += 64;
      setTimeout(tick, 200);
    };
    tick();
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

try {
  const bigGzip = columnGzip(180);
  writeFileSync(join(tmp, 'big.dat.gz'), bigGzip);
  const mediumGzip = columnGzip(20);

  if (runs('structure') || runs('bomb') || runs('big-gzip') || runs('medium-gzip') || runs('nested') || runs('truncated') || runs('host') || runs('proto') || runs('xaslib') || runs('split-bomb')) {
    const s = await start(['--pool', `small=${join(tmp, 'small')}`]);
    if (runs('structure')) {
      const big = poscar(40_000);
      row(`POST /api/structure, 40 000-atom POSCAR (${(big.length / 1e6).toFixed(1)} MB), default --max-atoms`, await withHealth(s, post(s, '/api/structure', form({ file: [big, 'POSCAR'] }))), s);
    }
    if (runs('bomb')) {
      const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
      const bomb = Buffer.concat(Array.from({ length: Math.floor(6e6 / one.length) }, () => one));
      row(`POST /api/inspect, gzip bomb .prj (${(bomb.length / 1e6).toFixed(1)} MB → ${Math.floor(6e6 / one.length)} MiB)`, await withHealth(s, post(s, '/api/inspect', form({ file: [bomb, 'bomb.prj'] }))), s);
    }
    if (runs('medium-gzip')) row(`POST /api/rank async, ${(mediumGzip.length / 1e3).toFixed(0)} KB gzip → 20 MB of columns`, await withHealth(s, post(s, '/api/rank', form({ spectrum: [mediumGzip, 'medium.dat.gz'], pool: 'small', async: 'true' }))), s);
    if (runs('nested')) {
      const nested = `# Athena project file\n$old_group = 'a';\n@args = ('label','x','extra',${'['.repeat(100_000)}${']'.repeat(100_000)});\n@x = ('7000','7010');\n@y = ('1','2');\n[record]\n`;
      row('POST /api/series, project nested 100 000 brackets deep', await withHealth(s, post(s, '/api/series', form({ files: [nested, 'deep.prj'] }))), s);
    }
    if (runs('truncated')) {
      const doc = JSON.parse(jsonPrj) as Record<string, { y?: unknown[] }>;
      for (const k of Object.keys(doc)) if (!k.startsWith('_____')) doc[k]!.y = doc[k]!.y!.slice(0, 5);
      const cut = JSON.stringify(doc);
      row('POST /api/groups, JSON project with cut y arrays', await withHealth(s, post(s, '/api/groups', form({ file: [cut, 'cut.prj'] }))), s);
      row('POST /api/inspect, the same project', await withHealth(s, post(s, '/api/inspect', form({ file: [cut, 'cut.prj'] }))), s);
    }
    if (runs('host')) note('GET /api/health with `Host: ::1` (unbracketed)', await rawHost(s.port, '::1'));
    if (runs('proto')) {
      const r = await outcome(fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, 'CuO.xdi'], pool: '__proto__' }) }));
      note('POST /api/rank, pool "__proto__"', `${r.status} ${r.code}`);
    }
    if (runs('xaslib')) {
      const dir = join(data, 'experimental', 'xaslib', 'Fe');
      const refs = readdirSync(dir).filter((f) => f.endsWith('.xdi'));
      let asJson = 0;
      let asColumns = 0;
      for (const [i, name] of refs.entries()) {
        const sp = parseSpectrum(readFileSync(join(dir, name)), name);
        const energy = Array.from(sp.energyEv);
        const mu = Array.from(sp.mu);
        const j = (await (await fetch(`${s.base}/api/inspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ energy, mu }) })).json()) as { element?: string };
        if (j.element === 'Fe') asJson++;
        const c = (await (await fetch(`${s.base}/api/inspect`, { method: 'POST', body: form({ file: [`# energy mu\n${energy.map((e, k) => `${e} ${mu[k]}`).join('\n')}\n`, `spectrum-${i}.dat`] }) })).json()) as { element?: string };
        if (c.element === 'Fe') asColumns++;
      }
      note(`POST /api/inspect, ${refs.length} xaslib Fe references without their names`, `read as Fe: ${asJson}/${refs.length} as JSON {energy, mu}, ${asColumns}/${refs.length} as plain columns`);
    }
    if (runs('big-gzip')) {
      row(`POST /api/rank async, ${(bigGzip.length / 1e3).toFixed(0)} KB gzip → 180 MB of columns`, await withHealth(s, post(s, '/api/rank', form({ spectrum: [bigGzip, 'big.dat.gz'], pool: 'small', async: 'true' }))), s);
    }
    if (runs('big-gzip') && alive(s) === 'alive') row('POST /api/series, the same file', await withHealth(s, post(s, '/api/series', form({ files: [bigGzip, 'big.dat.gz'] }))), s);
    if (runs('split-bomb') && alive(s) === 'alive') row(`POST /api/series, 12 such files (${((12 * bigGzip.length) / 1e6).toFixed(1)} MB → 2.2 GB in all)`, await withHealth(s, post(s, '/api/series', form({ files: Array.from({ length: 12 }, (_, i) => [bigGzip, `part-${i}.dat.gz`] as [Uint8Array, string]) }))), s);
    await stop(s);
  }

  if (runs('big-gzip')) {
    const t0 = performance.now();
    const cli = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xasinv.js'), 'inspect', join(tmp, 'big.dat.gz')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    cli.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, rssMb(cli.pid!))), 100);
    const code = await new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
    clearInterval(poll);
    const line = err.trim().split('\n').find((l) => /error|heap/i.test(l)) ?? err.trim().split('\n').pop() ?? '';
    rows.push(`| \`xasinv inspect\` on that 180 MB-inflating gzip | exit ${code}: ${line.slice(0, 140).replaceAll('|', '/')} | ${((performance.now() - t0) / 1000).toFixed(1)} | — | ${peak} | — |`);
  }

  if (runs('dense')) {
    const s = await start(['--timeout-s', '60']);
    row('POST /api/structure, 4999 Fe atoms 0.55 Å apart (--timeout-s 60)', await withHealth(s, post(s, '/api/structure', form({ file: [denseFe(), 'dense.xyz'] }))), s);
    await stop(s);
  }

  if (runs('structure')) {
    const s = await start(['--max-atoms', '50000', '--timeout-s', '10']);
    row('the 40 000-atom POSCAR with --max-atoms 50000 --timeout-s 10', await withHealth(s, post(s, '/api/structure', form({ file: [poscar(40_000), 'POSCAR'] }))), s);
    await stop(s);
  }

  if (runs('many-groups')) {
    const s = await start([]);
    const many = repeatedGroups(20_000);
    const r = await withHealth(s, post(s, '/api/series', form({ files: [many, 'many.prj'], element: 'Fe' })));
    row(`POST /api/series, one group listed 20 000 times (${(many.length / 1e6).toFixed(1)} MB)`, r, s);
    const id = r.status === 202 ? (JSON.parse(r.body!) as { id: string }).id : undefined;
    if (id) {
      const job = await waitJob(s, id);
      note('… its job (where the series is queued)', `${job.status}${job.code ? ` ${job.code}` : ''} after ${job.seconds.toFixed(0)} s; server peak RSS ${s.peak()} MB`, alive(s));
    }
    await stop(s);
  }

  if (runs('big-result')) {
    const s = await start([]);
    const res = await fetch(`${s.base}/api/series`, { method: 'POST', body: form({ files: [repeatedGroups(2000), 'two-thousand.prj'], element: 'Fe' }) });
    const { id } = (await res.json()) as { id: string };
    const job = await waitJob(s, id);
    const t0 = performance.now();
    const cpu0 = serverCpuMs(s);
    const r = await withHealth(s, async () => {
      const all = await Promise.all(Array.from({ length: 10 }, () => fetch(`${s.base}/api/jobs/${id}`).then(async (x) => ({ status: x.status, bytes: (await x.arrayBuffer()).byteLength }))));
      return new Response(JSON.stringify(all), { status: all.every((a) => a.status === 200) ? 200 : 500 });
    });
    const cpu = serverCpuMs(s) - cpu0;
    const size = (await (await fetch(`${s.base}/api/jobs/${id}`)).arrayBuffer()).byteLength;
    row(`10 × GET /api/jobs/:id at once, a 2000-spectrum series result (${(size / 1e6).toFixed(1)} MB; the job took ${job.seconds.toFixed(0)} s, ${job.status}; server CPU ${cpu.toFixed(0)} ms, /api/health polls included)`, { ...r, seconds: (performance.now() - t0) / 1000 }, s);
    await stop(s);
  }

  if (runs('slow-upload')) {
    const s = await start(['--timeout-s', '5']);
    note('chunked POST /api/inspect, 64 bytes every 200 ms (--timeout-s 5), 20 KB in all', await slowUpload(s.port, 20_000), alive(s));
    await stop(s);
  }

  if (runs('jobs')) {
    const s = await start(['--predictor', 'feff', '--pool', `big=${materials}`, '--pool', `small=${join(tmp, 'small')}`]);
    const statuses: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, 'CuO.xdi'], pool: 'big', async: 'true' }) });
      statuses.push(r.status);
      if (r.status === 202) ids.push(((await r.json()) as { id: string }).id);
      else await r.text();
    }
    const health = (await (await fetch(`${s.base}/api/health`)).json()) as { jobs: { running: number; queued: number } };
    note('50 × POST /api/rank async=true, pool of 2697', `${statuses.filter((x) => x === 202).length} × 202, ${statuses.filter((x) => x === 429).length} × 429`, `health: ${health.jobs.running} running, ${health.jobs.queued} queued`);
    row('POST /api/rank, 2-candidate pool, while those jobs run', await withHealth(s, post(s, '/api/rank', form({ spectrum: [cuXdi, 'CuO.xdi'], pool: 'small' }))), s);
    const t0 = performance.now();
    for (const id of ids) await fetch(`${s.base}/api/jobs/${id}`, { method: 'DELETE' });
    const after = (await (await fetch(`${s.base}/api/health`)).json()) as { jobs: { running: number; queued: number } };
    note(`DELETE /api/jobs/:id × ${ids.length}`, `${((performance.now() - t0) / 1000).toFixed(2)} s in all`, `health: ${after.jobs.running} running, ${after.jobs.queued} queued`);
    await stop(s);
  }

  if (runs('redis') && spawnSync('redis-server', ['--version']).status === 0) {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = `redis://127.0.0.1:${port}`;
    try {
      // --worker-wait-s exists from this version on; an older checkout runs without it.
      const waitOption = readFileSync(join(REPO_ROOT, 'src', 'server', 'options.ts'), 'utf8').includes('worker-wait-s') ? ['--worker-wait-s', '5'] : [];
      const s = await start(['--redis', url, '--pool', `small=${join(tmp, 'small')}`, ...waitOption]);
      const warnLine = /warning: Redis keeps no copy on disk/.test(s.log()) ? 'warns: Redis keeps no copy on disk' : 'no warning';
      note('start-up against a Redis with appendonly no, no save points', warnLine);
      // No worker connected.
      const nw = await fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, 'CuO.xdi'], pool: 'small', async: 'true' }) });
      const nwBody = (await nw.json()) as { id?: string; warning?: string };
      const nwJob = nwBody.id ? await waitJob(s, nwBody.id, 20) : { status: 'not queued', seconds: 0 };
      note('POST /api/rank async with no worker connected', `${nw.status}${nwBody.warning ? ' with a warning' : ''}; the job: ${nwJob.status}${'code' in nwJob && nwJob.code ? ` ${nwJob.code}` : ''} after ${nwJob.seconds.toFixed(0)} s (watched 20 s)`);
      // Paused Redis, with a worker connected.
      const worker = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'xasinv.js'), 'worker', '--redis', url, '--pool', `small=${join(tmp, 'small')}`], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 8000));
      const first = (await (await fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, 'CuO.xdi'], pool: 'small', async: 'true' }) })).json()) as { id: string };
      redis.kill('SIGSTOP');
      const pausedAt = performance.now();
      const timed = async (what: string, p: () => Promise<Response>) => {
        const t0 = performance.now();
        const r = await outcome(p());
        return `${what}: ${r.status} ${r.code}, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
      };
      const answers = await Promise.all([
        timed('health', () => fetch(`${s.base}/api/health`)),
        timed('GET job', () => fetch(`${s.base}/api/jobs/${first.id}`)),
        timed('POST rank', () => fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, 'CuO.xdi'], pool: 'small', async: 'true' }) })),
      ]);
      await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (performance.now() - pausedAt))));
      redis.kill('SIGCONT');
      note('Redis paused (SIGSTOP) 10 s', answers.join('; '), alive(s));
      worker.kill('SIGKILL');
      await stop(s);
    } finally {
      redis.kill('SIGCONT');
      redis.kill('SIGKILL');
    }
  }

  if (runs('memory')) {
    const n = Number(options.memory);
    const s = await start(['--pool', `small=${join(tmp, 'small')}`]);
    const before = rssMb(s.child.pid!);
    const current = () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.child.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : 0;
    };
    const start0 = current();
    const t0 = performance.now();
    const checkpoints: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = i % 5;
      const name = `s-${i}.xdi`; // a new name each time: no cache hit
      const p =
        k === 0 ? fetch(`${s.base}/api/inspect`, { method: 'POST', body: form({ file: [cuXdi, name] }) })
        : k === 1 ? fetch(`${s.base}/api/groups`, { method: 'POST', body: form({ file: [fePrj, `${i}.prj`] }) })
        : k === 2 ? fetch(`${s.base}/api/check`, { method: 'POST', body: form({ file: [cuXdi, name] }) })
        : k === 3 ? fetch(`${s.base}/api/rank`, { method: 'POST', body: form({ spectrum: [cuXdi, name], pool: 'small', async: i % 50 === 3 ? 'true' : 'false' }) })
        : fetch(`${s.base}/api/health`);
      await (await p).arrayBuffer();
      if ((i + 1) % Math.ceil(n / 4) === 0 && i + 1 < n) checkpoints.push(`${current()} MB after ${i + 1}`);
    }
    note(`${n} requests (inspect, groups, check, rank incl. async, health; every upload a new name)`, `server RSS ${start0} MB → ${checkpoints.join(' → ')}${checkpoints.length ? ' → ' : ''}${current()} MB after ${n} (peak ${s.peak()} MB; ${((performance.now() - t0) / 1000).toFixed(0)} s)`, `start peak ${before} MB`);
    await stop(s);
  }

  console.log('Requests that used to block or exhaust the server (2 shared cores; the server in its own process).\n');
  console.log('| request | answer | s | max /api/health ms meanwhile | server peak RSS MB | server after |');
  console.log('|---|---|---:|---:|---:|---|');
  for (const r of rows) console.log(r);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
