/**
 * Where each training source of a forward model ends (lab/forward/coverage.ts): the number of its
 * training spectra that reach each energy of the grid, and the energies where a source's share
 * changes by ≥ `--min-share`. A universal model's outputs are shared by the absorbers, so another
 * absorber's prediction can step where a large source ends (issue 24: the Cu step at +52.25 eV).
 *
 *   npx tsx scripts/forward-coverage.ts [--model models/forward/<id>] [--data ../shared/data] [--energies 45,49,50,52.25,60] [--min-share 0.2]
 *
 * Prints a table to stdout (nothing is written).
 */
import { join, resolve } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { buildForwardDataset, defaultForwardModelDir, descriptorParamsOf, readForwardManifest, trainingSourcesOf } from '../src/forward/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { coverageBySource, coverageSteps } from '../lab/forward/coverage.ts';
import { modelRecordsSnapshot } from '../lab/forward/records-snapshot.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx scripts/forward-coverage.ts [options]', {
  model: { type: 'string', help: 'forward model folder (default: the shipped model)' },
  data: { type: 'string', help: 'shared data folder (default ../shared/data)' },
  energies: { type: 'string', help: 'relative energies (eV) to tabulate, comma-separated (default: every 5 eV and the steps)' },
  'min-share': { type: 'number', help: 'report a step where a source’s covered share changes by at least this between grid points (default 0.2)' },
});
const dir = resolve(String(options.model ?? defaultForwardModelDir()));
const m = readForwardManifest(dir);
const snapshot = modelRecordsSnapshot(dir);
const ds = buildForwardDataset(resolve(String(options.data ?? defaultDataDir())), {
  gridEv: m.grid.energyEv,
  descriptor: descriptorParamsOf(m),
  absorbers: m.elements,
  sources: trainingSourcesOf(m),
  ...(snapshot ? { feRecordsPath: snapshot.absolutePath, feRecordsBytes: snapshot.bytes } : {}),
  cacheDir: join(REPO_ROOT, '.cache', 'forward'),
  onProgress: (msg) => process.stderr.write(`${msg}\n`),
});
const train = ds.rows.filter((r) => r.split === 'train');
const grid = m.grid.energyEv;
const halfStep = grid.length > 1 ? 0.5 * Math.abs(grid[1]! - grid[0]!) : 0;
const steps = coverageSteps(coverageBySource(train, grid, halfStep), Number(options['min-share'] ?? 0.2));
const energies =
  typeof options.energies === 'string'
    ? options.energies.split(',').map(Number)
    : [...new Set([...grid.filter((e) => Math.abs(e / 5 - Math.round(e / 5)) < 1e-9), ...steps.map((s) => s.energyEv)])].sort((a, b) => a - b);
const table = coverageBySource(train, energies, halfStep);
const sources = Object.keys(table[0]?.bySource ?? {});
console.log(`${m.id} ${m.version}: training spectra reaching each relative energy (of each source's total)\n`);
console.log(`| E − E_edge / eV | ${sources.join(' | ')} |`);
console.log(`|---|${sources.map(() => '---').join('|')}|`);
for (const row of table) console.log(`| ${row.energyEv} | ${sources.map((s) => `${row.bySource[s]![0]}/${row.bySource[s]![1]}`).join(' | ')} |`);
console.log(`\nSteps (a source's share changes by ≥ ${Number(options['min-share'] ?? 0.2)} from one grid point to the next):`);
for (const s of steps) console.log(`- ${s.energyEv} eV: ${s.source} ${(100 * s.from).toFixed(0)} % → ${(100 * s.to).toFixed(0)} %`);
