/**
 * `npm start` / `tsx src/server/main.ts [--port N] [--models DIR] [--pool name=folder]… [--predictor forward|feff] [--ui DIR]`:
 * serves the API and the built UI (dist/ui) on http://localhost:8787 (or `--port`, or `PORT`).
 */
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { parseArgs } from '../cli/args.ts';
import { InputError, XasinvError } from '../errors.ts';
import { REPO_ROOT } from '../paths.ts';
import { createApp } from './app.ts';
import { parsePools, SERVER_DEFAULTS } from './config.ts';
import { createServerContext } from './context.ts';

try {
  const { options } = parseArgs(process.argv.slice(2), {
    port: { type: 'number', help: `port (default $PORT, else ${SERVER_DEFAULTS.port})` },
    models: { type: 'string', help: 'models folder (default: the shipped models/)' },
    pool: { type: 'string', multiple: true, help: 'candidate pool name=folder (repeatable)' },
    ui: { type: 'string', help: 'built UI folder (default dist/ui)' },
    'max-upload-mb': { type: 'number', help: `largest request body, MB (default ${SERVER_DEFAULTS.maxUploadBytes / 1048576})` },
    'max-candidates': { type: 'number', help: `most candidates per ranking (default ${SERVER_DEFAULTS.maxCandidates})` },
    'timeout-s': { type: 'number', help: `request time limit, s (default ${SERVER_DEFAULTS.requestTimeoutMs / 1000})` },
    'job-timeout-s': { type: 'number', help: `ranking job time limit, s (default ${SERVER_DEFAULTS.jobTimeoutMs / 1000})` },
    workers: { type: 'number', help: `job worker threads (default ${SERVER_DEFAULTS.workers})` },
    predictor: { type: 'string', help: `what ranks candidates: forward (the forward model) or feff (precomputed <site>_<El>_xmu.dat beside pool structures); default ${SERVER_DEFAULTS.rankPredictor}` },
  });
  const predictor = String(options.predictor ?? SERVER_DEFAULTS.rankPredictor);
  if (predictor !== 'forward' && predictor !== 'feff') throw new InputError(`--predictor must be forward or feff, got "${predictor}"`);
  const port = Number(options.port ?? process.env.PORT ?? SERVER_DEFAULTS.port);
  const pools = parsePools(((options.pool as string[] | string | undefined) === undefined ? [] : ([] as string[]).concat(options.pool as string[])));
  const ctx = await createServerContext({
    port,
    pools,
    uiDir: String(options.ui ?? join(REPO_ROOT, 'dist', 'ui')),
    ...(options.models ? { modelsDir: String(options.models) } : {}),
    ...(options['max-upload-mb'] ? { maxUploadBytes: Number(options['max-upload-mb']) * 1048576 } : {}),
    ...(options['max-candidates'] ? { maxCandidates: Number(options['max-candidates']) } : {}),
    ...(options['timeout-s'] ? { requestTimeoutMs: Number(options['timeout-s']) * 1000 } : {}),
    ...(options['job-timeout-s'] ? { jobTimeoutMs: Number(options['job-timeout-s']) * 1000 } : {}),
    ...(options.workers ? { workers: Number(options.workers) } : {}),
    rankPredictor: predictor,
  });
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, port: ctx.config.port, hostname: process.env.HOST ?? 'localhost' }, (info) => {
    const models = [...ctx.inverse.keys()].map((el) => `${el} K (inverse)`).concat(ctx.forward ? [`${ctx.forward.manifest.elements.join('/')} K (forward)`] : []);
    console.log(`xasinv server on http://localhost:${info.port}  models: ${models.join(', ') || 'none'}${Object.keys(pools).length ? `  pools: ${Object.keys(pools).join(', ')}` : ''}`);
  });
  const stop = () => {
    server.close();
    void ctx.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  if (err instanceof XasinvError) {
    console.error(`error: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
