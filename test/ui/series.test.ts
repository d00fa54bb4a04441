/**
 * The Series tab in a real browser (playwright-core + Debian chromium) against the real server:
 * an Athena project of three Cu scans at 10, 50 and 150 K gives the first shell against
 * temperature, a 3 × 50 heat map and a table; the CSV and JSON downloads hold the same rows; the
 * 94-group CuHERFD project marks its flagged and unreadable scans in both charts and the table.
 * Skips (with a message) only when chromium is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('test/ui/series.test.ts: skipped — chromium not installed (apt-get install -y chromium)');
const PRJ = (f: string) => dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', f);
const SHOTS = join(REPO_ROOT, 'reports', 'ui');

let root: string;
let ctx: ServerContext;
let server: ServerType;
let browser: Browser;
let page: Page;

describe.skipIf(!CHROMIUM)('Series tab in chromium', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'xasinv-ui-series-'));
    mkdirSync(SHOTS, { recursive: true });
    await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: join(root, 'ui'), emptyOutDir: true } });
    ctx = await createServerContext({ modelsDir: MODELS_DIR, uiDir: join(root, 'ui'), port: 0 });
    const app = createApp(ctx);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.locator('xas-app #tab-series').click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await ctx?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('cu.prj: first shell against temperature, a 3 × 50 heat map, the table', async () => {
    await page.locator('xas-series-panel xas-file-drop input[type=file]').setInputFiles(PRJ('cu.prj'));
    await page.locator('xas-series-panel button.primary', { hasText: 'Analyse series' }).click();
    await expect.poll(() => page.locator('xas-series-panel [data-testid=series-summary]').textContent(), { timeout: 60_000 }).toMatch(/^Cu K: 3 spectra/);
    expect(await page.locator('xas-series-panel [data-testid=series-status]').textContent()).toMatch(/done 3\/3/);
    const shell = page.locator('xas-series-panel #shell-chart svg');
    expect(await shell.locator('circle.point, circle.flagged').count()).toBe(3);
    expect(await shell.locator('text', { hasText: 'temperature (K)' }).count()).toBe(1);
    expect(await page.locator('xas-series-panel #rdf-map svg g.column').count()).toBe(3);
    expect(await page.locator('xas-series-panel #rdf-map svg g.column rect').count()).toBe(150);
    expect(await page.locator('xas-series-panel tbody tr').count()).toBe(3);
    expect(await page.locator('xas-series-panel tbody tr').nth(1).textContent()).toMatch(/cu050k\.dat\s*50\.0/);
    await page.screenshot({ path: join(SHOTS, 'series-cu.png'), fullPage: true });
  }, 90_000);

  it('downloads the series as CSV (pseudo-RDF columns) and JSON', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('xas-series-panel button', { hasText: 'CSV' }).click()]);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n');
    expect(csv.suggestedFilename()).toBe('cu-series.csv');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.split(',').filter((h) => h.startsWith('g2_'))).toHaveLength(50);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('xas-series-panel button', { hasText: 'Download JSON' }).click()]);
    const result = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(result.rows.map((r: { label: string }) => r.label)).toEqual(['cu010k.dat', 'cu050k.dat', 'cu150k.dat']);
    expect(result.axis.kind).toBe('temperature');
  });

  it('a 94-group project marks flagged and unreadable scans in both charts and the table', async () => {
    await page.locator('xas-series-panel button', { hasText: 'Clear' }).click();
    await page.locator('xas-series-panel xas-file-drop input[type=file]').setInputFiles(PRJ('CuHERFD_samples.prj'));
    await page.locator('xas-series-panel button.primary', { hasText: 'Analyse series' }).click();
    await expect.poll(() => page.locator('xas-series-panel [data-testid=series-summary]').textContent(), { timeout: 60_000 }).toMatch(/^Cu K: 94 spectra/);
    const summary = (await page.locator('xas-series-panel [data-testid=series-summary]').textContent())!;
    const notAnalysed = Number(/(\d+) not analysed/.exec(summary)?.[1] ?? 0);
    const flagged = Number(/(\d+) flagged/.exec(summary)![1]);
    expect(notAnalysed).toBeGreaterThan(0);
    expect(flagged).toBeGreaterThan(notAnalysed);
    expect(await page.locator('xas-series-panel #shell-chart svg path.missing').count()).toBe(notAnalysed);
    expect(await page.locator('xas-series-panel #shell-chart svg circle.flagged').count()).toBe(flagged - notAnalysed);
    expect(await page.locator('xas-series-panel #rdf-map svg rect.flag').count()).toBe(flagged);
    expect(await page.locator('xas-series-panel #rdf-map svg g.column.missing').count()).toBe(notAnalysed);
    expect(await page.locator('xas-series-panel tbody tr.flagged').count()).toBe(flagged);
    expect(await page.locator('xas-series-panel tbody tr.flagged td').last().textContent()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'series-flagged.png'), fullPage: true });
  }, 90_000);
});
