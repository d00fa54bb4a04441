/**
 * The Rank tab against the shipped candidate library (issue 24, item 4) and the rank table and
 * narrow-screen layout of issue 27, in a real browser (playwright-core + Debian chromium) against
 * the real server with the shipped models and libraries: with no candidate files and no pool the
 * tab says which library it ranks and how many structures it holds (from GET /api/models), runs
 * the job with a progress bar, and the table shows one broadening line above it, ids on one line,
 * Materials Project ids as links, 3 significant digits, the name and source of library entries; an
 * element without a library asks for files; at 390 px the tabs wrap and the table scrolls inside
 * its card instead of the page overflowing. Skips (with a message) only when chromium is not
 * installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/server/index.ts';
import type { LibraryInfo } from '../../src/ui/api.ts';
import { dataPath } from '../helpers/data.ts';
import { CHROMIUM, startUi, type UiServer } from '../helpers/ui-server.ts';

if (!CHROMIUM) console.warn('test/ui/rank-library.test.ts: skipped — chromium not installed (apt-get install -y chromium)');

const CO_XDI = dataPath('experimental', 'xaslib', 'Co', 'co_metal_rt.xdi');
const ZN_DIR = dataPath('experimental', 'xaslib', 'Zn');
const SE_DIR = dataPath('experimental', 'xaslib', 'Se');
const CUO_POSCAR = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR');
const MP_PAGE = /^https:\/\/next-gen\.materialsproject\.org\/materials\/mp-\d+$/;

let ui: UiServer;
let ctx: ServerContext;
let page: Page;
let origin: string;
let libraries: LibraryInfo[];

const rank = (sel: string) => page.locator(`xas-rank-panel ${sel}`);

/** Significant digits of a number as written (leading zeros, sign, point and exponent left out). */
const significant = (text: string): number => text.replace(/e[+-]?\d+$/, '').replace(/^[-−]/, '').replace('.', '').replace(/^0+/, '').length;

/** Uploads a spectrum in the Spectrum tab and waits for its element. */
async function chooseSpectrum(file: string, element: RegExp): Promise<void> {
  await page.locator('xas-app #tab-spectrum').click();
  await page.locator('xas-spectrum-panel xas-file-drop input[type=file]').setInputFiles(file);
  await expect.poll(() => page.locator('xas-spectrum-panel [data-testid=element]').textContent(), { timeout: 60_000 }).toMatch(element);
  await page.locator('xas-spectrum-panel p.busy').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('xas-app #tab-rank').click();
}

