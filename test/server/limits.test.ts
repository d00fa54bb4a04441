/**
 * Server limits in-process (`app.request`): gzip'd uploads inflate only up to
 * `maxUploadBytes × inflateFactor` (413 INFLATED_TOO_LARGE), for every route that reads a spectrum.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { writeTinyInverseModel } from './tiny-model.ts';

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

/** `mib` gzip members of 1 MiB of "1" each: ~1 KiB per inflated MiB. */
export function gzipBomb(mib: number): Uint8Array<ArrayBuffer> {
  const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
  return new Uint8Array(Buffer.concat(Array.from({ length: mib }, () => one)));
}

function form(fields: Record<string, string | File>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-limits-'));
  writeTinyInverseModel(join(root, 'models'));
  mkdirSync(join(root, 'pool'));
  writeFileSync(join(root, 'pool', 'fe.xyz'), '1\nFe\nFe 0 0 0\n');
  // 1 MiB uploads × 4 = 4 MiB inflated at most; the FEFF look-up ranks the pool without a forward model.
  ctx = await createServerContext({ modelsDir: join(root, 'models'), maxUploadBytes: 1 << 20, inflateFactor: 4, pools: { p: join(root, 'pool') }, rankPredictor: 'feff' });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('gzip bombs', () => {
  it('a .prj inflating past the limit is 413 INFLATED_TOO_LARGE on every spectrum route', async () => {
    const bomb = gzipBomb(6); // 6 KB sent, 6 MiB inflated
    for (const route of ['/api/inspect', '/api/rdf', '/api/check', '/api/groups']) {
      const res = await app.request(route, { method: 'POST', body: form({ spectrum: new File([bomb], 'bomb.prj') }) });
      const text = await res.text();
      expect(res.status, `${route}: ${text}`).toBe(413);
      const { error } = JSON.parse(text) as { error: { code: string; message: string; details: { limitBytes: number } } };
      expect(error.code).toBe('INFLATED_TOO_LARGE');
      expect(error.message).toMatch(/^bomb\.prj: gzip data inflates to more than 4\.0 MB/);
      expect(error.details.limitBytes).toBe(4 << 20);
    }
    const rank = await app.request('/api/rank', { method: 'POST', body: form({ spectrum: new File([bomb], 'bomb.prj'), pool: 'p' }) });
    expect(rank.status, await rank.clone().text()).toBe(413);
  });

  it('a gzip\'d file within the limit is read as before, by one reader: groups refuses what inspect refuses', async () => {
    const groups = await app.request('/api/groups', { method: 'POST', body: form({ spectrum: new File([gzipBomb(3)], 'ones.prj') }) });
    const inspect = await app.request('/api/inspect', { method: 'POST', body: form({ spectrum: new File([gzipBomb(3)], 'ones.prj') }) });
    expect(groups.status).toBe(400);
    expect(await groups.json()).toEqual(await inspect.json());
  });

  it('the inflate limit counts per request: files each under it, together over it, are 413', async () => {
    const third = gzipBomb(2); // 2 MiB each, limit 4 MiB
    const fd = new FormData();
    for (let i = 0; i < 3; i++) fd.append('spectrum', new File([third], `part-${i}.prj`));
    const res = await app.request('/api/series', { method: 'POST', body: fd });
    const text = await res.text();
    expect(res.status, text).toBe(413);
    expect(JSON.parse(text).error).toMatchObject({ code: 'INFLATED_TOO_LARGE', message: expect.stringMatching(/^part-2\.prj: .*the limit per request/) });
  });
});
