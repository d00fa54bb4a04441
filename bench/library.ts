/**
 * Ranking a whole shipped library from a fresh process (issue 24: ≤ 2 s, the descriptors are
 * precomputed): for every library in models/library, `xasinv rank <spectrum> --json --cache none`
 * on the first measured K-edge spectrum of that element in the benchmark (data/measured-benchmark),
 * run 3 times in new processes; wall time (process start, module load, models, ranking), the CLI's
 * own time and peak RSS, medians.
 *
 *   npx tsx bench/library.ts [--data ../shared/data] [--runs 3] [--report]
 *
 * Writes .cache/bench-library.md; `--report` writes reports/bench-library.md instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { librarySummaries } from '../src/library/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { median } from '../src/stats/index.ts';
import { loadBenchmark } from '../lab/benchmark/index.ts';
import { gitCommit } from '../lab/report/git-commit.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npx tsx bench/library.ts [options]', {
  data: { type: 'string', help: 'shared data folder' },
  runs: { type: 'number', help: 'fresh processes per library (default 3)' },
  report: { type: 'boolean', help: 'write reports/bench-library.md (default: .cache/bench-library.md)' },
});
const dataDir = resolve(String(options.data ?? defaultDataDir()));
const runs = Number(options.runs ?? 3);
const child = join(REPO_ROOT, 'bench', 'lib', 'rank-child.ts');
const rows: string[] = [];
for (const lib of librarySummaries()) {
  const entry = loadBenchmark({ elements: [lib.absorber], edges: ['K'], dataDir })[0];
  if (!entry) {
    rows.push(`| ${lib.absorber} | ${lib.structures} | ${lib.spectra} | — | no measured ${lib.absorber} K spectrum in the benchmark | | | | |`);
    continue;
  }
  const args = ['rank', join(dataDir, entry.spectrum.path), '--element', lib.absorber, '--json', '--cache', 'none', '--quiet', ...(entry.spectrum.group ? ['--group', entry.spectrum.group] : [])];
  const wall: number[] = [];
  const cli: number[] = [];
  const rss: number[] = [];
  let failure = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t0) / 1000;
    const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    const m = line ? (JSON.parse(line.slice(6)) as { code: number; cliS: number; maxRssMiB: number }) : null;
    if (!m || m.code !== 0) {
      failure = `failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;
      break;
    }
    wall.push(seconds);
    cli.push(m.cliS);
    rss.push(m.maxRssMiB);
  }
  const spectrum = `${entry.spectrum.path.split('/').pop()}${entry.spectrum.group ? ` [${entry.spectrum.group}]` : ''}`;
  rows.push(
    failure
      ? `| ${lib.absorber} | ${lib.structures} | ${lib.spectra} | ${spectrum} | ${failure} | | | | |`
      : `| ${lib.absorber} | ${lib.structures} | ${lib.spectra} | ${spectrum} | ${median(wall).toFixed(1)} | ${Math.min(...wall).toFixed(1)} | ${median(cli).toFixed(1)} | ${median(rss).toFixed(0)} | ${median(wall) <= 2 ? 'yes' : 'no'} |`,
  );
  console.error(rows[rows.length - 1]);
}
const commit = gitCommit({ short: true });
const text = [
  '# Ranking a shipped library from a fresh process',
  '',
  `Measured by \`npx tsx bench/library.ts${options.runs ? ` --runs ${runs}` : ''}\` (commit ${commit ?? 'unknown'}, ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores; other jobs may have shared them — the load is not controlled). Each row: \`xasinv rank <spectrum> --element El --json --cache none\` in a new Node process, median of ${runs} (and the fastest: on this shared virtual machine the same run varies by ± 0.5 s); wall = process start to exit (module loading, models, ranking, the RDF vote where an inverse model exists); CLI = inside the process; spectra stored per entry (forward predictions, FEFF10 spectra) or predicted from the stored descriptors (none). Target (issue 24): ≤ 2 s wall.`,
  '',
  '| library | structures | stored spectra | measured spectrum | wall / s (median) | wall / s (fastest) | CLI / s | peak RSS / MiB | ≤ 2 s (median) |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
console.log(text);
const out = options.report ? join(REPO_ROOT, 'reports', 'bench-library.md') : join(REPO_ROOT, '.cache', 'bench-library.md');
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, text);
console.error(`wrote ${out}`);
