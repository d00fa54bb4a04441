/**
 * Prints the measured benchmark's counts per element (spectra, compounds, dev/test), per detection
 * mode and per collection, from data/measured-benchmark (catalogue.json, split.json).
 *
 *   npm run benchmark:list -- [--element Fe] [--edge K]
 */
import { parseScriptArgs } from '../../src/args.ts';
import { readCatalogue } from './load.ts';
import { countBy, elementRows, elementTable } from './provenance.ts';
import { benchmarkSplit } from './split.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run benchmark:list -- [options]', {
  element: { type: 'string', help: 'keep one absorber (e.g. Fe)' },
  edge: { type: 'string', help: 'keep one edge (e.g. K)' },
});
const full = readCatalogue();
const cat = { ...full, entries: full.entries.filter((e) => (!options.element || e.element === options.element) && (!options.edge || e.edge === options.edge)) };
const split = benchmarkSplit();
console.log(`measured benchmark: ${cat.entries.length} spectra, ${new Set(cat.entries.map((e) => e.compound)).size} compounds (split version ${split.version}, test sha256 ${split.testSha256.slice(0, 12)}…)\n`);
console.log(elementTable(elementRows(cat, split), cat, split).join('\n'));
console.log(`\nby mode: ${countBy(cat.entries, (e) => e.mode).map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`by collection: ${countBy(cat.entries, (e) => e.source).map(([k, n]) => `${k} ${n}`).join(', ')}`);
