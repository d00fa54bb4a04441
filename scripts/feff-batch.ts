/**
 * FEFF10 over every inequivalent absorber site of a folder (or folders) of structures, N sites at a
 * time, into OUT/records.jsonl (one JSON line per site, appended as each finishes) and
 * OUT/PROVENANCE.md. Run the same command again to resume: recorded sites are skipped (a torn last
 * line from a crash is cut off first). Ctrl-C / SIGTERM stop the running FEFF and leave the records
 * consistent.
 *
 *   npm run feff:batch -- <structures…> --out DIR [--absorber Fe] [--preset NAME] [--processes 1] [--feff-bin DIR] [--dry-run]
 *
 * The Fe pool (the background batch of issue 18):
 *   nohup npm run feff:batch -- ../shared/data/structures/fe-standards ../shared/data/structures/amcsd \
 *     --out data/feff-fe-crystals --preset noscf --processes 1 --feff-bin /work/feff10-bin > .cache/feff-fe-batch.log 2>&1 &
 */
import { gitCommit } from '../lab/report/git-commit.ts';
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { formatDuration } from '../lab/ensemble/progress.ts';
import { XasinvError } from '../src/errors.ts';
import { BATCH_DEFAULTS, batchProvenance, cardsHash, DEFAULT_FEFF_PRESET, errorSummary, FEFF_PRESETS, feffPreset, findFeffBin, planBatch, readBatchRecords, runBatch, splitStaleRecords } from '../src/feff/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';

const USAGE = 'npm run feff:batch -- <structure files or folders…> --out DIR [options]';
const { positionals, options } = parseScriptArgs(process.argv.slice(2), USAGE, {
  out: { type: 'string', help: 'output folder (records.jsonl, PROVENANCE.md)' },
  absorber: { type: 'string', help: 'absorbing element (default Fe)' },
  preset: { type: 'string', help: `card set: ${Object.keys(FEFF_PRESETS).join(', ')} (default ${DEFAULT_FEFF_PRESET})` },
  processes: { type: 'number', help: `FEFF runs at a time (default ${BATCH_DEFAULTS.processes})` },
  'feff-bin': { type: 'string', help: 'folder of the FEFF10 modules (default $XASINV_FEFF)' },
  timeout: { type: 'number', help: `timeout per site in s (default ${BATCH_DEFAULTS.timeoutS})` },
  'retry-failed': { type: 'boolean', help: 'run sites whose record is a failure again' },
  limit: { type: 'number', help: 'stop after this many sites' },
  data: { type: 'string', help: 'shared data folder: record sources are written relative to it (default ../shared/data)' },
  prune: { type: 'boolean', help: 'move records that no longer match the plan (the structure reads differently now) to records.stale.jsonl before running' },
  'dry-run': { type: 'boolean', help: 'plan only: count sites, list what is left out, write PROVENANCE.md' },
});

const fail = (message: string): never => {
  console.error(`error: ${message}`);
  process.exit(2);
};
if (positionals.length === 0) fail(`no structure files or folders given\nusage: ${USAGE}`);
if (typeof options.out !== 'string') fail('--out DIR is required');
const outDir = String(options.out);
const recordsFile = 'records.jsonl';
const recordsPath = join(outDir, recordsFile);
const dataDir = String(options.data ?? defaultDataDir());
const log = (msg: string): void => console.error(`${new Date().toISOString().slice(0, 19)}Z ${msg}`);

