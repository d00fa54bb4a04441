/**
 * What the browser tests (test/ui) share: Debian's chromium when installed, the UI built with Vite
 * into a temporary folder, the real server on a free port serving it, and one page opened on it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';

/** The chromium binary, or undefined (the browser tests then skip, saying so). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** A running UI: its temporary folder, server context, origin, browser and page. */
export interface UiServer {
  root: string;
  ctx: ServerContext;
  origin: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * Build the UI, serve it with the shipped models (or the context `context` makes in `root`), open a
 * 1366 × 900 page on it.
 * @example const ui = await startUi('xasinv-ui-series-', { acceptDownloads: true });
 */
export async function startUi(prefix: string, { acceptDownloads = false, context }: { acceptDownloads?: boolean; context?: (root: string, uiDir: string) => Promise<ServerContext> } = {}): Promise<UiServer> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const uiDir = join(root, 'ui');
  await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: uiDir, emptyOutDir: true } });
  const ctx = context ? await context(root, uiDir) : await createServerContext({ modelsDir: MODELS_DIR, uiDir, port: 0 });
  const app = createApp(ctx);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads });
  await page.goto(origin);
  return {
    root,
    ctx,
    origin,
    browser,
    page,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      await ctx.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
