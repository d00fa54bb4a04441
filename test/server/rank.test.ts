/**
 * POST /api/rank end to end through the worker pool, on tiny pools of Cu FEFF crystals (the FEFF
 * look-up predictor, so no forward model is needed): direct answer, 202 job with progress and CSV,
 * rejected candidates named, file names as in the pool; the composition filter (form fields,
 * repeated fields, JSON), the ranking score, the edge-position vote and the normalisation overrides.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpectrum } from '../../src/io/index.ts';
import { createApp, createServerContext, JobSchema, type ServerContext } from '../../src/server/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { dataPath } from '../helpers/data.ts';

const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

const rankForm = (extra: Record<string, string | string[]> = {}, pool = 'cu') => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_XDI)], 'CuO_tenorite_13K_01.xdi'));
  fd.append('pool', pool);
  for (const [k, v] of Object.entries(extra)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
};
/** CuO, Cu2O, MgCuO2-like (Mg Cu O) and a Mg Zn Cu O: two element sets beside Cu O. */
const MIXED = { 'mp-1692': 'Cu O', 'mp-361': 'Cu O', 'mp-1023125': 'Cu Mg O', 'mp-1035800': 'Cu Mg O Zn' };
type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-rank-'));
  for (const mp of ['mp-14549', 'mp-361', 'mp-1692']) cpSync(join(MATERIALS, mp), join(root, 'pool', mp), { recursive: true });
  mkdirSync(join(root, 'pool', 'broken'));
  writeFileSync(join(root, 'pool', 'broken', 'POSCAR'), 'not a poscar\n');
  for (const mp of Object.keys(MIXED)) cpSync(join(MATERIALS, mp), join(root, 'mixed', mp), { recursive: true });
  ctx = await createServerContext({ modelsDir: join(root, 'models'), pools: { cu: join(root, 'pool'), mixed: join(root, 'mixed') }, rankPredictor: 'feff', syncRankMax: 4 });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('POST /api/rank', () => {
  it('ranks a small pool directly, naming files as in the pool', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const r = JSON.parse(text);
    expect(r.absorber).toBe('Cu');
    expect(r.candidates).toHaveLength(3);
    expect(r.candidates.map((c: { rank: number }) => c.rank).sort()).toEqual([1, 2, 3]);
    expect(r.candidates.map((c: { id: string }) => c.id).sort()).toEqual(['mp-14549', 'mp-1692', 'mp-361']);
    expect(r.candidates[0].file).toMatch(/^mp-\d+\/POSCAR$/);
    const best = r.candidates.find((c: { rank: number }) => c.rank === 1);
    expect(best.fit.energy.length).toBe(best.fit.predicted.length);
    expect(best.g2).toHaveLength(50);
    expect(r.g2r).toHaveLength(50);
    expect(r.rejected).toEqual([{ file: 'broken/POSCAR', reason: expect.stringMatching(/^unreadable: broken\/POSCAR\b/) }]);
    expect(text).not.toContain(root); // no server path anywhere in the answer
    expect(r.measured.source).toBe('CuO_tenorite_13K_01.xdi');
  }, 60_000);

  it('async=true answers 202; the job reports progress, then the result and a CSV', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ async: 'true' }) });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; links: { self: string; csv: string } };
    expect(res.headers.get('location')).toBe(accepted.links.self);
    let job: Record<string, any> = {};
    for (let i = 0; i < 200; i++) {
      job = (await (await app.request(accepted.links.self)).json()) as Record<string, any>;
      if (job.status === 'done' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job.status).toBe('done');
    expect(() => JobSchema.parse(job)).not.toThrow(); // the documented job shape
    expect(job.progress).toMatchObject({ done: 4, total: 4 });
    expect(job.result.candidates).toHaveLength(3);
    const csv = await (await app.request(accepted.links.csv)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toBe('rank,id,file,formula,elements,scoreKind,score,scoreSigma,rFactor,pearson,cosine,spearman,derivativePearson,shiftEv,broadening,scale,chemistry,meanBvs,rdfChi2,valencePenalty,combined,overlapsBest');
    expect(lines).toHaveLength(3);
    const cells = lines[0]!.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
    expect(cells[0]).toBe('1');
    expect(cells[4]).toBe('Cu O');
    expect(cells[5]).toBe(job.result.scoreKind);
    expect(Number(cells[6])).toBeCloseTo(job.result.candidates[0].score, 5);
    expect(cells[14]).toMatch(/^(Lorentzian Γ = |Gaussian |none)/); // the broadening's label, not its numbers
    expect(cells[16]).toBe(job.result.candidates[0].chemistry.summary);
  }, 60_000);

  it('the event loop stays free while a larger job runs in the worker', async () => {
    const big = join(root, 'big');
    const all = readdirSync(MATERIALS).sort().slice(0, 40);
    for (const mp of all) cpSync(join(MATERIALS, mp), join(big, mp), { recursive: true });
    const local = await createServerContext({ modelsDir: join(root, 'models'), pools: { big }, rankPredictor: 'feff' });
    try {
      const a = createApp(local);
      const fd = rankForm();
      fd.set('pool', 'big');
      const res = await a.request('/api/rank', { method: 'POST', body: fd });
      expect(res.status).toBe(202);
      const { links } = (await res.json()) as { links: { self: string } };
      // /api/health answers while the job is still queued or running: the ranking does not hold the event loop.
      expect((await a.request('/api/health')).status).toBe(200);
      const during = (await (await a.request(links.self)).json()) as { status: string };
      expect(['queued', 'running']).toContain(during.status);
      let job: { status: string; progress: { done: number; total: number } } = { status: '', progress: { done: 0, total: 0 } };
      for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await (await a.request(links.self)).json()) as typeof job;
      }
      expect(job).toMatchObject({ status: 'done', progress: { done: all.length, total: all.length } });
    } finally {
      await local.close();
    }
  }, 120_000);

  it('an unreadable spectrum is a 400 before any job starts', async () => {
    const fd = new FormData();
    fd.append('spectrum', new File(['nothing useful here\n'], 'bad.xdi'));
    fd.append('pool', 'cu');
    fd.append('async', 'true');
    const res = await app.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PARSE_ERROR');
  });

  it('uploaded structures are refused with the FEFF look-up predictor', async () => {
    const fd = rankForm();
    fd.append('candidates', new File([readFileSync(join(MATERIALS, 'mp-361', 'POSCAR'))], 'POSCAR'));
    const res = await app.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPLOADS_NOT_SUPPORTED');
  });
});

