/**
 * Reliability round 2 (issue 27), in-process (`app.request`) against the shipped models: one field
 * vocabulary (unknown fields refused, old names read with a deprecation note, `element` on the
 * structure routes), `/api/rdf` saying which spectrum it read, pool names that are not pools, nothing
 * read on the event loop before a job is queued, a series refused before queueing when it cannot be
 * read or holds too many spectra, one verdict from `/api/groups` and `/api/inspect`, a structure
 * too dense to search refused before the search, job results served as stored, the job store
 * bounded, and the security headers.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../src/paths.ts';
import { createApp, createServerContext, InProcessJobQueue, JobStore, type ServerContext, type WorkerTask } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';

const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj');
const JSON_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'json_unzipped.prj');
const DELAFOSSITE = dataPath('structures', 'fe-standards', 'Delafossite_AMCSD-0000018.cif');
const HEMATITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;
/** Tasks the sync lane was given, in order. */
const syncTasks: WorkerTask[] = [];

const file = (path: string, name = path.split('/').pop()!) => new File([readFileSync(path)], name);
function form(fields: Record<string, string | File | (string | File)[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}
const post = (path: string, body: FormData | string) => app.request(path, { method: 'POST', body, ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}) });
async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

/** A Perl-dump Athena project holding the same small group `n` times. */
function repeatedGroups(n: number): string {
  const x = Array.from({ length: 40 }, (_, i) => `'${7000 + 5 * i}'`).join(',');
  const y = Array.from({ length: 40 }, (_, i) => `'${(Math.atan(i - 20) + 2).toFixed(4)}'`).join(',');
  const parts = ['# Athena project file -- Demeter version 0.9.26'];
  for (let k = 0; k < n; k++) parts.push(`$old_group = 'g${k}';\n@args = ('label','scan ${k}','bkg_z','Fe');\n@x = (${x});\n@y = (${y});\n[record]`);
  return `${parts.join('\n')}\n1;\n`;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-reliability-'));
  mkdirSync(join(root, 'pool'));
  for (const mp of ['mp-1692', 'mp-361']) {
    mkdirSync(join(root, 'pool', mp));
    writeFileSync(join(root, 'pool', mp, 'POSCAR'), readFileSync(join(MATERIALS, mp, 'POSCAR')));
  }
  ctx = await createServerContext({ modelsDir: MODELS_DIR, pools: { cu: join(root, 'pool') }, syncWorkers: 1, workers: 1 });
  const run = ctx.sync.run.bind(ctx.sync);
  ctx.sync.run = (task, options) => {
    syncTasks.push(task);
    return run(task, options);
  };
  app = createApp(ctx);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('one vocabulary', () => {
  const routes: [string, () => FormData][] = [
    ['/api/groups', () => form({ spectrum: file(FE_XDI) })],
    ['/api/inspect', () => form({ spectrum: file(FE_XDI) })],
    ['/api/rdf', () => form({ spectrum: file(FE_XDI) })],
    ['/api/check', () => form({ spectrum: file(FE_XDI) })],
    ['/api/structure', () => form({ structure: file(HEMATITE) })],
    ['/api/predict', () => form({ structure: file(HEMATITE) })],
    ['/api/rank', () => form({ spectrum: file(FE_XDI), pool: 'cu' })],
    ['/api/series', () => form({ spectrum: file(FE_PRJ) })],
  ];

  it('every POST route refuses a field it does not know, naming it and what it takes', async () => {
    for (const [route, body] of routes) {
      const fd = body();
      fd.append('absorbr', 'Fe');
      fd.append('colour', 'red');
      const res = await post(route, fd);
      const b = await json(res);
      expect(res.status, `${route}: ${JSON.stringify(b)}`).toBe(400);
      expect(b.error.code).toBe('UNKNOWN_FIELD');
      expect(b.error.message).toMatch(new RegExp(`^POST ${route} does not take the fields "absorbr", "colour"; it takes `));
      expect(b.error.details.fields).toEqual(['absorbr', 'colour']);
    }
    const res = await post('/api/rdf', JSON.stringify({ energy: [1, 2], mu: [1, 2], spectrum: 'x' }));
    expect((await json(res)).error).toMatchObject({ code: 'UNKNOWN_FIELD', details: { fields: ['spectrum'] } });
  });

  it('the old names are read as the new ones, with a deprecation note in the answer', async () => {
    const inspect = await post('/api/inspect', form({ file: file(FE_XDI) }));
    const a = await json(inspect);
    expect(inspect.status).toBe(200);
    expect(a.deprecation).toMatch(/field "file" is deprecated: send "spectrum"/);
    expect(a.element).toBe('Fe');
    const fresh = await json(await post('/api/inspect', form({ spectrum: file(FE_XDI) })));
    expect(fresh.deprecation).toBeUndefined();
    const structure = await json(await post('/api/structure', form({ file: file(HEMATITE), absorber: 'Fe' })));
    expect(structure.deprecation).toMatch(/"file" is deprecated: send "structure".*"absorber" is deprecated: send "element"/);
    expect(structure.absorber).toBe('Fe');
    const both = await post('/api/rdf', form({ file: file(FE_XDI), spectrum: file(FE_XDI) }));
    expect((await json(both)).error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'give "spectrum" or its old name "file", not both' });
  });

  it('/api/predict predicts the element asked for: Fe in delafossite CuFeO2 (the default is the heaviest, Cu)', async () => {
    const fe = await json(await post('/api/predict', form({ structure: file(DELAFOSSITE), element: 'Fe' })));
    expect(fe.absorber).toBe('Fe');
    expect(fe.deprecation).toBeUndefined();
    const byDefault = await json(await post('/api/predict', form({ structure: file(DELAFOSSITE) })));
    expect(byDefault.absorber).toBe('Cu');
  }, 60_000);

  it('/api/rdf says which spectrum it read, as /api/check does', async () => {
    const fields = form({ spectrum: file(FE_PRJ), group: '0' });
    const rdf = await json(await post('/api/rdf', fields));
    const check = await json(await post('/api/check', form({ spectrum: file(FE_PRJ), group: '0' })));
    expect(rdf).toMatchObject({ file: 'FeO.prj', group: check.group, groupIndex: 0, groupCount: check.groupCount });
    expect(check.groupCount).toBeGreaterThan(0);
    expect(typeof rdf.group).toBe('string');
  }, 60_000);
});

