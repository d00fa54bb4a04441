/**
 * The routes that need the shipped forward model (the default forward model): POST /api/predict
 * (the `xasinv predict --json` shape) and POST /api/rank with uploaded structures. Skipped, with a
 * message, while the model is not in the checkout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARD_MODEL_ID } from '../../src/forward/manifest.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';

/** The shipped models, or another models folder given in XASINV_TEST_MODELS. */
const MODELS = process.env.XASINV_TEST_MODELS ?? MODELS_DIR;
const HAVE_FORWARD = existsSync(join(MODELS, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'));
if (!HAVE_FORWARD) console.warn('test/server/forward.test.ts: skipped — no shipped forward model in models/forward');

const POSCAR = (mp: string) => dataPath('pairs', 'cu-k-feff-crystals', 'materials', mp, 'POSCAR');
const CUO_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

describe.skipIf(!HAVE_FORWARD)('forward-model routes', () => {
  beforeAll(async () => {
    ctx = await createServerContext({ modelsDir: MODELS });
    app = createApp(ctx);
  });
  afterAll(() => ctx?.close());

  it('models reports the forward model and enables predict and rank', async () => {
    const m = (await (await app.request('/api/models')).json()) as Record<string, any>;
    expect(m.forward.elements).toContain('Cu');
    expect(m.features).toMatchObject({ predict: true, rank: true });
  });

  it('predict gives site-resolved and averaged spectra with σ for CuO (mp-1692)', async () => {
    const fd = new FormData();
    fd.append('structure', new File([readFileSync(POSCAR('mp-1692'))], 'POSCAR'));
    const res = await app.request('/api/predict', { method: 'POST', body: fd });
    expect(res.status, await res.clone().text()).toBe(200);
    const p = (await res.json()) as Record<string, any>;
    expect(p.absorber).toBe('Cu');
    expect(p.sites).toHaveLength(1);
    expect(p.sites[0].multiplicity).toBe(2); // the POSCAR holds Cu2O2
    expect(p.average.mu).toHaveLength(p.grid.energy.length);
    expect(Math.min(...p.average.sigma)).toBeGreaterThan(0);
    expect(['ok', 'caution', 'unreliable']).toContain(p.confidence.verdict);
    expect(p.confidence.reasons.length).toBeGreaterThan(0);
  });

  it('predict for an absorber the model was not trained on is 422', async () => {
    const fd = new FormData();
    fd.append('structure', new File(['4\nZn4\nZn 0 0 0\nZn 2.66 0 0\nZn 0 2.66 0\nZn 0 0 2.66\n'], 'zn.xyz'));
    const res = await app.request('/api/predict', { method: 'POST', body: fd });
    expect(res.status).toBe(422);
    const e = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('UNSUPPORTED_ABSORBER');
    // The Zn library holds the project's FEFF spectra, but no phase like this cluster: the error says so.
    expect(e.message).toMatch(/no computed spectrum of this phase either: the Zn library's closest Zn \(.*\) has G2 cosine 0\.\d+ < 0\.98/);
  });

  it("predict for such an absorber gives the FEFF10 spectrum of the library's same phase, said as such", async () => {
    const fd = new FormData();
    fd.append('structure', new File([readFileSync(dataPath('structures', 'larch-struct2xas', 'ZnO_mp-2133.cif'))], 'ZnO.cif'));
    const res = await app.request('/api/predict', { method: 'POST', body: fd });
    expect(res.status, await res.clone().text()).toBe(200);
    const p = (await res.json()) as Record<string, any>;
    expect(p).toMatchObject({ absorber: 'Zn', sites: [], source: { kind: 'feff-library', library: 'Zn', entry: { id: 'ZnO_mp-2133', formula: 'ZnO' } } });
    expect(p.source.g2Cosine).toBeGreaterThan(0.999);
    expect(p.average.mu).toHaveLength(p.grid.energy.length);
    expect(p.average.sigma.every((s: number) => s === 0)).toBe(true);
    expect(p.confidence.verdict).toBe('caution');
    expect(p.confidence.reasons[0].message).toMatch(/not a model prediction/);
  });

  it('rank scores uploaded structures with a score σ from the model', async () => {
    const fd = new FormData();
    fd.append('spectrum', new File([readFileSync(CUO_XDI)], 'CuO_tenorite_13K_01.xdi'));
    for (const mp of ['mp-1692', 'mp-361']) fd.append('candidates', new File([readFileSync(POSCAR(mp))], 'POSCAR'));
    fd.append('candidates', new File(['garbage'], 'junk.cif'));
    const side = 19; // 6859 atoms > the default --max-atoms (5000): rejected before any featurisation
    const rows = Array.from({ length: side ** 3 }, (_, k) => `${Math.floor(k / side ** 2) / side} ${(Math.floor(k / side) % side) / side} ${(k % side) / side}`);
    fd.append('candidates', new File([['big', '1.0', `${side * 2.5} 0 0`, `0 ${side * 2.5} 0`, `0 0 ${side * 2.5}`, 'Cu', String(side ** 3), 'Direct', ...rows].join('\n') + '\n'], 'huge.vasp'));
    const res = await app.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status, await res.clone().text()).toBe(200);
    const r = (await res.json()) as Record<string, any>;
    expect(r.candidates.map((c: { file: string }) => c.file).sort()).toEqual(['POSCAR', 'POSCAR']);
    // Named by the uploaded file name (two uploads called POSCAR: numbered by upload position), never `upload-1`.
    expect(r.candidates.map((c: { id: string }) => c.id).sort()).toEqual(['POSCAR #1', 'POSCAR #2']);
    expect(r.candidates.find((c: { id: string }) => c.id === 'POSCAR #1').formula).toBe('CuO'); // mp-1692 was uploaded first
    expect(r.candidates.every((c: { scoreSigma: number }) => c.scoreSigma > 0)).toBe(true);
    expect(r.rejected).toEqual([
      { file: 'junk.cif', reason: expect.stringMatching(/^unreadable: junk\.cif\b/) },
      { file: 'huge.vasp', reason: 'too many atoms: 6859 (the limit is 5000)' },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/xasinv-rank-|\/tmp\//); // the uploaded names, never the temp files
  }, 120_000);
});
