/**
 * Write a shipped forward model's recipe.json from its manifest (lab/forward/recipe.ts
 * recipeFromManifest), so `npm run train:forward -- --recipe <dir>` trains it again.
 *
 *   npm run recipe:forward -- models/forward/universal-k-v3 [--check]
 *
 * `--check` writes nothing and fails (exit 1) when the folder's recipe.json differs from the manifest's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { XasinvError } from '../src/errors.ts';
import { readForwardManifest } from '../src/forward/index.ts';
import { RECIPE_FILE, recipeFromManifest } from '../lab/forward/index.ts';

const { positionals, options } = parseScriptArgs(process.argv.slice(2), 'npm run recipe:forward -- <model folder> [--check]', {
  check: { type: 'boolean', help: 'compare with the recipe.json in the folder instead of writing it' },
});
if (positionals.length !== 1) scriptUsageError('give one forward model folder, e.g. models/forward/universal-k-v3');
const dir = resolve(positionals[0]!);
try {
  const text = `${JSON.stringify(recipeFromManifest(readForwardManifest(dir)), null, 1)}\n`;
  const file = join(dir, RECIPE_FILE);
  if (options.check) {
    const same = existsSync(file) && readFileSync(file, 'utf8') === text;
    console.log(same ? `${file}: matches the manifest` : `${file}: differs from the recipe its manifest records`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
} catch (err) {
  if (!(err instanceof XasinvError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(2);
}