describe('pools', () => {
  it('"__proto__", "constructor" and other Object names are unknown pools', async () => {
    for (const pool of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const multipart = await json(await post('/api/rank', form({ spectrum: file(FE_XDI), pool })));
      expect(multipart.error, pool).toMatchObject({ code: 'UNKNOWN_POOL', message: `no candidate pool "${pool}" (configured: cu)` });
      const energy = Array.from({ length: 40 }, (_, i) => 7000 + 5 * i);
      const asJson = await json(await post('/api/rank', JSON.stringify({ energy, mu: energy.map((_, i) => Math.atan(i - 20) + 2), pool })));
      expect(asJson.error.code, pool).toBe('UNKNOWN_POOL');
    }
  });
});

describe('nothing is read on the event loop', () => {
  it('a job-sized ranking reads its spectrum on the sync lane before the job is queued', async () => {
    syncTasks.length = 0;
    const res = await post('/api/rank', form({ spectrum: file(FE_XDI), pool: 'cu', async: 'true' }));
    expect(res.status, await res.clone().text()).toBe(202);
    expect(syncTasks.map((t) => [t.fn, (t.input as { route?: string }).route])).toContainEqual(['spectrumJob', 'read']);
    const id = (await json(res)).id as string;
    await app.request(`/api/jobs/${id}`, { method: 'DELETE' });
    const unreadable = await post('/api/rank', form({ spectrum: new File(['not a spectrum at all\n'], 'x.dat'), pool: 'cu', async: 'true' }));
    expect(unreadable.status).toBe(400);
  }, 60_000);

  it('a series is read on the sync lane: nothing readable is 400, a nested project 400 (not 500), too many spectra 422', async () => {
    syncTasks.length = 0;
    const ok = await post('/api/series', form({ spectrum: file(FE_PRJ) }));
    expect(ok.status, await ok.clone().text()).toBe(202);
    expect(syncTasks.map((t) => t.fn)).toContain('seriesCheck');
    await app.request(`/api/jobs/${(await json(ok)).id}`, { method: 'DELETE' });
    const nested = `# Athena project file\n$old_group = 'a';\n@args = ('label','x','extra',${'['.repeat(100_000)}${']'.repeat(100_000)});\n@x = ('1');\n@y = ('1');\n[record]\n`;
    const deep = await post('/api/series', form({ spectrum: new File([nested], 'deep.prj') }));
    const d = await json(deep);
    expect(deep.status, JSON.stringify(d)).toBe(400);
    expect(d.error.message).toMatch(/brackets nested more than 32 levels deep/);
    const before = await ctx.jobs.counts();
    const many = await post('/api/series', form({ spectrum: new File([repeatedGroups(ctx.config.maxSeriesSpectra + 1)], 'many.prj') }));
    const m = await json(many);
    expect(many.status, JSON.stringify(m)).toBe(422);
    expect(m.error).toMatchObject({ code: 'TOO_MANY_SPECTRA', message: expect.stringMatching(/the limit is 2000 spectra per series/) });
    expect(await ctx.jobs.counts()).toMatchObject({ queued: before.queued, running: before.running });
  }, 120_000);
});