try {
  const preset = feffPreset(typeof options.preset === 'string' ? options.preset : undefined);
  const absorber = typeof options.absorber === 'string' ? options.absorber : 'Fe';
  const plan = planBatch(positionals, { absorber, preset, relativeTo: dataDir });
  const structures = new Set(plan.jobs.map((j) => j.source)).size;
  log(`${plan.files} structure files: ${structures} with ${absorber} → ${plan.jobs.length} inequivalent sites; ${plan.withoutAbsorber.length} without ${absorber}; ${plan.skipped.length} left out`);
  for (const s of plan.skipped) log(`  left out: ${s.source}${s.site !== undefined ? ` site ${s.site}` : ''}: ${s.reason}`);
  const rel = (p: string) => relative(REPO_ROOT, p) || '.';
  const command = `npm run feff:batch -- ${positionals.map(rel).join(' ')} --out ${rel(outDir)} --absorber ${absorber} --preset ${preset.name} --processes ${options.processes ?? BATCH_DEFAULTS.processes}${options['feff-bin'] ? ` --feff-bin ${options['feff-bin']}` : ''}`;
  const commit = gitCommit({ short: true });
  const writeProvenance = () => {
    const { records } = readBatchRecords(recordsPath);
    const tmp = join(outDir, 'PROVENANCE.md.tmp');
    writeFileSync(tmp, batchProvenance(plan, records, { command, preset, sourceRoot: rel(dataDir), recordsFile, ...(commit ? { commit } : {}) }));
    renameSync(tmp, join(outDir, 'PROVENANCE.md'));
  };
  if (options.prune && existsSync(recordsPath)) {
    const { current, stale } = splitStaleRecords(plan.jobs, readBatchRecords(recordsPath).records, cardsHash(preset.cards, preset.radiusAngstrom), plan.withoutAbsorber);
    for (const s of stale) log(`  stale: ${s.record.source} site ${s.record.site}: ${s.reason}`);
    if (stale.length > 0 && !options['dry-run']) {
      appendFileSync(join(outDir, 'records.stale.jsonl'), stale.map((s) => `${JSON.stringify({ ...s.record, staleReason: s.reason })}\n`).join(''));
      const tmp = `${recordsPath}.tmp`;
      writeFileSync(tmp, current.map((r) => `${JSON.stringify(r)}\n`).join(''));
      renameSync(tmp, recordsPath);
    }
    log(`${stale.length} stale record(s)${stale.length && !options['dry-run'] ? ' moved to records.stale.jsonl' : ''}; ${current.length} kept`);
  }
  if (options['dry-run']) {
    mkdirSync(outDir, { recursive: true });
    writeProvenance();
    process.exit(0);
  }
  const binDir = findFeffBin(typeof options['feff-bin'] === 'string' ? { feffBin: options['feff-bin'] } : {});
  const ac = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      log(`${sig}: stopping (the running site is not recorded and runs again on resume)`);
      ac.abort();
    });
  }
  const summary = await runBatch(plan.jobs, {
    preset,
    recordsPath,
    binDir,
    ...(typeof options.processes === 'number' ? { processes: options.processes } : {}),
    ...(typeof options.timeout === 'number' ? { timeoutS: options.timeout } : {}),
    ...(typeof options.limit === 'number' ? { limit: options.limit } : {}),
    retryFailed: Boolean(options['retry-failed']),
    signal: ac.signal,
    onStart: (s) => {
      if (s.repaired) log(`${recordsPath}: cut a torn last line (an interrupted write) before resuming`);
      const eta = s.previousMeanWallS !== undefined ? `; ETA ${formatDuration((s.previousMeanWallS * s.todo) / Number(options.processes ?? 1))} at the recorded mean ${s.previousMeanWallS.toFixed(0)} s/site` : '';
      log(`${s.alreadyDone} of ${s.total} sites already recorded; ${s.todo} to run${eta}`);
      writeProvenance();
    },
    onProgress: (p) => {
      const r = p.record;
      const what = r.status === 'ok' ? `ok, ${r.wallTimeS} s wall, ${r.cpuTimeS} s CPU` : `FAILED after ${r.wallTimeS} s: ${errorSummary(r.error)}`;
      log(`[${p.done}/${p.done + p.remaining}] ${p.job.source} site ${p.job.site} (×${p.job.multiplicity}): ${what}; ${p.failed} failed; ETA ${formatDuration(p.etaS)}`);
      writeProvenance();
    },
  });
  writeProvenance();
  log(`session: ${summary.ok} ok, ${summary.failed} failed, ${summary.skippedDone} already recorded, ${summary.notRun} not run, ${formatDuration(summary.wallTimeS)}`);
  process.exit(ac.signal.aborted ? 130 : 0);
} catch (err) {
  if (!(err instanceof XasinvError)) throw err;
  fail(err.message);
}
