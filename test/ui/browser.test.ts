/**
 * The web UI in a real browser (playwright-core + Debian chromium), against the real server on a
 * free port: upload a measured spectrum, see μ(E) with the pre-edge and normalisation ranges, the
 * normalised spectrum (or its derivative) with the model input explained, the pseudo-RDF chart with
 * its band (never below G2 = 0), the verdict and the first shell; set E0 and the ranges; pick an
 * Athena group; download the JSON; keyboard tab switching; rank server pools: the overlay of the top
 * three fits, the chemistry sentence, the alignment, the score column, the composition filter (a
 * filter matching nothing shows the server's message), Cancel, paging; rank uploads; predict the
 * spectrum of an uploaded structure; no request leaves the origin.
 *
 * Screenshots go to reports/ui/ only with XASINV_SCREENSHOTS=1 (`npm run screenshots:ui`): `npm
 * test` never rewrites tracked files. Skips (with a message) only when chromium is not installed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARD_MODEL_ID } from '../../src/forward/manifest.ts';
import { validGridIndices, validRangeEv } from '../../src/forward/valid-range.ts';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { createApp, createServerContext, RANKING_CSV_COLUMNS, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from '../server/tiny-model.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('test/ui/browser.test.ts: skipped — chromium not installed (apt-get install -y chromium)');

const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj');
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const SHOTS = join(REPO_ROOT, 'reports', 'ui');
/** Screenshots are written only on request (they are tracked files). */
const SCREENSHOTS = process.env.XASINV_SCREENSHOTS === '1';
/** Candidates in the larger pool: more than a page (50) of the rank table. */
const MANY = 60;

let root: string;
let ctx: ServerContext;
let server: ServerType;
let browser: Browser;
let page: Page;
let origin: string;
const foreign: string[] = [];
/** Content-Security-Policy violations the page reported, and the CSP the page was served with. */
const violations: string[] = [];
let pageCsp: string | null = null;
/** reports/ui/ file → mtime before the tests. */
const shotsBefore = new Map<string, number>();

