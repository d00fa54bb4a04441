/**
 * The web UI in a real browser (playwright-core + Debian chromium), against the real server on a
 * free port: upload a measured spectrum, see μ(E), the normalised spectrum and the pseudo-RDF chart
 * with its band, the verdict slot and the first shell; pick an Athena group; download the JSON;
 * keyboard tab switching; rank a small server pool (FEFF look-up predictor) with the table, fit chart
 * and JSON download; predict the spectrum of an uploaded structure; no request leaves the origin. Screenshots go to reports/ui/.
 * Skips (with a message) only when chromium is not installed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARD_MODEL_ID } from '../../src/forward/manifest.ts';
import { validGridIndices, validRangeEv } from '../../src/forward/valid-range.ts';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from '../server/tiny-model.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('test/ui/browser.test.ts: skipped — chromium not installed (apt-get install -y chromium)');

const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj');
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const SHOTS = join(REPO_ROOT, 'reports', 'ui');

let root: string;
let ctx: ServerContext;
let server: ServerType;
let browser: Browser;
let page: Page;
let origin: string;
const foreign: string[] = [];

describe.skipIf(!CHROMIUM)('web UI in chromium', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'xasinv-ui-'));
    mkdirSync(SHOTS, { recursive: true });
    await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: join(root, 'ui'), emptyOutDir: true } });
    // XASINV_TEST_MODELS, else the shipped Fe model when present (meaningful screenshots), else a tiny random one.
    const modelsDir = process.env.XASINV_TEST_MODELS ?? (existsSync(join(MODELS_DIR, 'inverse', 'fe-k', 'manifest.json')) ? MODELS_DIR : join(root, 'models'));
    if (modelsDir === join(root, 'models')) writeTinyInverseModel(modelsDir);
    // A small server pool of Cu FEFF crystals, ranked by the FEFF look-up predictor (no forward model needed).
    for (const mp of ['mp-14549', 'mp-361', 'mp-1692']) cpSync(join(MATERIALS, mp), join(root, 'pool', mp), { recursive: true });
    // With a forward model the UI ranks with it (uploads too); without, the FEFF look-up ranks the pool.
    const forward = existsSync(join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'));
    ctx = await createServerContext({ modelsDir, uiDir: join(root, 'ui'), port: 0, pools: { 'cu-oxides': join(root, 'pool') }, rankPredictor: forward ? 'forward' : 'feff', syncRankMax: 1 });
    const app = createApp(ctx);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto(origin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await ctx?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows the loaded models and the spectrum tab', async () => {
    await expect.poll(() => page.locator('xas-app .models').textContent()).toMatch(/Fe K inverse/);
    expect(await page.locator('xas-app [role=tab][aria-selected=true]').textContent()).toMatch(/Spectrum/);
  });

  it('uploading a measured Fe spectrum renders μ(E), the normalised spectrum, the RDF with its band, first shell and verdict', async () => {
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(FE_XDI);
    const rdfChart = page.locator('xas-spectrum-panel #rdf-chart svg');
    await rdfChart.locator('path').first().waitFor({ timeout: 30_000 });
    // band (area with fill) + mean line + axes exist
    expect(await rdfChart.locator('path[fill-opacity="0.25"]').count()).toBe(1);
    expect(await page.locator('xas-spectrum-panel #mu-chart svg path[stroke="#8250df"]').count()).toBe(1); // pre-edge line
    expect(await page.locator('xas-spectrum-panel #norm-chart svg path').count()).toBeGreaterThan(2);
    expect(await page.locator('xas-spectrum-panel [data-testid=first-shell]').textContent()).toMatch(/\d\.\d\d ± (\d\.\d\d|—) Å/);
    expect(await page.locator('xas-spectrum-panel [data-testid=verdict]').textContent()).toMatch(/(ok|caution|unreliable) score \d\.\d\d/);
    expect(await page.locator('xas-spectrum-panel details summary').textContent()).toMatch(/All checks \(\d+\)/);
    await page.screenshot({ path: join(SHOTS, 'spectrum-rdf.png'), fullPage: true });
  }, 60_000);

  it('downloads the result as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('xas-spectrum-panel button', { hasText: 'Download JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Fe2O3_rt_01.*-xasinv\.json$/);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.rdf.element).toBe('Fe');
    expect(json.rdf.g2.mean).toHaveLength(50);
    expect(json.spectrum.format).toBe('xdi');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('xas-spectrum-panel #rdf-chart button').click()]);
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('an Athena project shows a group picker and re-analyses the chosen group', async () => {
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(FE_PRJ);
    const select = page.locator('xas-spectrum-panel select[aria-label="Athena group"]');
    await select.waitFor();
    const options = await select.locator('option').count();
    expect(options).toBeGreaterThan(0);
    await select.selectOption({ index: options - 1 });
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 30_000 }).toMatch(/^Fe K/);
    await page.locator('xas-spectrum-panel p.busy').waitFor({ state: 'detached' });
    expect(await page.locator('xas-spectrum-panel dd').first().textContent()).toMatch(/^athena/);
    await page.locator('xas-spectrum-panel #mu-chart svg path').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'athena-group.png'), fullPage: true });
  }, 60_000);

  it('the file picker is reachable with the Tab key', async () => {
    await page.locator('xas-app [role=tab][aria-selected=true]').focus();
    const deepActive = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el ? `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''}` : '';
      });
    const seen: string[] = [];
    for (let i = 0; i < 3 && !seen.includes('input[file]'); i++) {
      await page.keyboard.press('Tab');
      seen.push(await deepActive());
    }
    expect(seen).toContain('input[file]');
  });

  it('tabs switch with the keyboard', async () => {
    await page.locator('xas-app [role=tab][aria-selected=true]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('xas-app [role=tab][aria-selected=true]').textContent()).toMatch(/Rank/);
    await expect.poll(() => page.locator('xas-rank-panel h2').first().textContent()).toMatch(/Rank/);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('xas-app [role=tab][aria-selected=true]').textContent()).toMatch(/Spectrum/);
  });

  it('ranks a server pool against a Cu spectrum: progress, sortable table, fit chart, JSON download', async () => {
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(CU_XDI);
    // Wait for the Cu analysis itself (the previous spectrum's results stay until it starts).
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 30_000 }).toMatch(/^Cu K/);
    await page.locator('xas-spectrum-panel p.busy').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=verdict]').textContent(), { timeout: 30_000 }).toMatch(/ok|caution|unreliable/);
    if (ctx.inverse.has('Cu')) {
      await page.locator('xas-spectrum-panel #rdf-chart svg path').first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'spectrum-cu.png'), fullPage: true });
    } else {
      // Without a Cu model the panel says so and still shows μ(E) and the verdict.
      expect(await page.locator('xas-spectrum-panel .error').first().textContent()).toMatch(/no inverse model for Cu/);
      expect(await page.locator('xas-spectrum-panel [data-testid=verdict]').textContent()).toMatch(/unreliable/);
      await page.screenshot({ path: join(SHOTS, 'spectrum-no-model.png'), fullPage: true });
    }
    await page.locator('xas-app #tab-rank').click();
    await page.locator('xas-rank-panel select[aria-label="Server candidate pool"]').selectOption('cu-oxides');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    const rows = page.locator('xas-rank-panel tbody tr');
    await rows.nth(2).waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(3);
    // More candidates than syncRankMax: the UI got a job and followed it to the end with a progress bar.
    const bar = page.locator('xas-rank-panel progress');
    expect(await bar.getAttribute('max')).toBe('3');
    expect(await bar.getAttribute('value')).toBe('3');
    expect(await page.locator('xas-rank-panel [role=status]').textContent()).toMatch(/done 3\/3/);
    expect(await page.locator('xas-rank-panel thead th').first().textContent()).toMatch(/rank/);
    expect(await rows.first().locator('td').nth(3).textContent()).toMatch(/^[0-9.e-]+ ± [0-9.e-]+$/); // score ± σ
    expect(await rows.first().locator('td').first().textContent()).toBe('1');
    expect(await page.locator('xas-rank-panel [data-testid=rank-verdict]').textContent()).toMatch(/(ok|caution|unreliable) score \d\.\d\d/);
    await page.locator('xas-rank-panel thead th button', { hasText: 'R-factor' }).click();
    await page.locator('xas-rank-panel #fit-chart svg path').first().waitFor();
    await rows.nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'rank.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('xas-rank-panel button', { hasText: 'Download JSON' }).click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.candidates).toHaveLength(3);
    expect(json.absorber).toBe('Cu');
  }, 90_000);

  it('ranks uploaded structure files with the forward model (when there is one)', async (t) => {
    if (!ctx.forward) return t.skip();
    await page.locator('xas-rank-panel select[aria-label="Server candidate pool"]').selectOption('');
    await page.locator('xas-rank-panel xas-file-drop input[type=file]').setInputFiles([join(MATERIALS, 'mp-1692', 'POSCAR'), join(MATERIALS, 'mp-361', 'POSCAR')]);
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    await expect.poll(() => page.locator('xas-rank-panel tbody tr').count(), { timeout: 60_000 }).toBe(2);
    await page.locator('xas-rank-panel #fit-chart svg path').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'rank-uploads.png'), fullPage: true });
  }, 90_000);

  it('predicts the spectrum of an uploaded structure: average with its band, sites, shells, verdict, CSV (when there is a forward model)', async (t) => {
    await page.locator('xas-app #tab-predict').click();
    if (!ctx.forward) {
      expect(await page.locator('xas-predict-panel .notice').textContent()).toMatch(/No forward model/);
      return t.skip();
    }
    // Tenorite has one Cu site; a bad file first: one error line, no chart.
    await page.locator('xas-predict-panel xas-file-drop input[type=file]').setInputFiles({ name: 'junk.cif', mimeType: 'text/plain', buffer: Buffer.from('data_x\n_cell_length_a oops\n') });
    await expect.poll(() => page.locator('xas-predict-panel .error').textContent(), { timeout: 30_000 }).toMatch(/junk\.cif/);
    expect(await page.locator('xas-predict-panel #predict-chart').count()).toBe(0);
    await page.locator('xas-predict-panel xas-file-drop input[type=file]').setInputFiles(join(MATERIALS, 'mp-1692', 'POSCAR'));
    const chart = page.locator('xas-predict-panel #predict-chart svg');
    await chart.locator('path').first().waitFor({ timeout: 30_000 });
    expect(await chart.locator('path[fill-opacity="0.25"]').count()).toBe(1); // the ±2σ band
    expect(await page.locator('xas-predict-panel [data-testid=absorber]').textContent()).toMatch(/^Cu K/);
    await expect.poll(() => page.locator('xas-predict-panel [data-testid=formula]').textContent()).toMatch(/^CuO \(Cu\d+O\d+, periodic\)/);
    expect(await page.locator('xas-predict-panel ul.sites li').first().textContent()).toMatch(/first shell 4 O at 1\.9\d Å/);
    expect(await page.locator('xas-predict-panel [data-testid=verdict]').textContent()).toMatch(/(ok|caution|unreliable) score \d\.\d\d/);
    await page.screenshot({ path: join(SHOTS, 'predict.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('xas-predict-panel button', { hasText: 'Spectrum CSV' }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^e_minus_edge_ev,mu_average,sigma_average,mu_site\d+,sigma_site\d+$/);
    // One row per point of Cu's valid range (the model's whole −10…+30 eV grid for 1.x; −10…+127.5 eV for 2.0), and the energy-axis line gives it.
    const { from, to } = validGridIndices(ctx.forward.manifest, 'Cu');
    expect(lines).toHaveLength(1 + to - from);
    const [lo, hi] = validRangeEv(ctx.forward.manifest, 'Cu');
    expect(await page.locator('xas-predict-panel [data-testid=energy-axis]').textContent()).toContain(`${lo.toFixed(1)}…${hi.toFixed(1)} eV (${to - from} points)`);
  }, 90_000);

  it('made no request outside the origin', () => {
    expect(foreign).toEqual([]);
  });
});