describe('POST /api/rank: composition filter, score, normalisation', () => {
  const ids = (r: Record<string, any>) => (r.candidates as { id: string }[]).map((c) => c.id).sort();

  it('elements keeps exactly that element set, and says what it kept', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ elements: 'cu, O' }, 'mixed') });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const r = JSON.parse(text);
    expect(ids(r)).toEqual(['mp-1692', 'mp-361']);
    expect(r.candidates.every((c: { elements: string[] }) => c.elements.join(' ') === 'Cu O')).toBe(true);
    expect(r.composition).toMatchObject({ filter: { elements: ['Cu', 'O'] }, read: 4, kept: 2 });
    expect(r.chemistry.sentence).toMatch(/^top 2: /);
  }, 60_000);

  it('contains as repeated fields: all of them must be present', async () => {
    const r = (await (await app.request('/api/rank', { method: 'POST', body: rankForm({ contains: ['Mg', 'Zn'] }, 'mixed') })).json()) as Record<string, any>;
    expect(ids(r)).toEqual(['mp-1035800']);
    expect(r.composition.filter).toEqual({ contains: ['Mg', 'Zn'] });
  }, 60_000);

  it('a filter that keeps nothing is 422 NO_COMPOSITION_MATCH with the screening message, directly and before a job is queued', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ elements: 'Cu,O,Zn' }, 'mixed') });
    const body = (await res.json()) as ErrorBody;
    expect(res.status).toBe(422);
    expect(body.error.code).toBe('NO_COMPOSITION_MATCH');
    expect(body.error.message).toMatch(/^no candidate has exactly the elements Cu, O, Zn: 4 candidates read, 4 with another element set \(most common: Cu O ×2/);
    // A job-sized ranking of a pool: refused before queueing (issue 27), not a 202 and a failed job.
    const before = await ctx.jobs.counts();
    const queued = await app.request('/api/rank', { method: 'POST', body: rankForm({ contains: 'Ag', async: 'true' }, 'mixed') });
    const refused = (await queued.json()) as ErrorBody;
    expect(queued.status, JSON.stringify(refused)).toBe(422);
    expect(refused.error).toMatchObject({ code: 'NO_COMPOSITION_MATCH', message: expect.stringMatching(/^no candidate contains Ag: 4 candidates read/) });
    expect(await ctx.jobs.counts()).toMatchObject({ running: before.running, queued: before.queued });
    // A filter that keeps something of the pool is queued as before.
    expect((await app.request('/api/rank', { method: 'POST', body: rankForm({ contains: 'Cu', async: 'true' }, 'mixed') })).status).toBe(202);
  }, 60_000);

  it('an unknown element symbol is 400 naming it and the field; contains outside elements is 400', async () => {
    for (const [field, value] of [['elements', 'Cu,Xx'], ['contains', 'Qq']]) {
      const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ [field]: value }, 'mixed') });
      const body = (await res.json()) as ErrorBody;
      expect(res.status).toBe(400);
      expect(body.error.code).toBe('INPUT_ERROR');
      expect(body.error.message).toContain(`unknown element '${value.split(',').pop()}' in field "${field}"`);
    }
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ elements: 'Cu,O', contains: 'Zn' }, 'mixed') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/"contains" Zn is not among "elements" Cu,O/);
  });

  it('an empty filter field counts as absent', async () => {
    const r = (await (await app.request('/api/rank', { method: 'POST', body: rankForm({ elements: '', contains: ' ' }, 'mixed') })).json()) as Record<string, any>;
    expect(r.candidates).toHaveLength(4);
    expect(r.composition).toBeNull();
  }, 60_000);

  it('score chooses the ranking score; an unknown one is 400 VALIDATION_ERROR', async () => {
    const r = (await (await app.request('/api/rank', { method: 'POST', body: rankForm({ score: 'cosine' }) })).json()) as Record<string, any>;
    expect(r.scoreKind).toBe('cosine');
    for (const c of r.candidates) expect(c.score).toBeCloseTo(1 - c.cosine, 4);
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ score: 'chi2' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_ERROR');
  }, 60_000);

  it('JSON: a spectrum as arrays against a pool, the filter as an array', async () => {
    const s = readSpectrum(CU_XDI);
    const json = { energy: Array.from(s.energyEv), mu: Array.from(s.mu), element: 'Cu', name: 'tenorite.json', pool: 'mixed', elements: ['Cu', 'O'], score: 'pearson' };
    const res = await app.request('/api/rank', { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const r = JSON.parse(text);
    expect(ids(r)).toEqual(['mp-1692', 'mp-361']);
    expect(r.measured.source).toBe('tenorite.json');
    const { pool: _pool, ...noPool } = json;
    const bad = await app.request('/api/rank', { method: 'POST', body: JSON.stringify(noPool), headers: { 'content-type': 'application/json' } });
    // Without a pool, JSON ranks the shipped library, which a FEFF look-up server cannot.
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('LIBRARY_NOT_SUPPORTED');
  }, 60_000);

  it('e0 and the normalisation ranges reach the ranking; bad ones are 400 before any job', async () => {
    const r = (await (await app.request('/api/rank', { method: 'POST', body: rankForm({ e0: '8985', pre1: '-150', pre2: '-40', norm1: '100', norm2: '600' }) })).json()) as Record<string, any>;
    expect(r.measured.e0).toBeGreaterThan(8984);
    expect(r.measured.e0).toBeLessThan(8986);
    const outside = await app.request('/api/rank', { method: 'POST', body: rankForm({ e0: '7000', async: 'true' }) });
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as ErrorBody).error.message).toMatch(/e0Ev = 7000 eV is outside the data/);
    const swapped = await app.request('/api/rank', { method: 'POST', body: rankForm({ pre1: '-30', pre2: '-150' }) });
    expect(swapped.status).toBe(400);
    expect(((await swapped.json()) as ErrorBody).error.message).toMatch(/pre2: pre-edge range must start before it ends/);
  }, 60_000);
});

