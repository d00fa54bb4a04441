/**
 * Which FEFF card set for each element's batch? Runs FEFF10 with each card set on the element's
 * phases that have a structure and a measured spectrum (lab/feff-presets/phases.ts), times each
 * site (CPU and wall), compares the multiplicity-weighted site average with the measurement
 * (src/feff/compare.ts: half-step edge, best-shift Pearson and RMSE over −10…+50 eV around the
 * measured edge), compares edge shifts between valences where an element has two, picks the card
 * set per element (lab/feff-presets/analyse.ts CHOICE_RULE) and, for Fe, estimates the cost of its
 * pool. Writes .cache/feff-presets.md (every element whose records are there); `--report` writes
 * reports/feff-presets.md from the records, running no FEFF.
 *
 * One process, sites one after the other; records are kept per run in --records (JSON lines, the
 * batch format, `<run>.jsonl` shared by all elements), so a second call only analyses (and resumes
 * an interrupted run). `--reuse FILE` takes sites a batch already computed with the same cards (same
 * structure bytes, site and cards hash: the same FEFF input) from its records.jsonl instead of
 * running them again (also with `--no-run` / `--report`: taking a record is not running FEFF).
 *
 *   npm run eval:feff-presets -- [--elements Fe,Zn,…] [--runs noscf-fms5,scf-lite,…] [--feff-bin DIR] [--data ../shared/data]
 *                                [--records .cache/feff-presets] [--reuse data/feff-zn-crystals/records.jsonl]… [--no-run]
 *
 * reports/feff-presets.md as committed (no FEFF run; the batch folders as the repository holds them):
 *   npm run eval:feff-presets -- --report --reuse data/feff-fe-crystals/records.jsonl --reuse data/feff-zn-crystals/records.jsonl \
 *     --reuse data/feff-mn-crystals/records.jsonl --reuse data/feff-ni-crystals/records.jsonl --reuse data/feff-cr-crystals/records.jsonl
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { formatDuration } from '../src/duration.ts';
import { cardsHash, feffPreset, findFeffBin, planBatch, readBatchRecords, recordKey, runBatch, type BatchRecord } from '../src/feff/index.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { analyseElement, phaseAvailable, phasePath, setRepoRoot } from '../lab/feff-presets/analyse.ts';
import { ELEMENT_EVALS } from '../lab/feff-presets/phases.ts';
import { renderReport } from '../lab/feff-presets/report.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:feff-presets -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  'feff-bin': { type: 'string', help: 'folder of the FEFF10 modules (default $XASINV_FEFF)' },
  records: { type: 'string', help: 'folder of the per-run records (default .cache/feff-presets)' },
  elements: { type: 'string', help: `comma list of elements to compute (default: all: ${ELEMENT_EVALS.map((e) => e.element).join(',')}); the report covers every element with records` },
  runs: { type: 'string', help: 'comma list of runs to compute (default: all of each element)' },
  reuse: { type: 'string', multiple: true, help: 'records.jsonl of a batch whose sites with the same cards are taken instead of run (repeatable)' },
  'no-run': { type: 'boolean', help: 'analyse the records only (run no FEFF; --reuse records are still taken)' },
  report: { type: 'boolean', help: 'write reports/feff-presets.md from the records, running no FEFF (default: compute, then write .cache/feff-presets.md)' },
  out: { type: 'string', help: 'report path (default .cache/feff-presets.md, reports/feff-presets.md with --report)' },
  'repo-root': { type: 'string', help: 'checkout that `repo:` phase paths are read from (default this one)' },
});
if (typeof options['repo-root'] === 'string') setRepoRoot(options['repo-root']);
const dataDir = String(options.data ?? defaultDataDir());
const recordsDir = String(options.records ?? join(REPO_ROOT, '.cache', 'feff-presets'));
const outPath = String(options.out ?? join(REPO_ROOT, options.report ? 'reports' : '.cache', 'feff-presets.md'));
const runFeff = !options['no-run'] && !options.report;
const wantedElements = options.elements ? String(options.elements).split(',') : ELEMENT_EVALS.map((e) => e.element);
const wantedRuns = options.runs ? String(options.runs).split(',') : undefined;
const reuseFiles = options.reuse === undefined ? [] : ([] as (string | number)[]).concat(options.reuse as (string | number)[]).map(String);
const t0 = performance.now();
const log = (msg: string): void => console.error(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${msg}`);
for (const e of wantedElements) if (!ELEMENT_EVALS.some((x) => x.element === e)) scriptUsageError(`--elements: no evaluation for "${e}" (known: ${ELEMENT_EVALS.map((x) => x.element).join(', ')})`);
for (const f of reuseFiles) if (!existsSync(f)) scriptUsageError(`--reuse ${f}: no such file`);

const recordsOf = (runId: string) => join(recordsDir, `${runId}.jsonl`);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

// ---- sites a batch already computed (taken in every mode: no FEFF runs for them) ----
/** Each wanted element's runs with the structure files of their phases that are on this machine. */
const runPlans = ELEMENT_EVALS.filter((e) => wantedElements.includes(e.element)).flatMap((ev) =>
  ev.runs
    .filter((r) => !wantedRuns || wantedRuns.includes(r.id))
    .map((run) => {
      const phases = ev.phases.filter((p) => (!run.phases || run.phases.includes(p.id)) && phaseAvailable(dataDir, p));
      const files = [...new Set(phases.map((p) => phasePath(dataDir, p.structure)))];
      return { ev, run, plan: files.length ? planBatch(files, { absorber: ev.element, preset: run.preset, relativeTo: dataDir }) : undefined };
    }),
);
if (reuseFiles.length > 0) {
  mkdirSync(recordsDir, { recursive: true });
  // Ok records of the batches named by --reuse, by resume key (read without repairing: a batch may be appending).
  const reusable = new Map<string, { record: BatchRecord; from: string }>();
  for (const file of reuseFiles) {
    // Named as the repository holds it (data/feff-<el>-crystals/records.jsonl), wherever it was read from.
    const from = /(?:^|\/)(data\/feff-[a-z]+-crystals\/records\.jsonl)$/.exec(file)?.[1] ?? file;
    for (const r of readBatchRecords(file, { repair: false }).records) if (r.status === 'ok') reusable.set(recordKey(r), { record: r, from });
  }
  for (const { ev, run, plan } of runPlans) {
    if (!plan) continue;
    const cardsSha256 = cardsHash(run.preset.cards, run.preset.radiusAngstrom);
    const have = new Set(existsSync(recordsOf(run.id)) ? readBatchRecords(recordsOf(run.id), { repair: false }).records.map(recordKey) : []);
    for (const j of plan.jobs) {
      const key = recordKey({ ...j, cardsSha256 });
      const hit = reusable.get(key);
      if (have.has(key) || !hit) continue;
      appendFileSync(recordsOf(run.id), `${JSON.stringify({ ...hit.record, source: j.source, reusedFrom: hit.from })}\n`);
      have.add(key);
      log(`${ev.element} ${run.id}: ${j.source} site ${j.site} taken from ${hit.from}`);
    }
  }
}

