/**
 * `xasinv feff-batch <structures…> --out DIR [--absorber El] [--preset NAME] [--processes N | --redis URL]`
 * (also `npm run feff:batch -- …`): FEFF10 over every inequivalent absorber site of the structure
 * files (folders searched recursively) into DIR/records.jsonl (one JSON line per site, appended as
 * each finishes) and DIR/PROVENANCE.md.
 *
 * - Embedded (no `--redis`): `--processes N` FEFF runs at a time in this process.
 * - Queue (`--redis URL`): each site is a `feff` job on the queue `xasinv-feff` that
 *   `xasinv worker --redis URL --queue-name xasinv-feff` processes on any machine take (they need
 *   FEFF10, not the structures: the job carries the site's feff.inp); this process collects the
 *   results and is the only writer of the records.
 *
 * Run the same command again to resume, in either mode: recorded sites are skipped (a torn last line
 * from a crash is cut off first); on the queue, sites that finished while no batch was collecting
 * are taken from Redis, not computed again. Ctrl-C / SIGTERM stop cleanly: embedded, the running
 * FEFF is killed and its site runs again on resume; on the queue, sites not yet started are taken
 * off the queue and running ones finish on their workers for the next run to collect.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatDuration } from '../duration.ts';
import { InputError } from '../errors.ts';
import { BATCH_DEFAULTS, batchProvenance, cardsHash, DEFAULT_FEFF_PRESET, errorSummary, FEFF_ENV, FEFF_PRESETS, feffPreset, findFeffBin, planBatch, readBatchRecords, runBatch, splitStaleRecords, type BatchOptions, type BatchSummary } from '../feff/index.ts';
import { defaultDataDir, REPO_ROOT } from '../paths.ts';
import { gitCommit } from '../version.ts';
import { checkRedisUrl, QUEUE_BATCH_DEFAULTS, QUEUE_DEFAULTS, redactUrl, runQueueBatch, type QueueBatchSummary } from '../server/index.ts';
import type { Command } from './command.ts';

/** A whole number ≥ `min` from an option, or undefined when not given. */
function wholeNumber(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InputError(`--${name} must be a whole number ≥ ${min}, got ${String(v)}`);
  return n;
}

