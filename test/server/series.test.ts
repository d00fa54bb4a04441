/**
 * POST /api/series on the embedded server (no Redis): an Athena project becomes a job whose
 * result has one row per group and whose CSV carries the pseudo-RDF; an upload with nothing
 * readable is a 400 at once (no job), an element without a model 422, a missing file 400.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../src/paths.ts';
import { createApp, createServerContext, openApiDocument, ALL_ROUTES, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';

const PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'Fe-K-ALS-10.3.2.prj');
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  ctx = await createServerContext({ modelsDir: MODELS_DIR });
  app = createApp(ctx);
});
afterAll(() => ctx?.close());

const form = (files: File[], element?: string) => {
  const fd = new FormData();
  for (const f of files) fd.append('spectrum', f);
  if (element) fd.append('element', element);
  return fd;
};

describe('POST /api/series (embedded)', () => {
  it('runs an Athena project as a job: one row per group, progress to the end, CSV with the pseudo-RDF', async () => {
    const res = await app.request('/api/series', { method: 'POST', body: form([new File([readFileSync(PRJ)], 'Fe-K-ALS-10.3.2.prj')]) });
    expect(res.status).toBe(202);
    const { id, progress } = (await res.json()) as { id: string; progress: { total: number } };
    expect(progress.total).toBe(8);
    let job: { status: string; progress: { done: number; total: number }; result?: { element: string; rows: { label: string; firstShell: { r: number } }[]; axis: { kind: string } } };
    do {
      await new Promise((r) => setTimeout(r, 100));
      job = await (await app.request(`/api/jobs/${id}`)).json();
    } while (job.status === 'queued' || job.status === 'running');
    expect(job.status).toBe('done');
    expect(job.progress).toMatchObject({ done: 8, total: 8 });
    expect(job.result!.element).toBe('Fe');
    expect(job.result!.rows.map((r) => r.label)).toEqual(['Chromite', 'Hercynite', 'Pentlandite', 'Pyrrhotite', 'Troilite', 'Olivine (Fo0)', 'Olivine (Fo40)', 'Olivine (Fo80)']);
    expect(job.result!.axis.kind).toBe('index');
    const csv = await app.request(`/api/jobs/${id}/result.csv`);
    expect(csv.headers.get('content-disposition')).toMatch(/series-[0-9a-f]+\.csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]!.split(',').filter((h) => h.startsWith('g2_'))).toHaveLength(50);
    expect(lines[1]).toMatch(/^0,Chromite,Fe-K-ALS-10\.3\.2\.prj,0,/);
  }, 60_000);

  it('an upload with no readable spectrum is 400 at once, naming the file and why', async () => {
    const x = Array.from({ length: 20 }, (_, i) => i * 0.5);
    const chi = JSON.stringify({ _____order: ['a'], a: { args: { label: 'scan1', is_chi: 1 }, x, y: x } });
    const res = await app.request('/api/series', { method: 'POST', body: form([new File([chi], 'chi.prj')]) });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('INPUT_ERROR');
    expect(error.message).toMatch(/none of the 1 spectra could be read \(chi\.prj \[scan1\]: .*χ\(k\)/);
    expect((await (await app.request('/api/health')).json()).jobs).toMatchObject({ running: 0, queued: 0 });
  });

  it('an element without an inverse model is 422; no file is 400', async () => {
    const noModel = await app.request('/api/series', { method: 'POST', body: form([new File([readFileSync(PRJ)], 'a.prj')], 'Ni') });
    expect(noModel.status).toBe(422);
    expect((await noModel.json()).error).toMatchObject({ code: 'NO_INVERSE_MODEL', message: expect.stringMatching(/^no inverse model for Ni/) });
    const none = await app.request('/api/series', { method: 'POST', body: form([]) });
    expect(none.status).toBe(400);
  });

  it('is in the OpenAPI document', () => {
    const doc = openApiDocument(ALL_ROUTES, 'test') as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths['/api/series']!.post!.responses)).toEqual(expect.arrayContaining(['202', '400', '422', '429']));
  });
});