describe('a client that has gone', () => {
  it('a POST whose client closed the connection is not queued', async () => {
    const before = await ctx.jobs.counts();
    const gone = new AbortController();
    gone.abort();
    const res = await app.request(new Request('http://localhost/api/rank', { method: 'POST', body: form({ spectrum: file(FE_XDI), pool: 'cu', async: 'true' }), signal: gone.signal }));
    expect((await json(res)).error.code).toBe('CLIENT_GONE');
    expect(await ctx.jobs.counts()).toMatchObject({ queued: before.queued, running: before.running });
    const health = await json(await app.request('/api/health'));
    expect(health.jobs.stored).toMatchObject({ maxResultBytes: 256 * 1048576 });
    expect(health.memory.rssMb).toBeGreaterThan(0);
  });
});

describe('one reader, one verdict', () => {
  it('/api/groups refuses the projects /api/inspect refuses, with the same error', async () => {
    // A JSON project whose first group lost the end of its y array (still valid JSON).
    const doc = JSON.parse(readFileSync(JSON_PRJ, 'utf8')) as Record<string, { y?: unknown[] }>;
    for (const k of Object.keys(doc)) if (!k.startsWith('_____')) doc[k]!.y = doc[k]!.y!.slice(0, 5);
    const cut = JSON.stringify(doc);
    const nested = `{"_____order": ["a"], "a": {"args": {"label": "x", "deep": ${'['.repeat(5000)}${']'.repeat(5000)}}, "x": [1,2], "y": [1,2]}}`;
    for (const [name, text] of [['cut.prj', cut], ['nested.prj', nested]]) {
      // The old field name, which every version reads (error answers carry no deprecation note).
      const groups = await post('/api/groups', form({ file: new File([text!], name!) }));
      const inspect = await post('/api/inspect', form({ file: new File([text!], name!) }));
      expect(inspect.status, name).toBe(400);
      expect(groups.status, name).toBe(400);
      expect(await json(groups)).toEqual(await json(inspect));
    }
  });
});

