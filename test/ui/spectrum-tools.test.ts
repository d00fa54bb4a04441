/**
 * Spectrum handling as Athena users expect it (issue 27), in a real browser (playwright-core +
 * Debian chromium) against the real server with the shipped models: an Athena group's own E0 and
 * ranges are offered and applied; an invalid normalisation range (found before sending, or refused
 * by the server) keeps the last result and marks the field; μ(E) and the lower chart zoom together
 * (XANES-window preset, brush, wheel, double-click); the derivative can be smoothed; structure →
 * spectrum on an absolute, calibrated energy axis with a measured spectrum over it; no numeric
 * trust score in any tab. Skips (with a message) only when chromium is not installed.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultForwardModelDir } from '../../src/forward/manifest.ts';
import { readCalibrations } from '../../src/screen/index.ts';
import type { ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { CHROMIUM, startUi, type UiServer } from '../helpers/ui-server.ts';

if (!CHROMIUM) console.warn('test/ui/spectrum-tools.test.ts: skipped — chromium not installed (apt-get install -y chromium)');

const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'Fe.prj');
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const CUO_POSCAR = dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR');
/** The line chart's SVG width and plot margins (src/ui/line-chart.ts). */
const SVG_WIDTH = 560;
const M = { top: 14, right: 16, bottom: 42, left: 58 };

let ui: UiServer;
let ctx: ServerContext;
let page: Page;

const spectrum = (sel: string) => page.locator(`xas-spectrum-panel ${sel}`);
const settings = (sel: string) => page.locator(`xas-spectrum-panel xas-norm-settings ${sel}`);

/** The x range a line chart draws (its SVG's data-x-domain). */
async function xDomain(chart: Locator): Promise<[number, number]> {
  const v = await chart.locator('svg').getAttribute('data-x-domain');
  const [a, b] = (v ?? '').split(',').map(Number);
  return [a!, b!];
}

/** The y coordinates (SVG units) of a drawn series' path. */
async function pathYs(chart: Locator, label: string): Promise<number[]> {
  const d = (await chart.locator(`svg path[data-label="${label}"]`).getAttribute('d')) ?? '';
  return (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number).filter((_, i) => i % 2 === 1);
}

/** Total variation of a drawn curve (sum of |Δy| in SVG units): how rough it is. */
const roughness = (ys: number[]): number => ys.slice(1).reduce((s, y, i) => s + Math.abs(y - ys[i]!), 0);

/** A point of a line chart's plot in page coordinates; fx, fy in [0, 1] across the plot area. */
async function plotPoint(chart: Locator, fx: number, fy: number): Promise<{ x: number; y: number }> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.locator('svg').boundingBox())!;
  const k = box.width / SVG_WIDTH;
  const plotHeight = 300 - M.top - M.bottom;
  return { x: box.x + k * (M.left + fx * (SVG_WIDTH - M.left - M.right)), y: box.y + k * (M.top + fy * plotHeight) };
}