export const feffBatchCommand: Command = {
  name: 'feff-batch',
  usage: '<structure files or folders…> --out DIR [--absorber El] [--preset NAME] [--processes N | --redis URL] [options]',
  options: {
    out: { type: 'string', help: 'output folder (records.jsonl, PROVENANCE.md); required' },
    absorber: { type: 'string', help: 'absorbing element (default Fe)' },
    preset: { type: 'string', help: `card set: ${Object.keys(FEFF_PRESETS).join(', ')} (default ${DEFAULT_FEFF_PRESET})` },
    processes: { type: 'number', help: `embedded: FEFF runs at a time in this process (default ${BATCH_DEFAULTS.processes})` },
    'feff-bin': { type: 'string', help: `embedded: folder of the FEFF10 modules (default $${FEFF_ENV}); queue workers use their own` },
    redis: { type: 'string', help: `run the sites on \`xasinv worker --redis URL --queue-name ${QUEUE_DEFAULTS.feffQueueName}\` processes (any machine) instead of in this process` },
    'queue-name': { type: 'string', help: `queue: name shared with the workers (default ${QUEUE_DEFAULTS.feffQueueName}; start them with --queue-name ${QUEUE_DEFAULTS.feffQueueName})` },
    window: { type: 'number', help: `queue: most sites submitted and not yet collected (default ${QUEUE_BATCH_DEFAULTS.window})` },
    timeout: { type: 'number', help: `timeout per site in s (default ${BATCH_DEFAULTS.timeoutS})` },
    retries: { type: 'number', help: `runs of a site whose FEFF crashed, after the first (default ${BATCH_DEFAULTS.retries})` },
    'retry-failed': { type: 'boolean', help: 'run sites whose record is a failure again' },
    limit: { type: 'number', help: 'stop after this many sites' },
    data: { type: 'string', help: 'shared data folder: record sources are written relative to it (default ../shared/data)' },
    prune: { type: 'boolean', help: 'move records that no longer match the plan (the structure reads differently now) to records.stale.jsonl before running' },
    'dry-run': { type: 'boolean', help: 'plan only: count sites, list what is left out, write PROVENANCE.md' },
  },
  async run({ positionals, options }) {
    if (positionals.length === 0) throw new InputError('feff-batch: no structure files or folders given');
    if (typeof options.out !== 'string') throw new InputError('feff-batch: --out DIR is required');
    const outDir = options.out;
    const recordsFile = 'records.jsonl';
    const recordsPath = join(outDir, recordsFile);
    const dataDir = String(options.data ?? defaultDataDir());
    const redisUrl = typeof options.redis === 'string' ? checkRedisUrl(options.redis) : undefined;
    const processes = wholeNumber(options.processes, 'processes', 1);
    if (redisUrl && processes !== undefined) throw new InputError('feff-batch: --processes is for the embedded batch; with --redis, start as many workers as you like');
    const retries = wholeNumber(options.retries, 'retries', 0);
    const limit = wholeNumber(options.limit, 'limit', 1);
    const window = wholeNumber(options.window, 'window', 1);
    if (options.timeout !== undefined && !(Number(options.timeout) > 0)) throw new InputError(`--timeout must be > 0 s, got ${String(options.timeout)}`);
    const log = (msg: string): void => console.error(`${new Date().toISOString().slice(0, 19)}Z ${msg}`);

    const preset = feffPreset(typeof options.preset === 'string' ? options.preset : undefined);
    const absorber = typeof options.absorber === 'string' ? options.absorber : 'Fe';
    const plan = planBatch(positionals, { absorber, preset, relativeTo: dataDir });
    const structures = new Set(plan.jobs.map((j) => j.source)).size;
    log(`${plan.files} structure files: ${structures} with ${absorber} → ${plan.jobs.length} inequivalent sites; ${plan.withoutAbsorber.length} without ${absorber}; ${plan.skipped.length} left out`);
    for (const s of plan.skipped) log(`  left out: ${s.source}${s.site !== undefined ? ` site ${s.site}` : ''}: ${s.reason}`);
    const rel = (p: string) => relative(REPO_ROOT, p) || '.';
    const how = redisUrl ? ` --redis ${redactUrl(redisUrl)}` : ` --processes ${processes ?? BATCH_DEFAULTS.processes}${options['feff-bin'] ? ` --feff-bin ${options['feff-bin']}` : ''}`;
    const command = `npm run feff:batch -- ${positionals.map(rel).join(' ')} --out ${rel(outDir)} --absorber ${absorber} --preset ${preset.name}${how}`;
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
      return 0;
    }
    // Embedded: no FEFF here is one error before anything starts. Queue: each worker finds its own.
    const binDir = redisUrl ? undefined : findFeffBin(typeof options['feff-bin'] === 'string' ? { feffBin: options['feff-bin'] } : {});

    const ac = new AbortController();
    const onSignal = (sig: NodeJS.Signals) => {
      log(`${sig}: stopping (${redisUrl ? 'sites not started are taken off the queue; running ones finish on their workers and are collected by the next run' : 'the running sites are not recorded and run again on resume'})`);
      ac.abort();
    };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const sig of signals) process.on(sig, onSignal);
    const common: BatchOptions = {
      preset,
      recordsPath,
      ...(typeof options.timeout === 'number' ? { timeoutS: options.timeout } : {}),
      ...(retries !== undefined ? { retries } : {}),
      ...(limit !== undefined ? { limit } : {}),
      retryFailed: Boolean(options['retry-failed']),
      signal: ac.signal,
      onStart: (s) => {
        if (s.repaired) log(`${recordsPath}: cut a torn last line (an interrupted write) before resuming`);
        const eta = s.previousMeanWallS !== undefined && !redisUrl ? `; ETA ${formatDuration((s.previousMeanWallS * s.todo) / (processes ?? BATCH_DEFAULTS.processes))} at the recorded mean ${s.previousMeanWallS.toFixed(0)} s/site` : '';
        log(`${s.alreadyDone} of ${s.total} sites already recorded; ${s.todo} to run${redisUrl ? ` on the workers of ${redactUrl(redisUrl)}` : ''}${eta}`);
        writeProvenance();
      },
      onProgress: (p) => {
        const r = p.record;
        const on = redisUrl && r.worker ? ` on ${r.worker}` : '';
        const what = r.status === 'ok' ? `ok, ${r.wallTimeS} s wall, ${r.cpuTimeS} s CPU${on}` : `FAILED after ${r.wallTimeS} s${r.attempts && r.attempts > 1 ? ` (${r.attempts} runs)` : ''}${on}: ${errorSummary(r.error)}`;
        log(`[${p.done}/${p.done + p.remaining}] ${p.job.source} site ${p.job.site} (×${p.job.multiplicity}): ${what}; ${p.failed} failed; ETA ${formatDuration(p.etaS)}`);
        writeProvenance();
      },
      onRetry: (r) => log(`${r.job.source} site ${r.job.site}: ${errorSummary(r.error)}; running it again (run ${r.attempt} of ${1 + (retries ?? BATCH_DEFAULTS.retries)})`),
    };
    try {
      let summary: BatchSummary | QueueBatchSummary;
      if (redisUrl) {
        summary = await runQueueBatch(plan.jobs, {
          ...common,
          redisUrl,
          ...(typeof options['queue-name'] === 'string' ? { queueName: options['queue-name'] } : {}),
          ...(window !== undefined ? { window } : {}),
          onNotice: log,
          onStatus: (s) => log(`${s.running} running${s.workers.length ? ` on ${s.workers.join(', ')}` : ''}, ${s.waiting} waiting; ${s.done} done this session, ${s.remaining} to go; ETA ${s.etaS === undefined ? '? (no site finished yet)' : formatDuration(s.etaS)}`),
        });
      } else {
        summary = await runBatch(plan.jobs, { ...common, binDir: binDir!, ...(processes !== undefined ? { processes } : {}) });
      }
      writeProvenance();
      const q = 'workers' in summary ? summary : undefined;
      log(`session: ${summary.ok} ok, ${summary.failed} failed, ${summary.skippedDone} already recorded, ${summary.notRun} not run, ${summary.retried} crash(es) run again, ${formatDuration(summary.wallTimeS)}${q ? `; workers: ${q.workers.join(', ') || 'none'}` : ''}`);
      if (q && q.leftRunning > 0) log(`${q.leftRunning} site(s) still running on workers: run the same command again to collect them`);
      return ac.signal.aborted ? 130 : 0;
    } finally {
      for (const sig of signals) process.off(sig, onSignal);
    }
  },
};
