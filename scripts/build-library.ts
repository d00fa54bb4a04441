/**
 * Build the shipped candidate libraries (models/library/<El>/, src/library/format.ts) from folders of
 * structure files, with the forward model's descriptors and predictions.
 *
 *   npm run build:library -- --absorbers Zn,Mn [--forward models/forward/<id>] [--out models/library] [--data ../shared/data] [folders…]
 *   npm run build:library -- --absorbers Mn --feff      (the project's FEFF10 spectra, data/feff-mn-crystals, instead of
 *     predictions; without folders, the structure files the records name)
 *
 * Default folders per absorber: ../shared/data/structures, data/structures (the project's reference
 * phases) and, for every absorber but the few with none, the Materials Project POSCARs of
 * pairs/cu-k-feff-crystals/materials (Cu oxides and Cu ternaries of the other 3d metals).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildLibrary } from '../lab/library/build.ts';
import { readBatchRecords } from '../src/feff/index.ts';
import { parseScriptArgs } from '../src/args.ts';
import { XasinvError } from '../src/errors.ts';
import { defaultForwardModelDir } from '../src/forward/manifest.ts';
import { LIBRARIES_DIR } from '../src/library/read.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { gitCommit } from '../lab/report/git-commit.ts';

const USAGE = 'npm run build:library -- --absorbers Zn,Mn [--forward DIR] [--out DIR] [--data DIR] [structure folders…]';
const { positionals, options } = parseScriptArgs(process.argv.slice(2), USAGE, {
  absorbers: { type: 'string', help: 'comma list of absorbers (required)' },
  forward: { type: 'string', help: 'forward model folder (default: the shipped model)' },
  out: { type: 'string', help: 'libraries folder (default models/library)' },
  data: { type: 'string', help: 'shared data folder (default ../shared/data)' },
  feff: { type: 'boolean', help: "store the project's own FEFF10 spectra (data/feff-<el>-crystals/records.jsonl) instead of forward predictions; only structures with every site computed are kept" },
  'feff-records': { type: 'string', help: 'comma list of FEFF batch records files to use with --feff (default data/feff-<el>-crystals/records.jsonl)' },
  descriptors: { type: 'boolean', help: 'also store the site descriptors when predictions are stored (default: only when they are not; they let another forward model rank the library without a rebuild)' },
  'half-predictions': { type: 'boolean', help: 'store the predictions in half precision (predictions.f16.gz: half the size, relative error ≤ 5e-4)' },
  'no-predictions': { type: 'boolean', help: 'store no predictions: rankings predict from the stored descriptors (smaller library, slower ranking)' },
});
if (typeof options.absorbers !== 'string') {
  console.error(`error: --absorbers is required\nusage: ${USAGE}`);
  process.exit(2);
}
const dataDir = String(options.data ?? defaultDataDir());
const forwardModelDir = String(options.forward ?? defaultForwardModelDir());
const outDir = String(options.out ?? LIBRARIES_DIR);
const folders = positionals.length
  ? positionals
  : [join(dataDir, 'structures'), join(REPO_ROOT, 'data', 'structures'), join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials')].filter((p) => existsSync(p));
const rel = (p: string) => relative(REPO_ROOT, p) || '.';

/** The structure files FEFF records name (`source`: under the data folder, else the repository), once each. */
function feffSourceFiles(recordFiles: readonly string[]): string[] {
  const files = new Set<string>();
  for (const f of recordFiles) {
    if (!existsSync(f)) throw new XasinvError('NOT_FOUND', `${f}: FEFF records file not found (run the FEFF batch for this absorber first: scripts/feff-3d-batch.sh)`);
    for (const r of readBatchRecords(f, { repair: false }).records) {
      const file = [join(dataDir, r.source), join(REPO_ROOT, r.source)].find((p) => existsSync(p));
      if (file) files.add(file);
    }
  }
  return [...files].sort();
}
const commit = gitCommit({ short: true });
try {
  for (const absorber of options.absorbers.split(',').map((s) => s.trim()).filter(Boolean)) {
    const t0 = performance.now();
    let last = 0;
    const feffRecords = options.feff
      ? typeof options['feff-records'] === 'string'
        ? options['feff-records'].split(',').map((f) => f.trim())
        : [join(REPO_ROOT, 'data', `feff-${absorber.toLowerCase()}-crystals`, 'records.jsonl')]
      : undefined;
    // FEFF spectra without folders given: the structure files the records were computed from.
    const paths = feffRecords && !positionals.length ? feffSourceFiles(feffRecords) : folders;
    const build = buildLibrary({
      absorber,
      ...(feffRecords ? { feffRecords } : {}),
      paths,
      dataDir,
      repoRoot: REPO_ROOT,
      forwardModelDir,
      outDir,
      storePredictions: options['no-predictions'] !== true,
      ...(options['half-predictions'] ? { predictionsPrecision: 'f16' as const } : {}),
      ...(options.descriptors ? { storeDescriptors: true } : {}),
      command: `npm run build:library -- --absorbers ${absorber} --forward ${rel(forwardModelDir)}${options['no-predictions'] ? ' --no-predictions' : ''}${options['half-predictions'] ? ' --half-predictions' : ''}${options.descriptors ? ' --descriptors' : ''}${feffRecords ? ` --feff${typeof options['feff-records'] === 'string' ? ` --feff-records ${feffRecords.map(rel).join(',')}` : ''}` : ''}${positionals.length ? ` ${positionals.map(rel).join(' ')}` : ''}`,
      provenance: { ...(commit ? { commit } : {}), node: process.version },
      onProgress: (done, total) => {
        if (performance.now() - last > 5000 || done === total) {
          last = performance.now();
          console.error(`${absorber}: ${done}/${total} files read`);
        }
      },
    });
    // An absorber with nothing to hold yet is said and skipped; the others are still built.
    let meta: Awaited<typeof build>;
    try {
      meta = await build;
    } catch (err) {
      if (!(err instanceof XasinvError && err.code === 'EMPTY_LIBRARY')) throw err;
      console.error(`${absorber}: skipped: ${err.message}`);
      continue;
    }
    const sites = meta.entries.reduce((a, e) => a + e.sites.length, 0);
    const waiting = meta.leftOut.filter((l) => l.reason.startsWith('no FEFF spectrum yet')).length;
    console.error(`${absorber}: ${meta.entries.length} structures, ${sites} sites, ${meta.leftOut.length} left out${waiting ? ` (${waiting} waiting for FEFF)` : ''} → ${rel(join(outDir, absorber))} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
} catch (err) {
  if (!(err instanceof XasinvError)) throw err;
  console.error(`error: ${err.message}`);
  process.exit(2);
}