/** Full-page screenshot into reports/ui/, only with XASINV_SCREENSHOTS=1. */
async function shot(name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

/**
 * The lowest value a chart's shaded band reaches, read from the drawn SVG: the band path's y
 * coordinates mapped back through the y axis ticks (the axis is linear).
 */
async function bandMinimum(chart: Locator): Promise<number> {
  return chart.evaluate((host) => {
    const svg = host.shadowRoot!.querySelector('svg')!;
    const ticks = Array.from(svg.querySelectorAll('g.tick'))
      .map((t) => ({ m: /^translate\(0,([-\d.e]+)\)$/.exec(t.getAttribute('transform') ?? ''), v: Number((t.textContent ?? '').replace('−', '-')) }))
      .filter((t) => t.m && Number.isFinite(t.v))
      .map((t) => ({ y: Number(t.m![1]), v: t.v }));
    const [a, b] = [ticks[0]!, ticks[ticks.length - 1]!];
    const valueAt = (y: number) => a.v + ((y - a.y) * (b.v - a.v)) / (b.y - a.y);
    const d = svg.querySelector('path[fill-opacity="0.25"]')!.getAttribute('d')!;
    const nums = (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
    const ys = nums.filter((_, i) => i % 2 === 1);
    return Math.min(...ys.map(valueAt));
  });
}

/** Whether a chart's legend lies wholly below its plot area (never over the data). */
async function legendBelowPlot(chart: Locator): Promise<boolean> {
  return chart.evaluate((host) => {
    const svg = host.shadowRoot!.querySelector('svg')!;
    const legend = svg.querySelector('g.legend')!.getBoundingClientRect();
    const plot = svg.querySelector('clipPath rect')!.getBoundingClientRect();
    return legend.top >= plot.bottom;
  });
}

describe.skipIf(!CHROMIUM)('web UI in chromium', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'xasinv-ui-'));
    if (SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });
    for (const f of existsSync(SHOTS) ? readdirSync(SHOTS) : []) shotsBefore.set(f, statSync(join(SHOTS, f)).mtimeMs);
    await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: join(root, 'ui'), emptyOutDir: true } });
    // XASINV_TEST_MODELS, else the shipped Fe model when present (meaningful screenshots), else a tiny random one.
    const modelsDir = process.env.XASINV_TEST_MODELS ?? (existsSync(join(MODELS_DIR, 'inverse', 'fe-k', 'manifest.json')) ? MODELS_DIR : join(root, 'models'));
    if (modelsDir === join(root, 'models')) writeTinyInverseModel(modelsDir);
    // A small server pool of Cu FEFF crystals, ranked by the FEFF look-up predictor (no forward model needed).
    for (const mp of ['mp-14549', 'mp-361', 'mp-1692']) cpSync(join(MATERIALS, mp), join(root, 'pool', mp), { recursive: true });
    // A larger pool (more than one page of the table) and an empty one, which must not be offered.
    for (const mp of readdirSync(MATERIALS).sort().slice(0, MANY)) cpSync(join(MATERIALS, mp), join(root, 'many', mp), { recursive: true });
    mkdirSync(join(root, 'empty'));
    // With a forward model the UI ranks with it (uploads too); without, the FEFF look-up ranks the pool.
    const forward = existsSync(join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID, 'manifest.json'));
    ctx = await createServerContext({ modelsDir, uiDir: join(root, 'ui'), port: 0, pools: { 'cu-oxides': join(root, 'pool'), 'cu-many': join(root, 'many'), empty: join(root, 'empty') }, rankPredictor: forward ? 'forward' : 'feff', syncRankMax: 1 });
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
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => void (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(`${e.violatedDirective}: ${e.blockedURI}`)));
    const first = await page.goto(origin);
    pageCsp = (await first?.allHeaders())?.['content-security-policy'] ?? null;
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
    // The verdict alone in the badge, what it means in one sentence; no numeric score (issue 27: one scale across tabs, or none).
    expect((await page.locator('xas-spectrum-panel [data-testid=verdict]').textContent())!.trim()).toMatch(/^(ok|caution|unreliable)$/);
    expect(await page.locator('xas-spectrum-panel [data-testid=trust-score]').count()).toBe(0);
    expect(await page.locator('xas-spectrum-panel [data-testid=verdict-meaning]').textContent()).toMatch(/^The verdict is the worst status of the checks/);
    expect(await page.locator('xas-spectrum-panel details summary').first().textContent()).toMatch(/All checks \(\d+\)/);
    // G2 ≥ 0: the band never reaches below 0; legends sit under the plots.
    expect(await bandMinimum(page.locator('xas-spectrum-panel #rdf-chart'))).toBeGreaterThanOrEqual(-1e-6);
    for (const id of ['rdf-chart', 'mu-chart', 'norm-chart']) expect(await legendBelowPlot(page.locator(`xas-spectrum-panel #${id}`)), id).toBe(true);
    // The model input is explained beside the normalised spectrum.
    expect((await page.locator('xas-spectrum-panel [data-testid=model-input-note]').textContent())!.replace(/\s+/g, ' ')).toMatch(/μ minus the pre-edge line,\s+divided by its mean 15–40 eV above the half-step energy/);
    await shot('spectrum-rdf.png');
  }, 60_000);

  it('shows the pre-edge and normalisation ranges, takes E0 and ranges from the user, and offers the derivative', async () => {
    const mu = page.locator('xas-spectrum-panel #mu-chart svg');
    expect(await mu.locator('rect[data-label^="pre-edge range E0−"]').count()).toBe(1);
    expect(await mu.locator('rect[data-label^="normalisation range E0+"]').count()).toBe(1);
    const settings = page.locator('xas-spectrum-panel xas-norm-settings');
    expect(await settings.locator('[data-testid=norm-state]').textContent()).toMatch(/^All defaults/);
    const e0Before = Number(await settings.locator('input[name=e0]').inputValue());
    await settings.locator('input[name=e0]').fill(String(Math.round(e0Before + 3)));
    await settings.locator('input[name=pre1]').fill('-100');
    await settings.locator('input[name=norm1]').fill('60');
    await settings.locator('button', { hasText: 'Apply' }).click();
    await expect.poll(() => settings.locator('[data-testid=norm-state]').textContent(), { timeout: 30_000 }).toMatch(/^Set by you: e0, pre1, norm1;/);
    expect(await page.locator('xas-spectrum-panel [data-testid=e0]').textContent()).toMatch(/\(set by you\)/);
    expect(Number(await settings.locator('input[name=e0]').inputValue())).toBeCloseTo(Math.round(e0Before + 3), 0);
    expect(await mu.locator('rect[data-label^="pre-edge range E0−100…E0−"]').count()).toBe(1);
    expect(await mu.locator('rect[data-label^="normalisation range E0+60…E0+"]').count()).toBe(1);
    // A bad E0 marks its field and keeps the result; the defaults are one click away.
    await settings.locator('input[name=e0]').fill('100');
    await settings.locator('button', { hasText: 'Apply' }).click();
    await expect.poll(() => settings.locator('input[name=e0]').getAttribute('aria-invalid')).toBe('true');
    expect(await settings.locator('[data-testid=norm-problems]').textContent()).toMatch(/E0 = 100 eV is outside the data/);
    expect(await mu.locator('rect[data-label^="pre-edge range E0−100…E0−"]').count()).toBe(1);
    await settings.locator('button', { hasText: 'Defaults' }).click();
    await expect.poll(() => page.locator('xas-spectrum-panel xas-norm-settings [data-testid=norm-state]').textContent(), { timeout: 30_000 }).toMatch(/^All defaults/);
    // The derivative view.
    await page.locator('xas-spectrum-panel input[type=radio][value=derivative]').check();
    await page.locator('xas-spectrum-panel #derivative-chart svg path[data-label="dμ/dE (normalised)"]').waitFor();
    expect(await page.locator('xas-spectrum-panel #norm-chart').count()).toBe(0);
    await page.locator('xas-spectrum-panel input[type=radio][value=norm]').check();
    await page.locator('xas-spectrum-panel #norm-chart svg path').first().waitFor();
  }, 90_000);

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
    await shot('athena-group.png');
  }, 60_000);

  it('an element typed for one file does not carry over to the next file', async () => {
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(FE_XDI);
    const box = page.locator('xas-spectrum-panel input[aria-label="Absorbing element"]');
    await box.fill('Fe');
    await box.dispatchEvent('change');
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 30_000 }).toMatch(/^Fe K/);
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(CU_XDI);
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 30_000 }).toMatch(/^Cu K/);
    expect(await box.inputValue()).toBe('');
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

  it('ranks a server pool against a Cu spectrum: progress, verdict, chemistry, alignment, overlay of the top 3, score column, JSON and CSV', async () => {
    await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(CU_XDI);
    // Wait for the Cu analysis itself (the previous spectrum's results stay until it starts).
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 30_000 }).toMatch(/^Cu K/);
    await page.locator('xas-spectrum-panel p.busy').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=verdict]').textContent(), { timeout: 30_000 }).toMatch(/ok|caution|unreliable/);
    if (ctx.inverse.has('Cu')) {
      await page.locator('xas-spectrum-panel #rdf-chart svg path').first().waitFor();
      expect(await bandMinimum(page.locator('xas-spectrum-panel #rdf-chart'))).toBeGreaterThanOrEqual(-1e-6);
      await shot('spectrum-cu.png');
    } else {
      // Without a Cu model the panel says so and still shows μ(E) and the verdict.
      expect(await page.locator('xas-spectrum-panel .error').first().textContent()).toMatch(/no inverse model for Cu/);
      expect(await page.locator('xas-spectrum-panel [data-testid=verdict]').textContent()).toMatch(/unreliable/);
      await shot('spectrum-no-model.png');
    }
    await page.locator('xas-app #tab-rank').click();
    // Only pools that hold candidates are offered.
    const pools = await page.locator('xas-rank-panel select[aria-label="Server candidate pool"] option').allTextContents();
    expect(pools).toEqual(['(none)', 'cu-oxides (3)', `cu-many (${MANY})`]);
    await page.locator('xas-rank-panel select[aria-label="Server candidate pool"]').selectOption('cu-oxides');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    const rows = page.locator('xas-rank-panel xas-rank-table tbody tr');
    await rows.nth(2).waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(3);
    // More candidates than syncRankMax: the UI got a job and followed it to the end with a progress bar.
    const bar = page.locator('xas-rank-panel progress');
    expect(await bar.getAttribute('max')).toBe('3');
    expect(await bar.getAttribute('value')).toBe('3');
    expect(await page.locator('xas-rank-panel [data-testid=job-status]').textContent()).toMatch(/done 3\/3/);
    // Readouts above the table: verdict (no unexplained number), the chemistry sentence, the alignment.
    expect((await page.locator('xas-rank-panel [data-testid=rank-verdict]').textContent())!.trim()).toMatch(/^(ok|caution|unreliable)$/);
    expect(await page.locator('xas-rank-panel [data-testid=chemistry-sentence]').textContent()).toMatch(/^(No candidate fits as right phases do, so this is not an answer: )?top 3: (no consensus: )?the best fit reads Cu\((I|II|III)\), .+ \(\d+ % of the fit weight\)$/);
    // Cu has no edge-position calibration (one O-coordinated Cu(I) reference compound): no edge readout.
    expect(await page.locator('xas-rank-panel [data-testid=edge-valence]').count()).toBe(0);
    expect(await page.locator('xas-rank-panel [data-testid=alignment]').textContent()).toMatch(/^Alignment\. (Calibrated|Not calibrated): .+ Compared −\d+(\.\d)?…\+\d+(\.\d)? eV around the .+ edge \(\d+\.\d…\d+\.\d eV\); each candidate may shift by at most ±\d+(\.\d+)? eV more/);
    const verdictTop = (await page.locator('xas-rank-panel [data-testid=rank-verdict]').boundingBox())!.y;
    expect(verdictTop).toBeLessThan((await page.locator('xas-rank-panel xas-rank-table').boundingBox())!.y);
    // The overlay: the measurement and the fitted predictions of ranks 1–3 over the compared window, above the table.
    const overlay = page.locator('xas-rank-panel #overlay-chart svg');
    await overlay.locator('path[data-label^="measured"]').waitFor();
    for (const k of [1, 2, 3]) expect(await overlay.locator(`path[data-label^="#${k} "]`).count(), `rank ${k}`).toBe(1);
    expect((await page.locator('xas-rank-panel #overlay-chart').boundingBox())!.y).toBeLessThan((await page.locator('xas-rank-panel xas-rank-table').boundingBox())!.y);
    expect(await legendBelowPlot(page.locator('xas-rank-panel #overlay-chart'))).toBe(true);
    // The table: the column that ranks, named by what it is, with σ; R beside it; a chemistry column.
    const headers = await page.locator('xas-rank-panel xas-rank-table thead th').allTextContents();
    expect(headers.slice(0, 6).map((h) => h.replace(/ [▲▼]$/, ''))).toEqual(['rank', 'candidate', 'formula', 'chemistry', '1 − Pearson r ± σ', 'R-factor']);
    expect(await rows.first().locator('td').nth(4).textContent()).toMatch(/^[0-9.e-]+ ± ([0-9.e-]+|—)$/);
    expect(await rows.first().locator('td').first().textContent()).toBe('1');
    expect(await rows.first().locator('td').nth(3).textContent()).toMatch(/^Cu\(/);
    await page.locator('xas-rank-panel thead th button', { hasText: 'R-factor' }).click();
    await page.locator('xas-rank-panel #fit-chart svg path').first().waitFor();
    await rows.nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await shot('rank.png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('xas-rank-panel button', { hasText: 'Download JSON' }).click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.candidates).toHaveLength(3);
    expect(json.absorber).toBe('Cu');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('xas-rank-panel button', { hasText: 'CSV' }).click()]);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(RANKING_CSV_COLUMNS.map((c) => c.header).join(','));
    expect(lines).toHaveLength(4);
  }, 90_000);

  it('the composition filter is sent to the server; a filter that matches nothing shows its message', async () => {
    const elements = page.locator('xas-rank-panel input[aria-label^="Elements exactly"]');
    await elements.fill('Cu,O,Zn');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    await expect.poll(() => page.locator('xas-rank-panel .error').textContent(), { timeout: 60_000 }).toMatch(/^no candidate has exactly the elements Cu, O, Zn: 3 candidates read, 3 with another element set \(most common: Cu O ×3\)$/);
    expect(await page.locator('xas-rank-panel xas-rank-table').count()).toBe(0);
    await elements.fill('Cu,Xx');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    await expect.poll(() => page.locator('xas-rank-panel .error').textContent(), { timeout: 30_000 }).toMatch(/unknown element 'Xx' in field "elements"/);
    await elements.fill('Cu,O');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    await expect.poll(() => page.locator('xas-rank-panel [data-testid=composition]').textContent(), { timeout: 60_000 }).toMatch(/Candidates exactly Cu, O: kept 3 of 3 read\./);
    await elements.fill('');
    // The edge-position vote is on by default (what unticking sends: test/ui/rank-request.test.ts).
    const edgeVote = page.locator('xas-rank-panel input[aria-label="Edge position votes on the oxidation state"]');
    expect(await edgeVote.isChecked()).toBe(true);
    await edgeVote.uncheck();
    expect(await edgeVote.isChecked()).toBe(false);
    await edgeVote.check();
  }, 120_000);

  it('a running ranking can be cancelled', async () => {
    await page.locator('xas-rank-panel select[aria-label="Server candidate pool"]').selectOption('cu-many');
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    const cancel = page.locator('xas-rank-panel button', { hasText: 'Cancel' });
    await cancel.waitFor({ timeout: 30_000 });
    await cancel.click();
    await expect.poll(() => page.locator('xas-rank-panel .notice').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^Ranking cancelled after \\d+ of ${MANY} candidates\\.$`));
    expect(await page.locator('xas-rank-panel [data-testid=job-status]').textContent()).toMatch(/^cancelled /);
    expect(await cancel.count()).toBe(0);
  }, 60_000);

  it('a long ranking is paged, 50 rows at a time; σ beyond the best 50 shows as —', async () => {
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    const rows = page.locator('xas-rank-panel xas-rank-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(50);
    const status = page.locator('xas-rank-panel xas-rank-table [data-testid=page-status]').first();
    expect(await status.textContent()).toBe(`rows 1–50 of ${MANY} · page 1 of 2`);
    await page.locator('xas-rank-panel xas-rank-table button', { hasText: 'Next' }).first().click();
    await expect.poll(() => rows.count()).toBe(MANY - 50);
    expect(await status.textContent()).toBe(`rows 51–${MANY} of ${MANY} · page 2 of 2`);
    expect(await rows.first().locator('td').first().textContent()).toBe('51');
    expect(await rows.first().locator('td').nth(4).textContent()).toMatch(/ ± —$/);
    // The page stays short: one page of rows, not all of them.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(6000);
  }, 150_000);

  it('ranks uploaded structure files with the forward model (when there is one), named by their file names', async (t) => {
    if (!ctx.forward) return t.skip();
    await page.locator('xas-rank-panel select[aria-label="Server candidate pool"]').selectOption('');
    await page.locator('xas-rank-panel xas-file-drop input[type=file]').setInputFiles([join(MATERIALS, 'mp-1692', 'POSCAR'), join(MATERIALS, 'mp-361', 'POSCAR')]);
    await page.locator('xas-rank-panel button.primary', { hasText: 'Rank' }).click();
    const rows = page.locator('xas-rank-panel xas-rank-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(2);
    expect((await rows.locator('td:nth-child(2)').allTextContents()).sort()).toEqual(['POSCAR #1', 'POSCAR #2']);
    await page.locator('xas-rank-panel #fit-chart svg path').first().waitFor();
    await shot('rank-uploads.png');
  }, 90_000);

  it('predicts the spectrum of an uploaded structure: average with its band, sites, shells, verdict, CSV (when there is a forward model)', async (t) => {
    await page.locator('xas-app #tab-predict').click();
    if (!ctx.forward) {
      expect(await page.locator('xas-predict-panel .notice').textContent()).toMatch(/No forward model/);
      return t.skip();
    }
    // Tenorite has one Cu site; a bad file first: one error line, no chart.
    await page.locator('xas-predict-panel #structure-drop input[type=file]').setInputFiles({ name: 'junk.cif', mimeType: 'text/plain', buffer: Buffer.from('data_x\n_cell_length_a oops\n') });
    await expect.poll(() => page.locator('xas-predict-panel .error').textContent(), { timeout: 30_000 }).toMatch(/junk\.cif/);
    expect(await page.locator('xas-predict-panel #predict-chart').count()).toBe(0);
    await page.locator('xas-predict-panel #structure-drop input[type=file]').setInputFiles(join(MATERIALS, 'mp-1692', 'POSCAR'));
    const chart = page.locator('xas-predict-panel #predict-chart svg');
    await chart.locator('path').first().waitFor({ timeout: 30_000 });
    expect(await chart.locator('path[fill-opacity="0.25"]').count()).toBe(1); // the ±2σ band
    expect(await page.locator('xas-predict-panel [data-testid=absorber]').textContent()).toMatch(/^Cu K/);
    await expect.poll(() => page.locator('xas-predict-panel [data-testid=formula]').textContent()).toMatch(/^CuO \(Cu\d+O\d+, periodic\)/);
    expect(await page.locator('xas-predict-panel ul.sites li').first().textContent()).toMatch(/first shell 4 O at 1\.9\d Å/);
    expect((await page.locator('xas-predict-panel [data-testid=verdict]').textContent())!.trim()).toMatch(/^(ok|caution|unreliable)$/);
    await shot('predict.png');
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

  it('ran under the server\'s Content-Security-Policy without a single violation', () => {
    expect(pageCsp).toMatch(/script-src 'self'/);
    expect(pageCsp).toMatch(/frame-ancestors 'none'/);
    expect(violations).toEqual([]);
  });

  it.skipIf(SCREENSHOTS)('left the tracked screenshots in reports/ui/ untouched (issue 20, item 18)', () => {
    const after = new Map((existsSync(SHOTS) ? readdirSync(SHOTS) : []).map((f) => [f, statSync(join(SHOTS, f)).mtimeMs]));
    expect(after).toEqual(shotsBefore);
  });
});