/** Polls a job until it is done or failed (at most 60 s). */
async function finishedJob(app: ReturnType<typeof createApp>, link: string): Promise<Record<string, any>> {
  let job: Record<string, any> = {};
  for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (await (await app.request(link)).json()) as Record<string, any>;
  }
  return job;
}

describe('POST /api/rank: the measured edge position votes on the oxidation state (Fe, shipped forward model)', () => {
  let feRoot: string;
  let feCtx: ServerContext;
  let feApp: ReturnType<typeof createApp>;
  beforeAll(async () => {
    feRoot = mkdtempSync(join(tmpdir(), 'xasinv-rank-fe-'));
    mkdirSync(join(feRoot, 'pool'));
    for (const f of ['Wustite_AMCSD-0013893.cif', 'Hematite_AMCSD-0000143.cif']) cpSync(dataPath('structures', 'fe-standards', f), join(feRoot, 'pool', f));
    feCtx = await createServerContext({ modelsDir: MODELS_DIR, pools: { fe: join(feRoot, 'pool') }, rankPredictor: 'forward', syncRankMax: 4 });
    feApp = createApp(feCtx);
  });
  afterAll(async () => {
    await feCtx?.close();
    rmSync(feRoot, { recursive: true, force: true });
  });
  const feForm = (extra: Record<string, string> = {}) => {
    const fd = new FormData();
    fd.append('spectrum', new File([readFileSync(dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi'))], 'FeO_rt_01.xdi'));
    fd.append('pool', 'fe');
    for (const [k, v] of Object.entries(extra)) fd.append(k, v);
    return fd;
  };

  it('reads Fe(II) off a measured FeO edge and penalises hematite, unless edgeVote=false; a bad value is a 400 naming the field', async () => {
    const res = await feApp.request('/api/rank', { method: 'POST', body: feForm() });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const voted = JSON.parse(text) as Record<string, any>;
    expect(voted.edgeValence).toMatchObject({ label: 'Fe(II)', weight: 1 });
    expect(voted.combination).toMatch(/edge-position penalty/);
    const pen = Object.fromEntries(voted.candidates.map((c: { id: string; valencePenalty: number }) => [c.id, c.valencePenalty]));
    expect(pen['Hematite_AMCSD-0000143']).toBeGreaterThan(pen['Wustite_AMCSD-0013893']! + 3);
    const off = (await (await feApp.request('/api/rank', { method: 'POST', body: feForm({ edgeVote: 'false' }) })).json()) as Record<string, any>;
    expect(off.edgeValence).toBeNull();
    expect(off.combination).not.toMatch(/edge-position/);
    expect(off.candidates.every((c: { valencePenalty?: number | null }) => c.valencePenalty === undefined)).toBe(true);
    const bad = await feApp.request('/api/rank', { method: 'POST', body: feForm({ edgeVote: 'maybe' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/edgeVote/);
  }, 120_000);
  it('with no candidates and no pool ranks the shipped Fe library as a job: entries carry id, formula, name, source and G2', async () => {
    const fd = new FormData();
    fd.append('spectrum', new File([readFileSync(dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi'))], 'FeO_rt_01.xdi'));
    const res = await feApp.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status, await res.clone().text()).toBe(202);
    const { links } = (await res.json()) as { links: { self: string } };
    const job = await finishedJob(feApp, links.self);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const candidates = job.result.candidates as { id: string; formula: string; name: string; source: { database: string; file: string; licence: string }; g2?: number[]; fit?: unknown }[];
    expect(candidates.length).toBeGreaterThan(100);
    for (const c of candidates) expect(c).toMatchObject({ id: expect.any(String), formula: expect.any(String), name: expect.any(String), source: { database: expect.any(String), file: expect.any(String), licence: expect.any(String) } });
    expect(candidates.filter((c) => c.fit).every((c) => c.g2?.length === 50)).toBe(true);
    const models = (await (await feApp.request('/api/models')).json()) as { libraries: { absorber: string; structures: number }[] };
    expect(models.libraries.find((l) => l.absorber === 'Fe')?.structures).toBe(candidates.length + job.result.rejected.length);
  }, 120_000);

  it('a Zn spectrum (no forward model for Zn) ranks the shipped Zn library with its FEFF10 spectra; Zn uploads are rejected with the reason', async () => {
    const zn = () => new File([readFileSync(dataPath('experimental', 'xaslib', 'Zn', 'zn_znse_rt.xdi'))], 'zn_znse_rt.xdi');
    const fd = new FormData();
    fd.append('spectrum', zn());
    const res = await feApp.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status, await res.clone().text()).toBe(202);
    const { links } = (await res.json()) as { links: { self: string } };
    let job = await finishedJob(feApp, links.self);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const models = (await (await feApp.request('/api/models')).json()) as { libraries: { absorber: string; structures: number; spectra: string }[] };
    const lib = models.libraries.find((l) => l.absorber === 'Zn')!;
    expect(lib.spectra).toBe('feff');
    expect(job.result.model.forward.id).toMatch(/^feff10-/);
    expect(job.result.candidates.length).toBe(lib.structures);
    expect(job.result.alignment.description).toMatch(/calibrated on \d+ measured references/);
    // An uploaded Zn structure beside the library cannot be predicted: rejected, saying why.
    const up = new FormData();
    up.append('spectrum', zn());
    up.append('library', 'true');
    up.append('candidates', new File([readFileSync(dataPath('structures', 'amcsd', 'cif', 'amcsd_0000110_Sphalerite.cif'))], 'my-sphalerite.cif'));
    up.append('candidates', new File(['2\nZnO\nZn 0 0 0\nO 1.95 0 0\n'], 'zno.xyz'));
    const res2 = await feApp.request('/api/rank', { method: 'POST', body: up });
    const { links: l2 } = (await res2.json()) as { links: { self: string } };
    job = await finishedJob(feApp, l2.self);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const rejected = job.result.rejected as { file: string; reason: string }[];
    expect(rejected.find((r) => r.file.includes('zno'))?.reason).toMatch(/no forward model covers Zn yet/);
  }, 120_000);
});
