/**
 * The Series tab in a real browser (playwright-core + Debian chromium) against the real server:
 * an Athena project of three Cu scans at 10, 50 and 150 K gives the first shell against
 * temperature, a 3 × 50 heat map and a table; the CSV and JSON downloads hold the same rows; the
 * 94-group CuHERFD project marks its flagged and unreadable scans, and its caution ones, in both
 * charts and the table; spectra without time or temperature are plotted against the index with
 * whole-number ticks; the first-shell axis spans at least 0.1 Å; the heat map's x axis is the
 * series axis; at 390 px the table scrolls inside its card. Screenshots go to reports/ui/ only with
 * XASINV_SCREENSHOTS=1. Skips (with a message) only when chromium is not installed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { dataPath } from '../helpers/data.ts';
import { CHROMIUM, startUi, type UiServer } from '../helpers/ui-server.ts';

if (!CHROMIUM) console.warn('test/ui/series.test.ts: skipped — chromium not installed (apt-get install -y chromium)');
const PRJ = (f: string) => dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', f);
const SHOTS = join(REPO_ROOT, 'reports', 'ui');
/** Screenshots are written only on request (they are tracked files). */
const SCREENSHOTS = process.env.XASINV_SCREENSHOTS === '1';
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');

let ui: UiServer;
let page: Page;

describe.skipIf(!CHROMIUM)('Series tab in chromium', () => {
  beforeAll(async () => {
    if (SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });
    ui = await startUi('xasinv-ui-series-', { acceptDownloads: true });
    ({ page } = ui);
    await page.locator('xas-app #tab-series').click();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('cu.prj: first shell against temperature, a 3 × 50 heat map, the table', async () => {
    await page.locator('xas-series-panel xas-file-drop input[type=file]').setInputFiles(PRJ('cu.prj'));
    await page.locator('xas-series-panel button.primary', { hasText: 'Analyse series' }).click();
    await expect.poll(() => page.locator('xas-series-panel [data-testid=series-summary]').textContent(), { timeout: 60_000 }).toMatch(/^Cu K: 3 spectra/);
    expect(await page.locator('xas-series-panel [data-testid=series-status]').textContent()).toMatch(/done 3\/3/);
    const shell = page.locator('xas-series-panel #shell-chart svg');
    expect(await shell.locator('circle.point, circle.caution, circle.flagged').count()).toBe(3);
    expect(await shell.locator('text', { hasText: 'temperature (K)' }).count()).toBe(1);
    expect(await page.locator('xas-series-panel #rdf-map svg g.column').count()).toBe(3);
    expect(await page.locator('xas-series-panel #rdf-map svg g.column rect').count()).toBe(150);
    expect(await page.locator('xas-series-panel tbody tr').count()).toBe(3);
    expect(await page.locator('xas-series-panel tbody tr').nth(1).textContent()).toMatch(/cu050k\.dat\s*50\.0/);
    // No numeric trust score; the verdict's meaning as in every tab.
    expect(await page.locator('xas-series-panel [data-testid=verdict-meaning]').textContent()).toMatch(/No numeric score is shown: the tabs run different checks/);
    expect(await page.locator('xas-series-panel thead th').allTextContents()).not.toContain('score');
    // The heat map's x axis is the series axis: its title and the columns' temperatures.
    const map = page.locator('xas-series-panel #rdf-map svg');
    expect(await map.locator('text', { hasText: /^temperature \(K\) · one column per spectrum, in series order/ }).count()).toBe(1);
    expect(await map.locator('g.x-axis g.tick text').allTextContents()).toEqual(['10', '50', '150']);
    // The first-shell axis spans at least 0.1 Å, however little the scans differ.
    const [y0, y1] = (await shell.getAttribute('data-y-domain'))!.split(',').map(Number);
    expect(y1! - y0!).toBeGreaterThanOrEqual(0.1 - 1e-9);
    if (SCREENSHOTS) await page.screenshot({ path: join(SHOTS, 'series-cu.png'), fullPage: true });
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
    // Caution rows are marked as well (amber), with their reason, in the table and both charts.
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('xas-series-panel button', { hasText: 'Download JSON' }).click()]);
    const rows = (JSON.parse(readFileSync((await json.path())!, 'utf8')) as { rows: { flagged: boolean; verdict: string; firstShell: { r: number | null } }[] }).rows;
    const caution = rows.filter((r) => !r.flagged && r.verdict === 'caution').length;
    expect(caution).toBeGreaterThan(0);
    expect(await page.locator('xas-series-panel tbody tr.caution').count()).toBe(caution);
    expect(await page.locator('xas-series-panel tbody tr.caution td').last().textContent()).not.toBe('');
    expect(await page.locator('xas-series-panel #shell-chart svg circle.caution').count()).toBe(caution);
    expect(await page.locator('xas-series-panel #rdf-map svg rect.caution').count()).toBe(caution);
    if (SCREENSHOTS) await page.screenshot({ path: join(SHOTS, 'series-flagged.png'), fullPage: true });
  }, 90_000);

  it('at 390 px the table scrolls inside its card; the page does not overflow', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const box = await page.locator('xas-series-panel table').evaluate((table) => {
        const card = table.parentElement!;
        return { scroll: card.scrollWidth, client: card.clientWidth, overflow: getComputedStyle(card).overflowX };
      });
      expect(box.scroll).toBeGreaterThan(box.client);
      expect(box.overflow).toBe('auto');
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('spectra without time or temperature: the index axis has whole-number ticks; a flat first shell gets a 0.1 Å axis', async () => {
    // The same measured spectrum three times as plain columns: nothing says when or how hot, and the first shell cannot change.
    const cu = prepareMeasured(CU_XDI).spectrum;
    const columns = Array.from(cu.energyEv, (e, i) => `${e} ${cu.mu[i]}`).join('\n');
    await page.locator('xas-series-panel button', { hasText: 'Clear' }).click();
    await page.locator('xas-series-panel xas-file-drop input[type=file]').setInputFiles(['a', 'b', 'c'].map((k) => ({ name: `cuo-${k}.dat`, mimeType: 'text/plain', buffer: Buffer.from(columns) })));
    await page.locator('xas-series-panel select[aria-label="Absorbing element"]').selectOption('Cu');
    await page.locator('xas-series-panel button.primary', { hasText: 'Analyse series' }).click();
    await expect.poll(() => page.locator('xas-series-panel [data-testid=series-summary]').textContent(), { timeout: 60_000 }).toMatch(/^Cu K: 3 spectra/);
    const shell = page.locator('xas-series-panel #shell-chart svg');
    const xTicks = (await shell.locator('g').first().locator('g.tick text').allTextContents()).map(Number);
    expect(xTicks.length).toBeGreaterThan(1);
    expect(xTicks.every((v) => Number.isInteger(v))).toBe(true);
    const [y0, y1] = (await shell.getAttribute('data-y-domain'))!.split(',').map(Number);
    expect(y1! - y0!).toBeGreaterThanOrEqual(0.1 - 1e-9);
    const r = Number((await page.locator('xas-series-panel tbody tr').first().locator('td').nth(4).textContent())!.split(' ± ')[0]);
    expect(r).toBeGreaterThan(y0!);
    expect(r).toBeLessThan(y1!);
    // The heat map: the index on its axis.
    expect(await page.locator('xas-series-panel #rdf-map svg g.x-axis g.tick text').allTextContents()).toEqual(['0', '1', '2']);
  }, 90_000);
});
