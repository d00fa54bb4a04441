/**
 * HTTP latency of `POST /api/rdf` (multipart upload of measured Fe K-edge XDI files) with 20
 * concurrent clients (autocannon, 127.0.0.1), in one run, four ways:
 *
 *   no job   × same upload      — every client posts Fe2O3_rt_01.xdi: after the first answers, the
 *                                 result cache (content hash) answers; this measures the cache;
 *   no job   × distinct uploads — the measured Fe spectra in turn, each request under a new file
 *                                 name, so no request is a cache hit: this measures the real work;
 *   one job  × the same two     — while a ranking job of the 2697-structure Cu pool runs on the job
 *                                 worker (resubmitted whenever it finishes; the share of the time a
 *                                 job was running is printed).
 *
 * The server runs in its own process (`src/server/main.ts`, started on a free port, workers warmed,
 * stopped after) with the shipped models when present, else a tiny random-weight Fe model (then the
 * latency is the service overhead around a small network). The machine's load average before the
 * run is printed: on a shared machine other processes take CPU from the server.
 * Targets (issue 20 item 7): p99 ≤ 200 ms with no job, ≤ 400 ms with one, at 20 clients.
 *
 *   npm run bench:http   (or npx tsx bench/http.ts [--connections 20] [--duration 10] [--sync-workers N] [--result-cache-mb MB])
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseScriptArgs } from '../src/args.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../src/forward/manifest.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { writeTinyInverseModel } from '../test/server/tiny-model.ts';

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface Request {
  method?: string;
  body?: Buffer;
  headers?: Record<string, string>;
  setupRequest?: (req: Request) => Request;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
interface Health {
  /** Absent on servers before the result cache (the bench also runs against older checkouts). */
  cache?: { hits: number; misses: number };
  sync: { workers: number };
  jobs: { running: number };
}

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run bench:http -- [options]', {
  connections: { type: 'number', help: 'concurrent clients (20)' },
  duration: { type: 'number', help: 'seconds per scenario (10)' },
  models: { type: 'string', help: 'models folder (default: the shipped models/ when they hold fe-k, else a tiny test model)' },
  'sync-workers': { type: 'number', help: 'server option --sync-workers (default: the server default, one per core)' },
  'result-cache-mb': { type: 'number', help: 'server option --result-cache-mb (default: the server default)' },
});
const connections = Number(options.connections ?? 20);
const duration = Number(options.duration ?? 10);
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const loadBefore = loadavg();

const given = typeof options.models === 'string' ? options.models : undefined;
const shipped = existsSync(join(MODELS_DIR, 'inverse', 'fe-k', 'manifest.json'));
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-http-'));
const modelsDir = given ?? (shipped ? MODELS_DIR : join(tmp, 'models'));
if (!given && !shipped) writeTinyInverseModel(modelsDir);
const members = (JSON.parse(readFileSync(join(modelsDir, 'inverse', 'fe-k', 'manifest.json'), 'utf8')) as { members: number }).members;
const haveForward = existsSync(join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'));

const data = defaultDataDir();
const feDir = join(data, 'experimental', 'xaslib', 'Fe');
const poolDir = join(data, 'pairs', 'cu-k-feff-crystals', 'materials');
const rankSpectrum = join(data, 'experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');

const boundary = '----xasinvbench';
const multipart = (name: string, bytes: Buffer) =>
  Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };

const serverArgs = ['--port', '0', '--models', modelsDir, '--ui', join(tmp, 'no-ui'), '--pool', `cu=${poolDir}`, '--predictor', haveForward ? 'forward' : 'feff'];
for (const key of ['sync-workers', 'result-cache-mb'] as const) if (options[key] !== undefined) serverArgs.push(`--${key}`, String(options[key]));
const server = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'server', 'main.ts'), ...serverArgs], { env: { ...process.env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /http:\/\/localhost:(\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
});
const url = `http://127.0.0.1:${port}`;
const ticksPerS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
/** CPU time the server process (all its threads) has used, ms (Linux /proc; undefined elsewhere). */
function serverCpuMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerS) * 1000; // utime + stime
  } catch {
    return undefined;
  }
}
const health = async () => (await (await fetch(`${url}/api/health`)).json()) as Health;
const rdf = (body: Buffer) => fetch(`${url}/api/rdf`, { method: 'POST', body: new Uint8Array(body), headers });

/** Keeps one ranking job running (a new one whenever the last finished) and measures for how long. */
class JobKeeper {
  private id: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  runningMs = 0;
  submitted = 0;
  async start(): Promise<void> {
    await this.submit();
    while ((await this.status()) !== 'running') await new Promise((r) => setTimeout(r, 200));
    this.last = performance.now();
    this.timer = setInterval(() => void this.tick(), 200);
  }
  resetClock(): void {
    this.runningMs = 0;
    this.last = performance.now();
  }
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.id) await fetch(`${url}/api/jobs/${this.id}`, { method: 'DELETE' });
  }
  private async submit(): Promise<void> {
    const fd = new FormData();
    fd.append('spectrum', new File([readFileSync(rankSpectrum)], 'CuO.xdi'));
    fd.append('pool', 'cu');
    fd.append('async', 'true');
    const res = await fetch(`${url}/api/rank`, { method: 'POST', body: fd });
    if (res.status !== 202) throw new Error(`ranking job refused: HTTP ${res.status} ${await res.text()}`);
    this.id = ((await res.json()) as { id: string }).id;
    this.submitted++;
  }
  private async status(): Promise<string> {
    return ((await (await fetch(`${url}/api/jobs/${this.id}`)).json()) as { status: string }).status;
  }
  private async tick(): Promise<void> {
    const now = performance.now();
    const status = await this.status();
    if (status === 'running') this.runningMs += now - this.last;
    this.last = now;
    if (status !== 'running' && status !== 'queued') await this.submit();
  }
}