describe.skipIf(!CHROMIUM)('the Rank tab against the shipped library; the rank table; 390 px', () => {
  beforeAll(async () => {
    ui = await startUi('xasinv-ui-library-', { acceptDownloads: true });
    ({ ctx, page } = ui);
    origin = ui.origin;
    libraries = ((await (await fetch(`${origin}/api/models`)).json()) as { libraries: LibraryInfo[] }).libraries;
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it("with no files and no pool, ranks the absorber's library: says which and how big, follows the job", async (t) => {
    if (!ctx.forward) return t.skip();
    const co = libraries.find((l) => l.absorber === 'Co');
    expect(co, 'models/library/Co is shipped').toBeDefined();
    await chooseSpectrum(CO_XDI, /^Co K/);
    const sources = Object.entries(co!.sources).sort((a, b) => b[1] - a[1]).map(([db, n]) => `${db} ${n}`).join(', ');
    expect(await rank('[data-testid=rank-source]').textContent()).toBe(`Ranking against the Co library (${co!.structures} structures: ${sources}). Add structure files to rank those instead.`);
    expect(await rank('xas-file-drop p').textContent()).toMatch(/optional/);
    // The job's progress as the server reported it to the UI.
    const seen: { done: number; total: number; status: string }[] = [];
    page.on('response', async (r) => {
      if (!/\/api\/(rank|jobs\/[^/]+)$/.test(new URL(r.url()).pathname) || r.request().method() === 'DELETE') return;
      const j = (await r.json().catch(() => null)) as { status?: string; progress?: { done: number; total: number } } | null;
      if (j?.progress && j.status) seen.push({ ...j.progress, status: j.status });
    });
    const button = rank('button.primary');
    expect(await button.isEnabled()).toBe(true);
    await button.click();
    await expect.poll(() => rank('[data-testid=job-status]').textContent(), { timeout: 120_000 }).toMatch(new RegExp(`^done ${co!.structures}/${co!.structures}`));
    expect(await rank('progress').getAttribute('max')).toBe(String(co!.structures));
    expect(seen[0]!.status).toMatch(/queued|running/); // a job (202), followed to the end
    expect(seen.at(-1)).toMatchObject({ done: co!.structures, total: co!.structures, status: 'done' });
    await expect.poll(() => rank('h2').nth(1).textContent()).toMatch(new RegExp(`^${co!.structures} candidates of the Co library ranked by `));
    // The verdict without a number, and the same sentence on what it means as every tab.
    expect(await rank('[data-testid=verdict-meaning]').textContent()).toMatch(/No numeric score is shown: the tabs run different checks/);
    expect(await page.locator('xas-rank-panel').locator('text=/Trust score/').count()).toBe(0);
  }, 180_000);

  it('the table: one broadening line above it, ids on one line, Materials Project links, 3 significant digits, name and source', async (t) => {
    if (!ctx.forward) return t.skip();
    const table = rank('xas-rank-table');
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.replace(/ [▲▼]$/, ''));
    expect(headers).toContain('name');
    expect(headers).toContain('source');
    expect(headers).not.toContain('broadening (eV)');
    const broadening = rank('[data-testid=broadening]');
    expect(await broadening.textContent()).toMatch(/^Broadening \(one for every candidate(, the best of \d+ for this measurement)?\): (Lorentzian Γ = \d\.\d\d \+ \d\.\d{3}·\(E − E0\) eV(, Gaussian \d\.\d\d eV)?|Gaussian \d\.\d\d eV|none)\.$/);
    expect((await broadening.boundingBox())!.y).toBeLessThan((await table.boundingBox())!.y);
    expect(await rank('[data-testid=library-sources]').textContent()).toMatch(/^Library entries by source: Materials Project \d+ \(CC-BY-4\.0\), AMCSD \d+ \(free for scientific use with attribution\)/);
    const rows = table.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBe(50); // the first page
    // Every Materials Project id is a link to its page, opening in a new tab; no other id is.
    const ids = await table.locator('td[data-col=id]').allTextContents();
    const links = table.locator('td[data-col=id] a');
    expect(await links.count()).toBe(ids.filter((id) => /^mp-\d+$/.test(id)).length);
    expect(await links.count()).toBeGreaterThan(0);
    for (const a of await links.all()) {
      expect(await a.getAttribute('href')).toMatch(MP_PAGE);
      expect(await a.getAttribute('href')).toBe(`https://next-gen.materialsproject.org/materials/${await a.textContent()}`);
      expect(await a.getAttribute('target')).toBe('_blank');
      expect(await a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    // Ids stay on one line: the text of each id cell lies on a single line box.
    const lines = await table.locator('td[data-col=id]').evaluateAll((tds) =>
      tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      }),
    );
    expect(lines.length).toBe(n);
    expect(lines.filter((k) => k !== 1)).toEqual([]);
    // 3 significant digits in every number of the score, R-factor and shift columns.
    const numbers = [...(await table.locator('td[data-col=score]').allTextContents()).flatMap((s) => s.split(' ± ')), ...(await table.locator('td[data-col=rFactor]').allTextContents()), ...(await table.locator('td[data-col=shift]').allTextContents())].filter((s) => s !== '—');
    expect(numbers.length).toBeGreaterThan(100);
    expect(numbers.filter((s) => significant(s) > 3)).toEqual([]);
    // Names where they say more than the formula (minerals), the source database of every entry.
    const names = await table.locator('td[data-col=name]').allTextContents();
    const formulas = await table.locator('td[data-col=formula]').allTextContents();
    expect(names.every((name, i) => name === '' || name !== formulas[i])).toBe(true);
    for (const s of await table.locator('td[data-col=source]').allTextContents()) expect(['Materials Project', 'AMCSD', 'xasinv', 'COD', 'other']).toContain(s);
    expect(await table.locator('td[data-col=source]').first().getAttribute('title')).toMatch(/ · licence: /);
    // The JSON keeps each entry's name and source.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('xas-rank-panel button', { hasText: 'Download JSON' }).click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.candidates[0].source).toEqual({ database: expect.any(String), databaseId: expect.anything(), file: expect.any(String), licence: expect.any(String) });
    expect(typeof json.candidates[0].name).toBe('string');
  }, 60_000);

  it('an element without a shipped library asks for structure files; a FEFF library says uploads cannot be ranked', async () => {
    const se = readdirSync(SE_DIR).filter((f) => f.endsWith('.xdi')).sort();
    expect(se.length).toBeGreaterThan(0);
    expect(libraries.find((l) => l.absorber === 'Se')).toBeUndefined();
    await chooseSpectrum(join(SE_DIR, se[0]!), /^Se K/);
    expect(await rank('[data-testid=rank-source]').textContent()).toBe('No shipped candidate library for Se: add structure files.');
    expect(await rank('button.primary').isEnabled()).toBe(false);
    // Zn has no forward model: its library holds the project's FEFF10 spectra.
    expect(libraries.find((l) => l.absorber === 'Zn')?.spectra).toBe('feff');
    const files = readdirSync(ZN_DIR).filter((f) => f.endsWith('.xdi')).sort();
    await chooseSpectrum(join(ZN_DIR, files[0]!), /^Zn K/);
    expect(await rank('[data-testid=rank-source]').textContent()).toMatch(/^Ranking against the FEFF10 spectra of the Zn library \(\d+ structures: .*\)\. No forward model covers Zn yet, so uploaded Zn structures cannot be ranked\.$/);
    expect(await rank('button.primary').isEnabled()).toBe(true);
  }, 60_000);

  it('the Elements tab lists what each element supports, as xasinv models does', async () => {
    await page.locator('xas-app #tab-elements').click();
    const table = page.locator('xas-support-panel [data-testid=support-table]');
    await table.waitFor();
    const head = await table.locator('th').allTextContents();
    expect(head[0]).toBe('element');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const byEl = Object.fromEntries(rows.map((r) => [r[0], r]));
    for (const el of ['Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn']) expect(byEl[el], el).toHaveLength(head.length);
    expect(byEl['Zn']![head.indexOf('library')]).toMatch(/^\d+ structures \(FEFF10 spectra\)$/);
    expect(byEl['Fe']![head.indexOf('pseudo-RDF (1st shell, held-out / measured)')]).toMatch(/Å/);
    expect(await page.locator('xas-support-panel p.caption').last().textContent()).toMatch(/η = median squared error/);
  }, 60_000);

  it('390 px wide: the tabs wrap, the rank table scrolls inside its card, no tab overflows the page', async (t) => {
    if (!ctx.forward) return t.skip();
    await chooseSpectrum(CO_XDI, /^Co K/);
    await rank('button.primary').click();
    await expect.poll(() => rank('[data-testid=job-status]').textContent(), { timeout: 120_000 }).toMatch(/^done /);
    await rank('xas-rank-table tbody tr').first().waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    // The tabs wrap onto more than one line, each within the width.
    const tabs = await page.locator('xas-app [role=tab]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), right: r.right })));
    expect(new Set(tabs.map((r) => r.top)).size).toBeGreaterThan(1);
    expect(Math.max(...tabs.map((r) => r.right))).toBeLessThanOrEqual(390);
    // The table is wider than the screen and scrolls inside its card.
    const scroll = rank('xas-rank-table .table-scroll');
    const box = await scroll.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right }));
    expect(box.scroll).toBeGreaterThan(box.client);
    expect(box.overflow).toBe('auto');
    expect(box.right).toBeLessThanOrEqual(390);
    // A prediction in the structure tab, to have something there too.
    await page.locator('xas-app #tab-predict').click();
    await page.locator('xas-predict-panel #structure-drop input[type=file]').setInputFiles(CUO_POSCAR);
    await page.locator('xas-predict-panel #predict-chart svg path').first().waitFor({ timeout: 60_000 });
    for (const tab of ['rank', 'spectrum', 'predict', 'series']) {
      await page.locator(`xas-app #tab-${tab}`).click();
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 180_000);

  it("the Predict tab answers a ZnO CIF (no forward model covers Zn) with the library's FEFF10 spectrum of ZnO, said as such, without a σ band", async (t) => {
    if (!ctx.forward) return t.skip();
    await page.locator('xas-app #tab-predict').click();
    await page.locator('xas-predict-panel #structure-drop input[type=file]').setInputFiles(dataPath('structures', 'larch-struct2xas', 'ZnO_mp-2133.cif'));
    await expect.poll(() => page.locator('xas-predict-panel [data-testid=same-phase]').textContent(), { timeout: 60_000 }).toMatch(/no forward model covers Zn: the stored FEFF10 spectrum .* \(ZnO_mp-2133, .*\), the same phase \(same formula, G2 cosine 1\.000\); σ not estimated/);
    expect(await page.locator('xas-predict-panel [data-testid=absorber]').textContent()).toMatch(/^Zn K/);
    expect(await page.locator('xas-predict-panel #predict-chart').getAttribute('heading')).toMatch(/^FEFF10 Zn K-edge XANES of .* \(library\)/);
    await page.locator('xas-predict-panel #predict-chart svg path').first().waitFor({ timeout: 30_000 });
    expect((await page.locator('xas-predict-panel [data-testid=verdict]').textContent())!.trim()).toBe('caution');
  }, 120_000);
});
