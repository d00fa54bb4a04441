/**
 * ChartElement (src/ui/chart-base.ts) in a real browser (playwright-core + Debian chromium): a probe
 * chart built here, and the three charts that extend it, bundled by Vite from an entry written by
 * this test and served on a fake origin. The "SVG" button saves `file-name` with exactly the
 * standalone text of the drawn SVG; every update clears the SVG and redraws it over one white
 * background; resizing the element scales the drawing (fixed viewBox) without redrawing it.
 * Skips (with a message) only when chromium is not installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('test/ui/chart-base.test.ts: skipped — chromium not installed (apt-get install -y chromium)');

const ui = (file: string) => JSON.stringify(join(REPO_ROOT, 'src', 'ui', file));
/** The page's script: a probe chart that draws one circle per point and counts its draws, and the real charts. */
const ENTRY = `
import { ChartElement } from ${ui('chart-base.ts')};
import { svgText } from ${ui('download.ts')};
import ${ui('line-chart.ts')};
import ${ui('shell-chart.ts')};
import ${ui('heat-map.ts')};
class ProbeChart extends ChartElement {
  static properties = { points: { attribute: false } };
  constructor() { super('Probe', 'probe.svg'); this.points = []; this.draws = 0; }
  draw(svg, background) {
    this.draws++;
    background.attr('data-probe', 'background');
    this.points.forEach((p, i) => svg.append('circle').attr('cx', 20 + 40 * i).attr('cy', p).attr('r', 4));
  }
}
customElements.define('probe-chart', ProbeChart);
window.svgText = svgText;
window.ready = true;
`;
const ORIGIN = 'http://charts.test';

let browser: Browser;
let page: Page;

/** Adds `html` (one element) to the page's body. */
async function mount(html: string): Promise<void> {
  await page.evaluate((h) => document.body.insertAdjacentHTML('beforeend', h), html);
}

/** Clicks the chart's "SVG" button: the saved file's name and text, and the standalone text of the drawn SVG. */
async function downloadSvg(host: Locator): Promise<{ name: string; text: string; expected: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), host.locator('button', { hasText: 'SVG' }).click()]);
  const expected = await host.evaluate((h) => (window as unknown as { svgText: (s: SVGSVGElement) => string }).svgText(h.shadowRoot!.querySelector('svg')!));
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8'), expected };
}

describe.skipIf(!CHROMIUM)('ChartElement in chromium', () => {
  beforeAll(async () => {
    const out = (await build({
      configFile: false,
      logLevel: 'silent',
      root: REPO_ROOT,
      plugins: [{ name: 'chart-base-entry', resolveId: (id) => (id === 'virtual:entry' ? '\0entry' : null), load: (id) => (id === '\0entry' ? ENTRY : null) }],
      build: { write: false, minify: false, rollupOptions: { input: 'virtual:entry' } },
    })) as Rollup.RollupOutput;
    const code = out.output[0].code;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 800 }, acceptDownloads: true });
    await page.route(`${ORIGIN}/**`, (route) =>
      route.request().url().endsWith('/entry.js')
        ? route.fulfill({ contentType: 'text/javascript', body: code })
        : route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><body><script type="module" src="/entry.js"></script></body></html>' }),
    );
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the SVG button saves the drawn SVG as standalone text under the default file name, then under file-name', async () => {
    await mount('<probe-chart id="p1"></probe-chart>');
    const host = page.locator('#p1');
    await host.evaluate(async (h) => {
      Object.assign(h, { points: [30, 60, 90] });
      await (h as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    });
    expect(await host.locator('h3').textContent()).toBe('Probe');
    expect(await host.locator('button').getAttribute('aria-label')).toBe('Download Probe as SVG');
    const first = await downloadSvg(host);
    expect(first.name).toBe('probe.svg');
    expect(first.text).toBe(first.expected);
    expect(first.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg[^>]*viewBox="0 0 560 300"[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(first.text.match(/<circle /g)).toHaveLength(3);
    await host.evaluate((h) => h.setAttribute('file-name', 'x-probe.svg'));
    const second = await downloadSvg(host);
    expect(second.name).toBe('x-probe.svg');
    expect(second.text).toBe(first.text);
  });

  it('every update clears the SVG and redraws it over one white background', async () => {
    await mount('<probe-chart id="p2"></probe-chart>');
    const host = page.locator('#p2');
    const state = () =>
      host.evaluate((h) => {
        const svg = h.shadowRoot!.querySelector('svg')!;
        const first = svg.firstElementChild!;
        return { draws: (h as unknown as { draws: number }).draws, children: svg.children.length, circles: svg.querySelectorAll('circle').length, first: [first.tagName, first.getAttribute('width'), first.getAttribute('height'), first.getAttribute('fill'), first.getAttribute('data-probe')] };
      });
    expect(await state()).toEqual({ draws: 1, children: 1, circles: 0, first: ['rect', '560', '300', '#fff', 'background'] });
    await host.evaluate(async (h) => {
      Object.assign(h, { points: [10, 20, 30, 40] });
      await (h as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    });
    expect(await state()).toEqual({ draws: 2, children: 5, circles: 4, first: ['rect', '560', '300', '#fff', 'background'] });
    await host.evaluate(async (h) => {
      Object.assign(h, { points: [50], heading: 'Probe again' });
      await (h as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    });
    expect(await state()).toEqual({ draws: 3, children: 2, circles: 1, first: ['rect', '560', '300', '#fff', 'background'] });
    expect(await host.locator('svg').getAttribute('aria-label')).toBe('Probe again');
  });

  it('resizing the element scales the drawing (fixed viewBox) without redrawing it', async () => {
    await mount('<probe-chart id="p3" style="width: 600px"></probe-chart>');
    const host = page.locator('#p3');
    await host.evaluate((h) => Object.assign(h, { points: [30] }));
    const size = () => host.evaluate((h) => ({ draws: (h as unknown as { draws: number }).draws, box: h.shadowRoot!.querySelector('svg')!.getBoundingClientRect().toJSON() as DOMRect, host: h.clientWidth }));
    const before = await size();
    await host.evaluate((h) => (h.style.width = '300px'));
    const after = await size();
    expect(after.draws).toBe(before.draws);
    expect(after.box.width).toBeLessThan(before.box.width * 0.6);
    // The SVG fills the element's width (less its padding) and keeps the viewBox aspect 560:300.
    for (const s of [before, after]) {
      expect(s.box.width).toBeCloseTo(s.host - 20, 0);
      expect(s.box.height).toBeCloseTo((s.box.width * 300) / 560, 0);
    }
  });

  it('the three charts keep their default file names and honour file-name', async () => {
    for (const [tag, name] of [
      ['xas-line-chart', 'chart.svg'],
      ['xas-shell-chart', 'first-shell.svg'],
      ['xas-heat-map', 'pseudo-rdf-map.svg'],
    ] as const) {
      await mount(`<${tag} id="d-${tag}"></${tag}><${tag} id="n-${tag}" heading="Named" file-name="named-${name}"></${tag}>`);
      const plain = await downloadSvg(page.locator(`#d-${tag}`));
      expect(plain.name).toBe(name);
      expect(plain.text).toBe(plain.expected);
      const named = await downloadSvg(page.locator(`#n-${tag}`));
      expect(named.name).toBe(`named-${name}`);
      expect(named.text).toBe(named.expected);
      expect(named.text).toContain('aria-label="Named"');
    }
  });
});