// ---- compute (resumable) ----
if (runFeff) {
  const binDir = findFeffBin(typeof options['feff-bin'] === 'string' ? { feffBin: options['feff-bin'] } : {});
  mkdirSync(recordsDir, { recursive: true });
  const ac = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => ac.abort());
  for (const { ev, run, plan } of runPlans) {
    if (ac.signal.aborted) break;
    if (!plan) continue;
    await runBatch(plan.jobs, {
      preset: run.preset,
      recordsPath: recordsOf(run.id),
      binDir,
      signal: ac.signal,
      onStart: (st) => log(`${ev.element} ${run.id}: ${st.todo} of ${st.total} sites to run`),
      onProgress: (p) => log(`${ev.element} ${run.id}: ${p.job.source} site ${p.job.site} ${p.record.status} in ${p.record.wallTimeS} s wall${p.record.status === 'ok' ? `, ${p.record.cpuTimeS} s CPU` : `: ${p.record.error}`}; ETA ${formatDuration(p.etaS)}`),
    });
  }
  if (ac.signal.aborted) {
    log('interrupted; run again to resume');
    process.exit(130);
  }
}

// ---- analyse ----
const recordsCache = new Map<string, BatchRecord[]>();
const recordsOfRun = (runId: string): BatchRecord[] => {
  if (!recordsCache.has(runId)) recordsCache.set(runId, existsSync(recordsOf(runId)) ? readBatchRecords(recordsOf(runId), { repair: false }).records : []);
  return recordsCache.get(runId)!;
};
const elements = ELEMENT_EVALS.map((ev) => {
  const shaOf = new Map(ev.phases.filter((p) => phaseAvailable(dataDir, p)).map((p) => [p.id, sha256(phasePath(dataDir, p.structure))]));
  return analyseElement(ev, dataDir, shaOf, recordsOfRun);
});
const reused = [...new Set(ELEMENT_EVALS.flatMap((ev) => ev.runs.map((r) => r.id)).flatMap((id) => recordsOfRun(id).map((r) => (r as BatchRecord & { reusedFrom?: string }).reusedFrom).filter((x): x is string => Boolean(x))))].sort();
const fe = ELEMENT_EVALS.find((e) => e.element === 'Fe')!;
const fePool = planBatch(fe.pool!.map((p) => join(dataDir, p)), { absorber: 'Fe', preset: feffPreset('cu-train'), relativeTo: dataDir });
mkdirSync(join(outPath, '..'), { recursive: true });
const command = `npm run eval:feff-presets -- --report${reuseFiles.map((f) => ` --reuse ${relative(REPO_ROOT, f) || f}`).join('')}`;
writeFileSync(outPath, renderReport({ date: new Date().toISOString().slice(0, 10), elements, fePool, reused, command }));
log(`wrote ${relative(process.cwd(), outPath)}`);