describe.skipIf(!CHROMIUM)('spectrum handling as Athena users expect (issue 27)', () => {
  beforeAll(async () => {
    ui = await startUi('xasinv-ui-tools-');
    ({ ctx, page } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it("offers an Athena group's own E0 and ranges and applies them", async () => {
    await spectrum('xas-file-drop input[type=file]').setInputFiles(FE_PRJ);
    await expect.poll(() => spectrum('[data-testid=element]').textContent(), { timeout: 60_000 }).toMatch(/^Fe K/);
    await spectrum('p.busy').waitFor({ state: 'detached', timeout: 60_000 });
    const offer = settings('[data-testid=project-parameters]');
    // Fe.prj (an Fe foil) stores bkg_e0 7112 eV found on energies shifted by +5.81 eV, pre1 −150, pre2 −30, nor1 150, nor2 1756.45, nnorm 3.
    expect((await offer.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /Stored in the Athena project for this group: E0 7106\.19 eV \(Athena: bkg_e0 7112 eV on energies shifted by 5\.81 eV; the file's energies are not shifted here\), pre-edge -150…-30 eV, normalisation 150…1756\.45 eV\. Athena's normalisation order 3/,
    );
    expect(await settings('[data-testid=norm-state]').textContent()).toMatch(/^All defaults/);
    expect(await spectrum('[data-testid=e0]').textContent()).toMatch(/^[\d.]+ eV \(maximum of the derivative\)$/);
    await offer.locator('button', { hasText: "Use the project's parameters" }).click();
    await expect.poll(() => settings('[data-testid=norm-state]').textContent(), { timeout: 60_000 }).toMatch(/^The Athena project's parameters: e0, pre1, pre2, norm1, norm2\./);
    // E0 lands on the data point nearest the project's 7106.19 eV (as Larch's pre_edge places it).
    const e0 = (await spectrum('[data-testid=e0]').textContent())!.match(/^(\d+\.\d) eV \(the Athena project's\)$/);
    expect(e0).not.toBeNull();
    expect(Math.abs(Number(e0![1]) - 7106.19)).toBeLessThan(1);
    expect(Math.abs(Number(await settings('input[name=e0]').inputValue()) - 7106.19)).toBeLessThan(1);
    expect(await settings('input[name=pre2]').inputValue()).toBe('-30');
    const mu = spectrum('#mu-chart svg');
    await expect.poll(() => mu.locator('rect[data-label="pre-edge range E0−150…E0−30 eV"]').count()).toBe(1);
    await expect.poll(() => mu.locator('rect[data-label="normalisation range E0+150…E0+1756 eV"]').count()).toBe(1);
    // A file that is not a project offers nothing.
    await spectrum('xas-file-drop input[type=file]').setInputFiles(FE_XDI);
    await expect.poll(() => spectrum('dd').first().textContent(), { timeout: 60_000 }).toMatch(/^xdi/);
    expect(await settings('[data-testid=project-parameters]').count()).toBe(0);
  }, 120_000);

  it('an invalid normalisation range keeps the last result and marks the field', async () => {
    await spectrum('xas-file-drop input[type=file]').setInputFiles(FE_XDI);
    await expect.poll(() => spectrum('dd').first().textContent(), { timeout: 60_000 }).toMatch(/^xdi/);
    await spectrum('p.busy').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => settings('[data-testid=norm-state]').textContent()).toMatch(/^All defaults/);
    const muLine = async () => spectrum('#mu-chart svg path[data-label="μ(E)"]').getAttribute('d');
    const before = { mu: await muLine(), e0: await spectrum('[data-testid=e0]').textContent(), regions: await spectrum('#mu-chart svg rect[data-label^="pre-edge range"]').getAttribute('data-label') };
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => void requests.push(r.url());
    page.on('request', onRequest);
    // A pre-edge range given backwards: marked before any request.
    await settings('input[name=pre1]').fill('-20');
    await settings('input[name=pre2]').fill('-60');
    await settings('button[type=submit]').click();
    await expect.poll(() => settings('input[name=pre2]').getAttribute('aria-invalid')).toBe('true');
    expect(await settings('input[name=pre1]').getAttribute('aria-invalid')).toBe('false');
    expect(await settings('[data-testid=norm-problems]').textContent()).toMatch(/pre2: the pre-edge range must start before it ends \(pre1 -20 < pre2 -60 eV\)/);
    // E0 outside the data: that field instead.
    await settings('input[name=pre1]').fill('');
    await settings('input[name=pre2]').fill('');
    await settings('input[name=e0]').fill('100');
    await settings('button[type=submit]').click();
    await expect.poll(() => settings('input[name=e0]').getAttribute('aria-invalid')).toBe('true');
    expect(await settings('input[name=pre2]').getAttribute('aria-invalid')).toBe('false');
    expect(await settings('[data-testid=norm-problems]').textContent()).toMatch(/E0 \(eV\): E0 = 100 eV is outside the data/);
    page.off('request', onRequest);
    expect(requests.filter((u) => u.includes('/api/'))).toEqual([]);
    // Everything else stays: the charts, E0, the ranges, no error box.
    expect(await muLine()).toBe(before.mu);
    expect(await spectrum('[data-testid=e0]').textContent()).toBe(before.e0);
    expect(await spectrum('#mu-chart svg rect[data-label^="pre-edge range"]').getAttribute('data-label')).toBe(before.regions);
    expect(await spectrum('.error').count()).toBe(0);
    // Typing in the field clears its mark.
    await settings('input[name=e0]').fill('7120');
    expect(await settings('input[name=e0]').getAttribute('aria-invalid')).toBe('false');

    // A refusal of the server (here a post-edge range it cannot fit) keeps the last result as well and marks norm1.
    await page.route('**/api/inspect', (route) => route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INPUT_ERROR', message: 'post-edge range E0+900…E0+901 eV holds 1 point(s); a degree-2 polynomial needs 3 (lower nnorm or widen norm1/norm2)' } }) }));
    await settings('input[name=e0]').fill('');
    await settings('input[name=norm1]').fill('900');
    await settings('button[type=submit]').click();
    await expect.poll(() => settings('input[name=norm1]').getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    await spectrum('p.busy').waitFor({ state: 'detached' });
    await page.unroute('**/api/inspect');
    expect(await settings('[data-testid=norm-problems]').textContent()).toMatch(/norm1: post-edge range E0\+900…E0\+901 eV holds 1 point\(s\).*\(the last result is kept\)/);
    expect(await muLine()).toBe(before.mu);
    expect(await settings('[data-testid=norm-state]').textContent()).toMatch(/^All defaults/);
    expect(await spectrum('.error').count()).toBe(0);
    // Settings that work replace the result and clear the marks.
    await settings('input[name=norm1]').fill('60');
    await settings('button[type=submit]').click();
    await expect.poll(() => settings('[data-testid=norm-state]').textContent(), { timeout: 60_000 }).toMatch(/^Set by you: norm1;/);
    await expect.poll(() => spectrum('#mu-chart svg rect[data-label^="normalisation range E0+60…"]').count(), { timeout: 60_000 }).toBe(1);
    expect(await settings('[data-testid=norm-problems]').count()).toBe(0);
    expect(await settings('input[aria-invalid=true]').count()).toBe(0);
  }, 120_000);

  it('μ(E) and the normalised spectrum zoom together: XANES window, brush, wheel, double-click', async () => {
    await spectrum('p.busy').waitFor({ state: 'detached', timeout: 60_000 });
    const mu = spectrum('#mu-chart');
    const norm = spectrum('#norm-chart');
    const e0 = Number((await spectrum('[data-testid=e0]').textContent())!.match(/^([\d.]+) eV/)![1]);
    const full = await xDomain(mu);
    expect(await spectrum('[data-testid=zoom-state]').textContent()).toMatch(/^default ranges/);
    // The preset: E0 − 30 … E0 + 80 eV on both charts.
    await spectrum('[data-testid=xanes-window]').click();
    for (const chart of [mu, norm]) {
      const [a, b] = await xDomain(chart);
      expect(a).toBeCloseTo(e0 - 30, 0);
      expect(b).toBeCloseTo(e0 + 80, 0);
    }
    expect(await spectrum('[data-testid=zoom-state]').textContent()).toMatch(/^showing \d+\.\d…\d+\.\d eV/);
    // Brush across the middle fifth of μ(E)'s plot: both charts show that range.
    const [a0, b0] = await xDomain(mu);
    const from = await plotPoint(mu, 0.4, 0.5);
    const to = await plotPoint(mu, 0.6, 0.5);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, from.y, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await xDomain(mu))[1] - (await xDomain(mu))[0]).toBeLessThan((b0 - a0) * 0.3);
    const brushed = await xDomain(mu);
    expect(brushed[0]).toBeCloseTo(a0 + 0.4 * (b0 - a0), 0);
    expect(brushed[1]).toBeCloseTo(a0 + 0.6 * (b0 - a0), 0);
    expect(await xDomain(norm)).toEqual(brushed);
    // The wheel over the normalised plot zooms out around the pointer (on both charts).
    const mid = await plotPoint(norm, 0.5, 0.5);
    await page.mouse.move(mid.x, mid.y);
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => (await xDomain(norm))[1] - (await xDomain(norm))[0]).toBeGreaterThan(brushed[1] - brushed[0] + 1);
    expect(await xDomain(mu)).toEqual(await xDomain(norm));
    // Double-click: back to the default ranges.
    await page.mouse.dblclick(mid.x, mid.y);
    await expect.poll(() => spectrum('[data-testid=zoom-state]').textContent()).toMatch(/^default ranges/);
    expect(await xDomain(mu)).toEqual(full);
  }, 60_000);

  it('the derivative can be smoothed, drawn over the raw one', async () => {
    await spectrum('input[type=radio][value=derivative]').check();
    const chart = spectrum('#derivative-chart');
    await chart.locator('svg path[data-label="dμ/dE (normalised)"]').waitFor();
    expect(await chart.locator('svg path[data-label^="smoothed"]').count()).toBe(0);
    const smoothing = spectrum('select[aria-label="Derivative smoothing (Gaussian FWHM, eV)"]');
    expect(await smoothing.locator('option').allTextContents()).toEqual(['none', 'Gaussian 0.5 eV', 'Gaussian 1 eV', 'Gaussian 2 eV', 'Gaussian 4 eV']);
    await smoothing.selectOption('2');
    await chart.locator('svg path[data-label="smoothed: Gaussian, FWHM 2 eV"]').waitFor();
    expect(await chart.locator('h3').textContent()).toMatch(/smoothed \(Gaussian FWHM 2 eV\)/);
    // Smoothing makes the curve less rough, more so with a wider Gaussian.
    const raw = roughness(await pathYs(chart, 'dμ/dE (normalised)'));
    const two = roughness(await pathYs(chart, 'smoothed: Gaussian, FWHM 2 eV'));
    await smoothing.selectOption('4');
    await chart.locator('svg path[data-label="smoothed: Gaussian, FWHM 4 eV"]').waitFor();
    const four = roughness(await pathYs(chart, 'smoothed: Gaussian, FWHM 4 eV'));
    expect(two).toBeLessThan(raw * 0.9);
    expect(four).toBeLessThan(two);
    await spectrum('input[type=radio][value=norm]').check();
  }, 60_000);

  it('structure → spectrum on an absolute, calibrated energy axis with a measured spectrum over it', async (t) => {
    if (!ctx.forward) return t.skip();
    await page.locator('xas-app #tab-predict').click();
    const panel = (sel: string) => page.locator(`xas-predict-panel ${sel}`);
    await panel('#structure-drop input[type=file]').setInputFiles(CUO_POSCAR);
    const chart = panel('#predict-chart');
    await chart.locator('svg path').first().waitFor({ timeout: 60_000 });
    const rel = await xDomain(chart);
    expect(rel[0]).toBeLessThan(0);
    // Cu has a theory → experiment calibration (models/forward/*/experiment-calibration.json): E = 8979 + offset + E_rel.
    const off = readCalibrations(defaultForwardModelDir())!['Cu']!.offsetEv;
    const text = (await panel('[data-testid=absolute-axis]').textContent())!;
    const m = text.match(/^calibrated: E = 8979\.0 \+ ([\d.]+) eV \+ E_rel, the Cu theory → experiment calibration the ranking uses \(fitted on \d+ measured references/);
    expect(m, text).not.toBeNull();
    expect(Math.abs(Number(m![1]) - off)).toBeLessThan(0.006);
    await panel('input[type=radio][value=absolute]').check();
    await expect.poll(async () => (await xDomain(chart))[0]).toBeGreaterThan(8900);
    const abs = await xDomain(chart);
    expect(abs[0]).toBeCloseTo(8979 + off + rel[0], 3);
    expect(abs[1]).toBeCloseTo(8979 + off + rel[1], 3);
    expect(await chart.locator('svg text', { hasText: 'Energy (eV), calibrated' }).count()).toBe(1);
    const edgeLabel = await chart.locator('svg [data-label^="edge "][data-label$=" eV (calibrated)"]').first().getAttribute('data-label');
    expect(Number(edgeLabel!.match(/^edge ([\d.]+) eV/)![1])).toBeCloseTo(8979 + off, 0);
    // A measured tenorite spectrum over the prediction, as measured on the absolute axis.
    await panel('#overlay-drop input[type=file]').setInputFiles(CU_XDI);
    const measured = chart.locator('svg path[data-label^="measured: CuO_tenorite_13K_01.xdi"]');
    await measured.waitFor({ timeout: 60_000 });
    expect(await panel('[data-testid=overlay-note]').textContent()).toMatch(/^Measured CuO_tenorite_13K_01\.xdi: normalised μ\(E\) \(E0 \d+\.\d eV, edge step [\d.e+-]+\) on the absolute axis as measured, the calibrated alignment\./);
    expect(await xDomain(chart)).toEqual(abs);
    // Back on the relative axis the measurement moves with it: at E − (8979 + offset) eV.
    await panel('input[type=radio][value=relative]').check();
    await expect.poll(async () => (await xDomain(chart))[0]).toBeLessThan(0);
    const note = (await panel('[data-testid=overlay-note]').textContent())!;
    const at = note.match(/on the relative axis at \(E − ([\d.]+) eV\)/);
    expect(at, note).not.toBeNull();
    expect(Math.abs(Number(at![1]) - (8979 + off))).toBeLessThan(0.006);
    await measured.waitFor();
    await page.locator('xas-predict-panel button', { hasText: 'Remove CuO_tenorite_13K_01.xdi' }).click();
    await measured.waitFor({ state: 'detached' });
    // A file that is not a spectrum: one error line, the prediction stays.
    await panel('#overlay-drop input[type=file]').setInputFiles({ name: 'junk.xdi', mimeType: 'text/plain', buffer: Buffer.from('not a spectrum\n') });
    await expect.poll(() => panel('.error').textContent(), { timeout: 30_000 }).toMatch(/^Measured spectrum: .*junk\.xdi/);
    expect(await chart.locator('svg path[fill-opacity="0.25"]').count()).toBe(1);
    // A spectrum of another element is read as what it is, and the note says so.
    await panel('#overlay-drop input[type=file]').setInputFiles(FE_XDI);
    await expect.poll(() => panel('[data-testid=overlay-note]').textContent(), { timeout: 30_000 }).toMatch(/Note: the measured spectrum reads as Fe K, not Cu K\./);
    expect(await panel('.error').count()).toBe(0);
  }, 120_000);

  it('shows no numeric trust score in any tab, and says why once', async () => {
    for (const tab of ['spectrum', 'predict']) {
      await page.locator(`xas-app #tab-${tab}`).click();
      const host = page.locator(`xas-${tab}-panel`);
      expect(await host.locator('[data-testid=trust-score]').count(), tab).toBe(0);
      expect(await host.locator('text=/Trust score/').count(), tab).toBe(0);
      expect(await host.locator('[data-testid=verdict-meaning]').textContent(), tab).toMatch(/No numeric score is shown: the tabs run different checks/);
    }
  });
});