describe('work bounded before it starts', () => {
  it('4999 Fe atoms 0.55 Å apart are refused before the neighbour searches (422 TOO_DENSE)', async () => {
    const n = 4999;
    const side = Math.ceil(Math.cbrt(n));
    const lines = [String(n), 'dense Fe'];
    for (let k = 0; k < n; k++) lines.push(`Fe ${(k % side) * 0.55} ${(Math.floor(k / side) % side) * 0.55} ${Math.floor(k / side / side) * 0.55}`);
    for (const route of ['/api/structure', '/api/predict']) {
      const res = await post(route, form({ structure: new File([`${lines.join('\n')}\n`], 'dense.xyz') }));
      const b = await json(res);
      expect(res.status, `${route}: ${JSON.stringify(b)}`).toBe(422);
      expect(b.error).toMatchObject({ code: 'TOO_DENSE', message: expect.stringMatching(/^dense\.xyz: more than 1000000 atom pairs within 6 Å \(4999 atoms/) });
    }
  }, 60_000);
});

describe('job results', () => {
  it('GET /api/jobs/:id sends the stored result text as it is, never serialising it again', async () => {
    let finish!: (v: unknown) => void;
    const job = (ctx.jobs as InProcessJobQueue).store.start('test', () => new Promise((r) => (finish = r)), 1);
    // What a worker stores (job-result.ts): numbers exactly as it wrote them.
    finish({ $json: '{"x":1.23456789012,"rows":[{"a":1}]}', $csv: 'a\r\n1\r\n' });
    await new Promise((r) => setTimeout(r, 0));
    const text = await (await app.request(`/api/jobs/${job.id}`)).text();
    expect(text.endsWith(',"result":{"x":1.23456789012,"rows":[{"a":1}]}}')).toBe(true);
    expect(await (await app.request(`/api/jobs/${job.id}/result.csv`)).text()).toBe('a\r\n1\r\n');
  });

  it('a large result is streamed in pieces of its stored bytes, exactly, with its length', async () => {
    let finish!: (v: unknown) => void;
    const job = (ctx.jobs as InProcessJobQueue).store.start('test', () => new Promise((r) => (finish = r)), 1);
    const rows = Array.from({ length: 30_000 }, (_, i) => `{"label":"Fe₂O₃ scan ${i}","r":${i / 7}}`).join(',');
    finish({ $json: `{"rows":[${rows}]}`, $csv: `label\r\n${'Fe₂O₃\r\n'.repeat(200_000)}` });
    await new Promise((r) => setTimeout(r, 0));
    for (let k = 0; k < 2; k++) {
      const res = await app.request(`/api/jobs/${job.id}`);
      const chunks: Uint8Array[] = [];
      const reader = res.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
      const bytes = Buffer.concat(chunks);
      expect(chunks.length).toBeGreaterThan(4);
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      const body = JSON.parse(bytes.toString('utf8')) as { id: string; result: { rows: { label: string }[] } };
      expect(body.id).toBe(job.id);
      expect(body.result.rows[29_999]).toEqual({ label: 'Fe₂O₃ scan 29999', r: 29_999 / 7 });
    }
    const csv = await app.request(`/api/jobs/${job.id}/result.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual(['label', 'Fe₂O₃']);
  });

  it('the job store keeps at most its limit of result bytes, dropping the oldest finished jobs', async () => {
    const store = new JobStore(3_600_000, 1500);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const job = store.start('test', async () => ({ $json: `"${'x'.repeat(150)}"`, $csv: '' }));
      ids.push(job.id);
      await new Promise((r) => setTimeout(r, 0));
    }
    // 2 × 152 bytes of UTF-16 text and 152 of UTF-8 copy each: three fit in 1500 bytes, the fourth drops the first.
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(ids.slice(1).map((id) => store.get(id)?.status)).toEqual(['done', 'done', 'done']);
    expect(store.stored()).toMatchObject({ jobs: 3, resultBytes: 1368, maxResultBytes: 1500 });
  });
});

describe('security headers', () => {
  it('every answer says nosniff, no framing, same-origin referrers and a content security policy', async () => {
    for (const path of ['/api/health', '/api/nothing-here']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
