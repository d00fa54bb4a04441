/**
 * HTTP latency of `POST /api/rdf` (multipart upload of a measured Fe K-edge XDI): 20 concurrent
 * clients for 10 s with autocannon against 127.0.0.1. The server runs in its own process
 * (`src/server/main.ts`, started here on a free port and stopped after), with the shipped models
 * when present, else a tiny random-weight Fe model (the latency is then the service overhead
 * around a small network, not the shipped one).
 *
 *   npm run bench -- http        (or npx tsx bench/http.ts [--connections 20] [--duration 10])
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseScriptArgs } from '../src/cli/args.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { writeTinyInverseModel } from '../test/server/tiny-model.ts';

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run bench:http -- [options]', {
  connections: { type: 'number', help: 'concurrent clients (20)' },
  duration: { type: 'number', help: 'seconds (10)' },
  models: { type: 'string', help: 'models folder (default: the shipped models/ when they hold fe-k, else a tiny test model)' },
});
const connections = Number(options.connections ?? 20);
const duration = Number(options.duration ?? 10);
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const given = typeof options.models === 'string' ? options.models : undefined;
const shipped = existsSync(join(MODELS_DIR, 'inverse', 'fe-k', 'manifest.json'));
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-bench-http-'));
const modelsDir = given ?? (shipped ? MODELS_DIR : join(tmp, 'models'));
if (!given && !shipped) writeTinyInverseModel(modelsDir);
const members = (JSON.parse(readFileSync(join(modelsDir, 'inverse', 'fe-k', 'manifest.json'), 'utf8')) as { members: number }).members;

const specPath = join(defaultDataDir(), 'experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const boundary = '----xasinvbench';
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Fe2O3_rt_01.xdi"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  readFileSync(specPath),
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

const server = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'server', 'main.ts'), '--port', '0', '--models', modelsDir, '--ui', join(tmp, 'no-ui')], {
  env: { ...process.env, HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
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

try {
  // Warm-up (first request loads lazily compiled code paths).
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${url}/api/rdf`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    if (!r.ok) throw new Error(`warm-up request failed: HTTP ${r.status} ${await r.text()}`);
  }
  const res = await autocannon({ url: `${url}/api/rdf`, method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, connections, duration });
  const health = await fetch(`${url}/api/health`);
  console.log(`POST /api/rdf, ${connections} connections, ${duration} s, model: ${given ? `${given}/inverse/fe-k` : shipped ? 'shipped models/inverse/fe-k' : 'tiny random Fe model (no shipped model yet)'} (${members} members; response includes the confidence checks), ${cpus().length} CPUs, Node ${process.version}`);
  console.log('');
  console.log('| p50 ms | p90 ms | p99 ms | mean ms | max ms | req/s | requests | non-2xx | errors |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const L = res.latency;
  console.log(`| ${L.p50} | ${L.p90} | ${L.p99} | ${L.mean.toFixed(1)} | ${L.max} | ${res.requests.average.toFixed(1)} | ${res.requests.total} | ${res.non2xx} | ${res.errors + res.timeouts} |`);
  console.log(`\n/api/health after the run: HTTP ${health.status}`);
  if (res.non2xx > 0 || res.errors > 0) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