interface Row {
  scenario: string;
  job: string;
  res: AutocannonResult;
  hits?: number;
  misses?: number;
  jobShare?: number;
  load: number;
  /** Server CPU time during the row, ms, and the row's wall time, ms. */
  cpuMs?: number;
  wallMs: number;
}

try {
  // The measured Fe spectra the model answers (a few are L edges or too short: 4xx, left out).
  const spectra: { base: string; bytes: Buffer }[] = [];
  for (const f of readdirSync(feDir).filter((f) => f.endsWith('.xdi')).sort()) {
    const bytes = readFileSync(join(feDir, f));
    const r = await rdf(multipart(`probe-${f}`, bytes));
    await r.arrayBuffer();
    if (r.ok) spectra.push({ base: f.replace(/\.xdi$/, ''), bytes });
  }
  if (spectra.length === 0) throw new Error(`no spectrum in ${feDir} is answered with 200`);
  const same = multipart('Fe2O3_rt_01.xdi', readFileSync(join(feDir, 'Fe2O3_rt_01.xdi')));
  for (let i = 0; i < 3; i++) await (await rdf(same)).arrayBuffer();
  let n = 0;
  const distinct = (req: Request): Request => {
    const s = spectra[n % spectra.length]!;
    return { ...req, body: multipart(`${s.base}-${n++}.xdi`, s.bytes) };
  };

  const rows: Row[] = [];
  const measure = async (scenario: string, job: JobKeeper | undefined, requests: Request[] | undefined) => {
    const before = await health();
    const load = loadavg()[0]!;
    job?.resetClock();
    const cpu0 = serverCpuMs();
    const t0 = performance.now();
    const res = await autocannon({ url: `${url}/api/rdf`, method: 'POST', body: same, headers, connections, duration, ...(requests ? { requests } : {}) });
    const wallMs = performance.now() - t0;
    const cpu1 = serverCpuMs();
    const jobShare = job ? Math.min(1, job.runningMs / wallMs) : undefined;
    const after = await health();
    const counts = after.cache && before.cache ? { hits: after.cache.hits - before.cache.hits, misses: after.cache.misses - before.cache.misses } : {};
    rows.push({ scenario, job: job ? 'ranking' : 'none', res, ...counts, ...(jobShare === undefined ? {} : { jobShare }), load, wallMs, ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMs: cpu1 - cpu0 } : {}) });
  };
  await measure('same upload (cache)', undefined, undefined);
  await measure('distinct uploads (no cache hit)', undefined, [{ method: 'POST', headers, setupRequest: distinct }]);
  const keeper = new JobKeeper();
  await keeper.start();
  await measure('same upload (cache)', keeper, undefined);
  await measure('distinct uploads (no cache hit)', keeper, [{ method: 'POST', headers, setupRequest: distinct }]);
  await keeper.stop();
  const h = await health();

  console.log(`POST /api/rdf, ${connections} connections, ${duration} s per row; model: ${given ? `${given}/inverse/fe-k` : shipped ? 'shipped models/inverse/fe-k' : 'tiny random Fe model (no shipped model yet)'} (${members} members; answers include the confidence checks)`);
  console.log(`${availableParallelism()} CPUs, Node ${process.version}; server: ${h.sync.workers} sync worker(s), 1 job worker; distinct uploads cycle over ${spectra.length} measured Fe spectra under new names`);
  console.log(`ranking job: the ${haveForward ? 'forward model' : 'FEFF look-up'} over the Cu pool (${poolDir}) against CuO, ${keeper.submitted} submitted`);
  console.log(`load average before the run (other processes on this machine): ${loadBefore.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`);
  console.log('');
  console.log('| uploads | job | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | cache hits / misses | job running | server CPU, cores | load 1 min | p99 target |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  let failed = false;
  for (const r of rows) {
    const L = r.res.latency;
    const target = r.job === 'none' ? 200 : 400;
    if (r.res.non2xx > 0 || r.res.errors > 0) failed = true;
    const bad = r.res.non2xx + r.res.errors + r.res.timeouts;
    console.log(`| ${r.scenario} | ${r.job} | ${r.res.requests.average.toFixed(1)} | ${L.p50} | ${L.p90} | ${L.p99} | ${L.max} | ${r.res.requests.total}${bad ? ` (${bad} failed)` : ''} | ${r.hits === undefined ? 'no cache' : `${r.hits} / ${r.misses}`} | ${r.jobShare === undefined ? '—' : `${Math.round(100 * r.jobShare)} %`} | ${r.cpuMs === undefined ? '—' : (r.cpuMs / r.wallMs).toFixed(2)} | ${r.load.toFixed(2)} | ≤ ${target} ms: ${L.p99 <= target ? 'met' : `missed by ${L.p99 - target} ms`} |`);
  }
  // What one request costs, whatever the machine's load: the server's CPU time per answered request
  // with no job running (jobs and the load generator excluded).
  const perRequest = rows.filter((r) => r.job === 'none' && r.cpuMs !== undefined).map((r) => `${r.scenario}: ${(r.cpuMs! / r.res.requests.total).toFixed(1)} ms`);
  if (perRequest.length) console.log(`\nserver CPU time per request, no job (all threads): ${perRequest.join('; ')}`);
  console.log(`/api/health after the run: HTTP ${(await fetch(`${url}/api/health`)).status}`);
  if (failed) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
