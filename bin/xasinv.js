#!/usr/bin/env node
// Entry point for `npx xasinv …`: runs the TypeScript CLI through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

// `xasinv predict … | head` closes the pipe early: stop quietly instead of printing a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
