/**
 * No server path in an answer: temp files of uploads and pool files are named as uploaded / inside
 * the pool, the models folder is "models"; and a path with broken percent-encoding is a 400, not a 500.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { pathScrubber, scrubDeep } from '../../src/server/scrub-paths.ts';

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-paths-'));
  mkdirSync(join(root, 'ui'));
  writeFileSync(join(root, 'ui', 'index.html'), '<!doctype html><title>ui</title>');
  ctx = await createServerContext({ modelsDir: join(root, 'models'), uiDir: join(root, 'ui') });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('server paths', () => {
  it('the scrubber names files as uploaded, keeps paths inside a pool, and drops other temp folders', () => {
    const tmp = join(tmpdir(), 'xasinv-rank-abc');
    const scrub = pathScrubber([
      { path: join(tmp, '1', 'bad.mol2'), name: 'bad.mol2' },
      { path: '/srv/pools/cu', name: 'cu' },
      { path: '/srv/xasinv/models', name: 'models' },
    ]);
    expect(scrub(`unreadable: ${join(tmp, '1', 'bad.mol2')}:3: no atoms`)).toBe('unreadable: bad.mol2:3: no atoms');
    expect(scrub('unreadable: /srv/pools/cu/mp-1/POSCAR:2: bad')).toBe('unreadable: cu/mp-1/POSCAR:2: bad');
    expect(scrub('no forward model in /srv/xasinv/models/forward')).toBe('no forward model in models/forward');
    expect(scrub(`cannot read ${join(tmpdir(), 'xasinv-other-1', '2', 'x.cif')}: EACCES`)).toBe('cannot read x.cif: EACCES');
    const result = { rejected: [{ file: 'bad.mol2', reason: `unreadable: ${join(tmp, '1', 'bad.mol2')}` }], mu: new Float32Array([1]) };
    expect(scrubDeep(result, scrub)).toEqual({ rejected: [{ file: 'bad.mol2', reason: 'unreadable: bad.mol2' }], mu: new Float32Array([1]) });
  });

  it('error answers never name the models folder', async () => {
    const fd = new FormData();
    fd.append('structure', new File(['1\nCu\nCu 0 0 0\n'], 'cu.xyz'));
    const res = await app.request('/api/predict', { method: 'POST', body: fd });
    const text = await res.text();
    expect(res.status).toBe(501);
    expect(text).toMatch(/no forward model in models\/forward/);
    expect(text).not.toContain(root);
  });

  it('broken percent-encoding in the path is 400 BAD_PATH (UI and API)', async () => {
    for (const [method, path] of [['GET', '/%E0%A4%A'], ['GET', '/api/%E0%A4%A'], ['POST', '/api/rdf%E0%A4%A'], ['GET', '/x%']]) {
      const res = await app.request(path!, { method: method! });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_PATH');
    }
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/%69ndex.html')).status).toBe(200); // valid encoding still decodes
  });
});
