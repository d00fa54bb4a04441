/**
 * `npm start` / `tsx src/server/main.ts [options]` (see `--help`, or src/server/options.ts):
 * serves the API and the built UI (dist/ui) on http://localhost:8787 (or `--port`, or `PORT`).
 * A bad option is one `error: …` line and exit status 2.
 */
import { serve } from '@hono/node-server';
import { VERSION } from '../version.ts';
import { XasinvError } from '../errors.ts';
import { createApp } from './app.ts';
import { createServerContext } from './context.ts';
import { parseServerArgs } from './options.ts';
import { warmSpectrumWorkers } from './routes-spectrum.ts';
import { SERVER_DEFAULTS } from './config.ts';
import { redactUrl } from './redis-connection.ts';

try {
  const command = parseServerArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(command.text);
    process.exit(0);
  }
  if (command.kind === 'version') {
    console.log(`xasinv ${VERSION}`);
    process.exit(0);
  }
  const ctx = await createServerContext(command.config);
  // The sync lane's workers load the models before the server listens, so no request waits for that.
  await warmSpectrumWorkers(ctx);
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, port: ctx.config.port, hostname: ctx.config.host }, (info) => {
    const models = [...ctx.inverse.keys()].map((el) => `${el} K (inverse)`).concat(ctx.forward ? [`${ctx.forward.manifest.elements.join('/')} K (forward)`] : []);
    const pools = Object.keys(ctx.config.pools);
    console.log(`xasinv server on http://localhost:${info.port}  models: ${models.join(', ') || 'none'}${pools.length ? `  pools: ${pools.join(', ')}` : ''}`);
    const redis = ctx.config.redisUrl;
    console.log(redis ? `jobs: Redis queue "${ctx.config.queueName}" at ${redactUrl(redis)}; start workers with: xasinv worker --redis ${redactUrl(redis)}${ctx.config.queueName !== SERVER_DEFAULTS.queueName ? ` --queue-name ${ctx.config.queueName}` : ''}` : `jobs: in this process (${ctx.config.workers} worker thread${ctx.config.workers > 1 ? 's' : ''})`);
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
