/**
 * The recipe of a forward model (lab/forward/recipe.ts): the shipped universal-k-v3's recipe.json
 * is what its manifest records, the command line it was trained with gives the same recipe, and a
 * damaged recipe file is a one-line error naming the file and the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.ts';
import { readForwardManifest } from '../../src/forward/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { readRecipe, recipeDescriptor, recipeFromManifest, recipeFromOptions } from '../../lab/forward/index.ts';

const V3 = join(MODELS_DIR, 'forward', 'universal-k-v3');
const tmp = mkdtempSync(join(tmpdir(), 'xasinv-recipe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('forward recipe', () => {
  it('the shipped recipe.json is the recipe universal-k-v3 records in its manifest', () => {
    const fromManifest = recipeFromManifest(readForwardManifest(V3));
    expect(readRecipe(V3)).toEqual(fromManifest);
    expect(fromManifest).toMatchObject({ version: '3.0.0', epochs: 200, patience: 30, learningRateDecay: 0.99, members: { whole: 7, nosoap: 3, soaponly: 0, radial: 0 }, repeat: { 'fe-k-feff-crystals': 8 } });
  });

  it('the command line universal-k-v3 was trained with gives the same recipe (its defaults made explicit)', () => {
    const manifest = readForwardManifest(V3);
    const argv = String(manifest.training.command).replace(/^npm run train:forward -- /, '').split(' ');
    const spec = Object.fromEntries(['soap', 'compare'].map((k) => [k, { type: 'boolean' as const, help: '' }]));
    for (const k of ['epochs', 'patience', 'lr-decay', 'workers', 'members', 'no-soap-members']) spec[k] = { type: 'number', help: '' } as never;
    for (const k of ['sources', 'repeat', 'version', 'out']) spec[k] = { type: 'string', help: '' } as never;
    const { options } = parseArgs(argv, spec);
    const { source: _s, ...fromManifest } = recipeFromManifest(manifest);
    expect(recipeFromOptions(options)).toEqual(fromManifest);
    // The descriptor the recipe builds is the manifest's, key for key (dataset caches and manifests stay the same bytes).
    const { channels: _c, length: _l, absorberOneHot: _a, ...recorded } = manifest.descriptor;
    expect(JSON.stringify(recipeDescriptor(recipeFromOptions(options)))).toBe(JSON.stringify(recorded));
  });

  it('command-line options override a recipe file', () => {
    const r = recipeFromOptions({ epochs: 1, members: 2 }, readRecipe(V3));
    expect(r).toMatchObject({ epochs: 1, members: { whole: 2, nosoap: 3 }, patience: 30, descriptor: { soap: { lMax: 6 } } });
  });

  it('a damaged or foreign recipe file is a ParseError naming the file and the field', () => {
    const bad = join(tmp, 'recipe.json');
    writeFileSync(bad, JSON.stringify({ ...readRecipe(V3), epochs: 'many' }));
    expect(() => readRecipe(tmp)).toThrow(/recipe\.json: epochs: /);
    writeFileSync(bad, '{ not json');
    expect(() => readRecipe(tmp)).toThrow(/recipe\.json: not valid JSON/);
    expect(() => readRecipe(join(tmp, 'missing'))).toThrow(/missing\/recipe\.json: cannot be read \(ENOENT\)/);
  });

  it('rejects oversampling of a source the recipe does not train on, and SOAP views without SOAP', () => {
    expect(() => recipeFromOptions({ repeat: 'Zn=2' })).toThrow(/--repeat: Zn=2 is not <absorber or source>=<whole number ≥ 0>; absorbers and sources of this run: Co, Cu, Fe, S, /);
    expect(() => recipeFromOptions({ 'no-soap-members': 1 })).toThrow(/--no-soap-members needs --soap/);
  });
});
