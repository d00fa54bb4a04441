/**
 * The HTTP API in-process (`app.request`, no port): every route, good and bad inputs, the error
 * format and statuses, the OpenAPI document built from the validators' schemas, and the server
 * still answering after abuse. The inverse model is a tiny random-weight one (test/server/tiny-model.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp, createServerContext, SpectrumJson, type InProcessJobQueue, type ServerContext } from '../../src/server/index.ts';
import { readSpectrum } from '../../src/io/index.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from './tiny-model.ts';

const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const CU_XDI = dataPath('experimental', 'larch', 'xafsdata', 'cu_metal_rt.xdi');
const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj');
const HEMATITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif');

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

const file = (path: string, name = path.split('/').pop()!) => new File([readFileSync(path)], name);
function form(fields: Record<string, string | File | File[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}
const post = (path: string, body: FormData | string, headers: Record<string, string> = {}) => app.request(path, { method: 'POST', body, headers });
async function expectError(res: Response, status: number, code: string | RegExp): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(body.error.code).toMatch(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(text).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
  return body.error;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-api-'));
  writeTinyInverseModel(join(root, 'models'));
  ctx = await createServerContext({ modelsDir: join(root, 'models'), maxUploadBytes: 5 * 1024 * 1024, maxCandidates: 3, pools: { hematite: join(HEMATITE, '..', '..', 'cif') } });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('meta routes', () => {
  it('health answers ok', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('models lists the loaded inverse model, pools, limits and features', async () => {
    const m = (await (await app.request('/api/models')).json()) as Record<string, any>;
    expect(m.elements).toEqual(['Fe']);
    expect(m.inverse[0]).toMatchObject({ id: 'fe-k', element: 'Fe', members: 2, grid: { n: 111 }, input: { postWindowEv: [15, 40], halfStepLevel: 0.5 } });
    expect(m.pools[0].name).toBe('hematite');
    expect(m.pools[0].candidates).toBeGreaterThan(100);
    expect(m.limits).toMatchObject({ maxCandidates: 3, maxUploadBytes: 5 * 1024 * 1024 });
    expect(m.features).toMatchObject({ inspect: true, rdf: true, predict: false, check: true, rank: false });
  });

  it('openapi.json documents every route with the validators’ own schemas', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as Record<string, any>;
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/health', '/api/models', '/api/rdf', '/api/inspect', '/api/groups', '/api/check', '/api/structure', '/api/predict', '/api/rank', '/api/jobs/{id}', '/api/jobs/{id}/result.csv']) expect(doc.paths[p], p).toBeDefined();
    const rdf = doc.paths['/api/rdf'].post;
    const { $schema: _s, ...expected } = z.toJSONSchema(SpectrumJson, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    expect(rdf.requestBody.content['application/json'].schema).toEqual(expected);
    expect(rdf.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    for (const s of ['400', '413', '415', '422']) expect(rdf.responses[s].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.paths['/api/jobs/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(doc.paths['/api/jobs/{id}'].delete.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(Object.keys(doc.paths['/api/rank'].post.responses)).toEqual(expect.arrayContaining(['202', '413', '429', '504']));
    expect(doc.paths['/api/jobs/{id}'].get.responses['200'].content['application/json'].schema.properties.status.enum).toEqual(['queued', 'running', 'done', 'failed', 'cancelled']);
  });

  it('unknown routes are JSON 404s', async () => {
    await expectError(await app.request('/api/nope'), 404, 'NOT_FOUND');
  });
});

describe('POST /api/rdf', () => {
  it('returns the rdf --json shape for an uploaded Fe spectrum', async () => {
    const res = await post('/api/rdf', form({ file: file(FE_XDI) }));
    expect(res.status).toBe(200);
    const rdf = (await res.json()) as Record<string, any>;
    expect(rdf).toMatchObject({ element: 'Fe', edge: 'K', members: 2, coverage: 0.95, k: 2, model: { id: 'fe-k' } });
    expect(rdf.r).toHaveLength(50);
    for (const key of ['mean', 'sigma', 'lower', 'upper']) expect(rdf.g2[key]).toHaveLength(50);
    expect(rdf.e0).toBeGreaterThan(7100);
    expect(rdf.e0).toBeLessThan(7140);
    expect(rdf.input.energy).toHaveLength(111);
    expect(['ok', 'caution', 'unreliable']).toContain(rdf.confidence.verdict);
    expect(rdf.confidence.reasons.length).toBeGreaterThan(0);
  });

  it('accepts JSON arrays and gives the same answer as the upload', async () => {
    const s = readSpectrum(FE_XDI);
    const fromJson = (await (await post('/api/rdf', JSON.stringify({ energy: Array.from(s.energyEv), mu: Array.from(s.mu), element: 'Fe' }), { 'content-type': 'application/json' })).json()) as Record<string, any>;
    const fromFile = (await (await post('/api/rdf', form({ file: file(FE_XDI) }))).json()) as Record<string, any>;
    expect(fromJson.element).toBe('Fe');
    expect(fromJson.e0).toBeCloseTo(fromFile.e0, 3);
    for (let i = 0; i < 50; i += 7) expect(fromJson.g2.mean[i]).toBeCloseTo(fromFile.g2.mean[i], 4);
  });

  it('an element without a model is 422 NO_INVERSE_MODEL naming what exists', async () => {
    const e = await expectError(await post('/api/rdf', form({ file: file(CU_XDI) })), 422, 'NO_INVERSE_MODEL');
    expect(e.message).toMatch(/Cu.*Fe/);
  });

  it('a symbol that is not an element is 422 UNKNOWN_ELEMENT', async () => {
    await expectError(await post('/api/rdf', form({ file: file(FE_XDI), element: 'Xx' })), 422, 'UNKNOWN_ELEMENT');
  });

  it('an empty file is 400', async () => {
    await expectError(await post('/api/rdf', form({ file: new File([], 'empty.xdi') })), 400, 'VALIDATION_ERROR');
  });

  it('binary garbage is 400 PARSE_ERROR', async () => {
    let x = 12345;
    const bytes = Uint8Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255);
    const e = await expectError(await post('/api/rdf', form({ file: new File([bytes], 'noise.bin') })), 400, 'PARSE_ERROR');
    expect(e.message).toMatch(/noise\.bin/);
  });

  it('text columns with NaN values are 400 PARSE_ERROR; NaN in JSON is a validation error', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${7000 + i * 5} ${i === 20 ? 'NaN' : (Math.atan(i - 20) + 2).toFixed(4)}`).join('\n');
    await expectError(await post('/api/rdf', form({ file: new File([`# energy mu\n${rows}\n`], 'nan.dat') })), 400, /PARSE_ERROR|INPUT_ERROR/);
    const energy = Array.from({ length: 40 }, (_, i) => 7000 + i * 5);
    const body = `{"energy": ${JSON.stringify(energy)}, "mu": [${energy.map((_, i) => (i === 3 ? 'null' : '1')).join(',')}]}`;
    const e = await expectError(await post('/api/rdf', body, { 'content-type': 'application/json' }), 400, 'VALIDATION_ERROR');
    expect(JSON.stringify(e.details)).toMatch(/mu\.3/);
    await expectError(await post('/api/rdf', '{"energy": [1, 2', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
  });

  it('a text field where a file belongs, a missing file, and an out-of-range group are 400', async () => {
    const e = await expectError(await post('/api/rdf', form({ file: 'just text' })), 400, 'VALIDATION_ERROR');
    expect(e.message).toMatch(/file/);
    await expectError(await post('/api/rdf', form({ element: 'Fe' })), 400, 'VALIDATION_ERROR');
    await expectError(await post('/api/rdf', form({ file: file(FE_PRJ), group: '999' })), 400, /PARSE_ERROR|INPUT_ERROR/);
    await expectError(await post('/api/rdf', '--x\r\nnot really multipart', { 'content-type': 'multipart/form-data; boundary=x' }), 400, /BAD_REQUEST|VALIDATION_ERROR/);
  });

  it('mismatched array lengths are 400', async () => {
    const energy = Array.from({ length: 20 }, (_, i) => 7000 + i);
    await expectError(await post('/api/rdf', JSON.stringify({ energy, mu: energy.slice(1) }), { 'content-type': 'application/json' }), 400, 'VALIDATION_ERROR');
  });

  it('a 50 MB upload is 413 and the server keeps answering', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(49);
    await expectError(await post('/api/rdf', form({ file: new File([big], 'big.dat') })), 413, 'PAYLOAD_TOO_LARGE');
    expect((await app.request('/api/health')).status).toBe(200);
  });

  it('a wrong content type is 415 naming the accepted ones', async () => {
    const e = await expectError(await post('/api/rdf', 'energy mu\n1 2\n', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(e.message).toMatch(/application\/json or multipart\/form-data/);
  });
});

describe('spectrum helpers', () => {
  it('groups lists Athena project groups and says when a file is not a project', async () => {
    const g = (await (await post('/api/groups', form({ file: file(FE_PRJ) }))).json()) as Record<string, any>;
    expect(g.athena).toBe(true);
    expect(g.groups.length).toBeGreaterThan(0);
    expect(g.groups[0]).toMatchObject({ index: 0, label: expect.any(String), points: expect.any(Number) });
    expect(await (await post('/api/groups', form({ file: file(FE_XDI) }))).json()).toEqual({ athena: false, groups: [] });
  });

  it('inspect gives E0, edge step and the normalised arrays; a project group can be chosen', async () => {
    const p = (await (await post('/api/inspect', form({ file: file(FE_XDI) }))).json()) as Record<string, any>;
    expect(p).toMatchObject({ format: 'xdi', element: 'Fe', edge: 'K' });
    expect(p.e0).toBeGreaterThan(7100);
    expect(p.e0).toBeLessThan(7140);
    expect(p.norm).toHaveLength(p.energy.length);
    const g = (await (await post('/api/groups', form({ file: file(FE_PRJ) }))).json()) as Record<string, any>;
    const last = g.groups[g.groups.length - 1];
    const q = (await (await post('/api/inspect', form({ file: file(FE_PRJ), group: String(last.index) }))).json()) as Record<string, any>;
    expect(q.format).toBe('athena');
    expect(q.label).toBe(last.label);
    await expectError(await post('/api/inspect', form({ file: file(FE_PRJ), group: 'no-such-group' })), 400, /PARSE_ERROR|INPUT_ERROR/);
  });

  it('inspect takes E0 and the pre-edge and normalisation ranges (Larch pre1, pre2, norm1, norm2) and returns them in the recipe', async () => {
    const base = (await (await post('/api/inspect', form({ file: file(FE_XDI) }))).json()) as Record<string, any>;
    const res = await post('/api/inspect', form({ file: file(FE_XDI), e0: '7125', pre1: '-120', pre2: '-40', norm1: '80', norm2: '400' }));
    const p = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(p.e0).toBeCloseTo(7125, 0);
    expect(p.recipe).toMatchObject({ pre1RelE0Ev: -120, pre2RelE0Ev: -40, norm1RelE0Ev: 80, norm2RelE0Ev: 400 });
    expect(p.edgeStep).not.toBe(base.edgeStep); // other ranges, another post-edge fit
    // Empty fields (a form left blank) keep the defaults.
    const blank = (await (await post('/api/inspect', form({ file: file(FE_XDI), e0: '', pre1: '', norm2: '' }))).json()) as Record<string, any>;
    expect(blank.recipe).toEqual(base.recipe);
    // JSON takes the same fields.
    const s = readSpectrum(FE_XDI);
    const j = (await (await post('/api/inspect', JSON.stringify({ energy: Array.from(s.energyEv), mu: Array.from(s.mu), e0: 7125, norm1: 80 }), { 'content-type': 'application/json' })).json()) as Record<string, any>;
    expect(j.recipe).toMatchObject({ e0Ev: p.recipe.e0Ev, norm1RelE0Ev: 80 });
    // The answer cache tells the overrides apart (same bytes, another E0: another answer), also for rdf.
    const other = (await (await post('/api/inspect', form({ file: file(FE_XDI), e0: '7127' }))).json()) as Record<string, any>;
    expect(other.e0).toBeCloseTo(7127, 0);
    const rdfA = (await (await post('/api/rdf', form({ file: file(FE_XDI), e0: '7125' }))).json()) as Record<string, any>;
    const rdfB = (await (await post('/api/rdf', form({ file: file(FE_XDI), e0: '7128' }))).json()) as Record<string, any>;
    // rdf's e0 is the model input's half-step edge; e0Derivative is the (given) Larch E0.
    expect(rdfA.e0Derivative).toBeCloseTo(7125, 0);
    expect(rdfB.e0Derivative).toBeCloseTo(7128, 0);
  });

  it('bad E0 and ranges are 400 naming the field', async () => {
    expect((await expectError(await post('/api/inspect', form({ file: file(FE_XDI), e0: '9000' })), 400, 'INPUT_ERROR')).message).toMatch(/e0Ev = 9000 eV is outside the data/);
    expect((await expectError(await post('/api/inspect', form({ file: file(FE_XDI), e0: 'abc' })), 400, 'VALIDATION_ERROR')).message).toMatch(/^invalid form field: e0:/);
    expect((await expectError(await post('/api/rdf', form({ file: file(FE_XDI), pre1: '-20', pre2: '-100' })), 400, 'VALIDATION_ERROR')).message).toMatch(/pre2: pre-edge range must start before it ends/);
    expect((await expectError(await post('/api/check', form({ file: file(FE_XDI), norm1: '300', norm2: '100' })), 400, 'VALIDATION_ERROR')).message).toMatch(/norm2: normalisation range must start before it ends/);
    expect((await expectError(await post('/api/inspect', form({ file: file(FE_XDI), pre2: '50', norm1: '20' })), 400, 'VALIDATION_ERROR')).message).toMatch(/norm1: the normalisation range must lie above the pre-edge range/);
  });

  it('the RDF follows the normalisation the user set', async () => {
    const a = (await (await post('/api/rdf', form({ file: file(FE_XDI) }))).json()) as Record<string, any>;
    const b = (await (await post('/api/rdf', form({ file: file(FE_XDI), pre1: '-60', pre2: '-25' }))).json()) as Record<string, any>;
    expect(a.input.mu).toHaveLength(b.input.mu.length);
    expect(a.input.mu).not.toEqual(b.input.mu); // another pre-edge line, another model input
  });

  it('check gives the verdict, score and reasons; an element without a model is unreliable, not an error', async () => {
    const v = (await (await post('/api/check', form({ file: file(FE_XDI) }))).json()) as Record<string, any>;
    expect(['ok', 'caution', 'unreliable']).toContain(v.verdict);
    expect(v.score).toBeGreaterThanOrEqual(0);
    expect(v.score).toBeLessThanOrEqual(1);
    expect(v.reasons.length).toBeGreaterThan(0);
    expect(v.reasons[0]).toMatchObject({ check: expect.any(String), status: expect.any(String), message: expect.any(String) });
    expect(v.element).toBe('Fe');
    const cu = (await (await post('/api/check', form({ file: file(CU_XDI) }))).json()) as Record<string, any>;
    expect(cu.verdict).toBe('unreliable');
    expect(cu.reasons.find((r: { check: string }) => r.check === 'model').message).toMatch(/no inverse model for Cu/);
    await expectError(await post('/api/check', form({ file: new File(['\x00\x01garbage'], 'g.bin') })), 400, 'PARSE_ERROR');
  });
});

describe('structure routes', () => {
  it('structure summarises the absorber sites with G2', async () => {
    const s = (await (await post('/api/structure', form({ file: file(HEMATITE), absorber: 'Fe' }))).json()) as Record<string, any>;
    expect(s.sites.length).toBeGreaterThan(0);
    expect(s.sites[0].g2).toHaveLength(50);
    expect(s.r).toHaveLength(50);
    expect(s.sites[0].shells[0].distance).toBeGreaterThan(1.8);
    expect(s.sites[0].shells[0].distance).toBeLessThan(2.1);
  });

  it('bad structures are 400, absent absorbers 400, unknown symbols 422', async () => {
    await expectError(await post('/api/structure', form({ file: new File(['hello\nworld\n'], 'x.txt') })), 400, 'PARSE_ERROR');
    await expectError(await post('/api/structure', form({ file: file(HEMATITE), absorber: 'Cu' })), 400, 'INPUT_ERROR');
    await expectError(await post('/api/structure', form({ file: file(HEMATITE), absorber: 'Qq' })), 422, 'UNKNOWN_ELEMENT');
    await expectError(await post('/api/structure', form({ file: file(HEMATITE), site: '-1' })), 400, 'VALIDATION_ERROR');
  });

  it('predict is 501 without a forward model in the models folder', async () => {
    await expectError(await post('/api/predict', form({ file: file(HEMATITE) })), 501, 'NOT_AVAILABLE');
  });
});

describe('rank and jobs', () => {
  it('checks candidates and pools before anything else', async () => {
    await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI), library: 'false' })), 422, 'NO_CANDIDATES');
    // No candidates and no pool: the absorber's shipped library, which needs the forward model.
    await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI) })), 501, 'NOT_AVAILABLE');
    await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI), pool: 'nope' })), 422, 'UNKNOWN_POOL');
    const e = await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI), candidates: [1, 2, 3, 4].map((i) => file(HEMATITE, `h${i}.cif`)) })), 422, 'TOO_MANY_CANDIDATES');
    expect(e.details).toMatchObject({ candidates: 4, limit: 3 });
    // A server pool is the operator's choice: its size (> 100 here) is not held against the upload limit.
    await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI), pool: 'hematite' })), 501, 'NOT_AVAILABLE');
    await expectError(await post('/api/rank', 'spectrum', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // JSON ranks a spectrum given as arrays against a pool or the shipped library: the arrays are required.
    const e2 = await expectError(await post('/api/rank', JSON.stringify({}), { 'content-type': 'application/json' }), 400, 'VALIDATION_ERROR');
    expect(e2.message).toMatch(/energy/);
  });

  it('without a forward model, ranking uploads is 501 NOT_AVAILABLE', async () => {
    const e = await expectError(await post('/api/rank', form({ spectrum: file(FE_XDI), candidates: [file(HEMATITE)] })), 501, 'NOT_AVAILABLE');
    expect(e.message).toMatch(/forward model/);
  });

  it('unknown and malformed job ids', async () => {
    await expectError(await app.request('/api/jobs/abc123'), 404, 'JOB_NOT_FOUND');
    await expectError(await app.request('/api/jobs/abc123/result.csv'), 404, 'JOB_NOT_FOUND');
    await expectError(await app.request('/api/jobs/a%20b'), 400, 'VALIDATION_ERROR');
  });

  it('a job started on the store is reported with progress, then its result and CSV', async () => {
    let report!: (p: { done: number; total: number }) => void;
    let finish!: (v: unknown) => void;
    const job = (ctx.jobs as InProcessJobQueue).store.start('test', ({ progress }) => {
      report = progress;
      return new Promise((r) => (finish = r));
    }, 2);
    const view = async () => (await (await app.request(`/api/jobs/${job.id}`)).json()) as Record<string, any>;
    expect((await view()).status).toBe('queued');
    await expectError(await app.request(`/api/jobs/${job.id}/result.csv`), 409, 'JOB_NOT_DONE');
    report({ done: 1, total: 2 });
    expect(await view()).toMatchObject({ status: 'running', progress: { done: 1, total: 2 } });
    finish({ candidates: [{ name: 'a, "b"', score: 0.5, fit: { shiftEv: 1.25 } }, { name: 'c', score: NaN }] });
    await new Promise((r) => setTimeout(r, 0));
    expect(await view()).toMatchObject({ status: 'done', progress: { done: 2 }, result: { candidates: [{ name: 'a, "b"' }, { name: 'c' }] } });
    const csv = await app.request(`/api/jobs/${job.id}/result.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toBe('name,score,fit.shiftEv\r\n"a, ""b""",0.5,1.25\r\nc,,\r\n');
  });
});

describe('limits', () => {
  it('a request over the time limit is 504 REQUEST_TIMEOUT', async () => {
    // The sync lane starts each task 300 ms late, so the 50 ms limit passes first whatever the load
    // (a 1 ms limit raced a worker's few-ms answer and lost once on a loaded machine).
    const lateSync = Object.create(ctx.sync, { run: { value: (task: unknown, options: unknown) => new Promise((r) => setTimeout(r, 300)).then(() => ctx.sync.run(task as never, options as never)) } });
    const slow = createApp({ ...ctx, sync: lateSync, config: { ...ctx.config, requestTimeoutMs: 50 } });
    // A name not posted before: an answer already in the result cache would come back within any limit.
    const res = await slow.request('/api/rdf', { method: 'POST', body: form({ file: file(FE_XDI, 'not-cached-yet.xdi') }) });
    await expectError(res, 504, 'REQUEST_TIMEOUT');
  });
});

describe('after all of the above', () => {
  it('the server still answers /api/health', async () => {
    expect((await app.request('/api/health')).status).toBe(200);
  });
});
