/**
 * Builds the measured benchmark: data/measured-benchmark/catalogue.json (every measured spectrum of
 * the shared data whose structure is known), excluded.json (every other one, with the reason) and
 * PROVENANCE.md; creates the frozen dev/test split (split.json) when there is none, and otherwise
 * checks that it covers every catalogued compound.
 *
 *   npm run benchmark:build -- [--data ../shared/data] [--next-split]
 *
 * --next-split: write the next frozen version of the split (existing compounds keep their half,
 * new ones are assigned); needed after compounds were added to the catalogue.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseScriptArgs, scriptUsageError } from '../../src/args.ts';
import { defaultDataDir } from '../../src/paths.ts';
import { buildCatalogue } from './catalogue-build.ts';
import { BENCHMARK_DIR, CATALOGUE_FILE, EXCLUDED_FILE } from './load.ts';
import { benchmarkProvenance, elementRows, elementTable } from './provenance.ts';
import { catalogueSchema, excludedSchema, type Catalogue, type Excluded } from './schema.ts';
import { benchmarkSplit, makeSplit, nextSplit, SPLIT_FILE } from './split.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run benchmark:build -- [options]', {
  data: { type: 'string', help: 'shared data folder (default ../shared/data or $XASINV_DATA)' },
  'next-split': { type: 'boolean', help: 'write the next frozen split version (after adding compounds)' },
});
const dataDir = resolve(String(options.data ?? defaultDataDir()));
if (!existsSync(dataDir)) scriptUsageError(`--data: ${dataDir} does not exist`);

const result = buildCatalogue(dataDir, (m) => console.log(m));
if (result.problems.length > 0) {
  for (const p of result.problems) console.error(`problem: ${p}`);
  console.error(`${result.problems.length} problem(s): nothing written`);
  process.exit(1);
}
const builtBy = 'npm run benchmark:build (lab/benchmark/build.ts); paths relative to the shared data folder (spectra, root "shared" structures) or the repository (root "repo")';
const catalogue: Catalogue = catalogueSchema.parse({ version: 1, builtBy, entries: result.entries });
const excluded: Excluded = excludedSchema.parse({ version: 1, builtBy, spectra: result.excluded, notSpectra: result.notSpectra });
mkdirSync(BENCHMARK_DIR, { recursive: true });
writeFileSync(CATALOGUE_FILE, JSON.stringify(catalogue, null, 1) + '\n');
writeFileSync(EXCLUDED_FILE, JSON.stringify(excluded, null, 1) + '\n');
console.log(`wrote ${CATALOGUE_FILE} (${catalogue.entries.length} spectra) and ${EXCLUDED_FILE} (${excluded.spectra.length} excluded, ${excluded.notSpectra.length} not spectra)`);

const compounds = [...new Set(catalogue.entries.map((e) => e.compound))];
let split;
if (!existsSync(SPLIT_FILE)) {
  split = makeSplit(catalogue.entries);
  writeFileSync(SPLIT_FILE, JSON.stringify(split, null, 1) + '\n');
  console.log(`wrote ${SPLIT_FILE}: version 1, ${split.dev.length} dev / ${split.test.length} test compounds, test sha256 ${split.testSha256}`);
} else {
  const frozen = benchmarkSplit();
  const missing = compounds.filter((c) => frozen.halfOf(c) === null);
  if (missing.length > 0 && !options['next-split']) {
    console.error(`the frozen split (version ${frozen.version}) does not cover ${missing.length} compound(s): ${missing.join(', ')}`);
    console.error('run `npm run benchmark:build -- --next-split` to write the next frozen version (existing compounds keep their half), and update the hash in test/benchmark/split.test.ts');
    process.exit(1);
  }
  if (options['next-split']) {
    if (missing.length === 0) scriptUsageError('--next-split: every compound is already in the frozen split; nothing to do');
    split = nextSplit(frozen, catalogue.entries);
    writeFileSync(SPLIT_FILE, JSON.stringify(split, null, 1) + '\n');
    console.log(`wrote ${SPLIT_FILE}: version ${split.version} (${missing.length} new compound(s)), test sha256 ${split.testSha256}`);
  } else split = frozen;
}
writeFileSync(`${BENCHMARK_DIR}/PROVENANCE.md`, benchmarkProvenance(catalogue, excluded, split));
console.log(elementTable(elementRows(catalogue, split), catalogue, split).join('\n'));
