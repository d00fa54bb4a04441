/**
 * @module lab/ensemble/run-members
 * The one ensemble trainer of both models: member jobs run in parallel worker processes, at most
 * `workers` alive at once, each running its kind's member function (member-kinds.ts).
 *
 * Design (2025): one forked process per member (`node --import tsx member-worker.ts`). A crash or
 * kill loses only the members in flight; callers skip members already written, so a rerun resumes.
 * Data goes to workers through files the job names; IPC carries only the job and per-epoch
 * progress. `inProcess` runs the jobs one after the other in this process instead (no fork).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../../src/errors.ts';
import { memberFunction, type MemberEpoch } from './member-kinds.ts';
import { formatProgress, type EnsembleProgress } from './progress.ts';

/** Options of {@link runMembers}. */
export interface RunMembersOptions {
  /** Member kind (a key of MEMBER_KINDS). */
  kind: string;
  /** The jobs: `index` is the member's 0-based index (shown 1-based), `job` its JSON description. */
  jobs: readonly { index: number; job: unknown }[];
  /** Ensemble size shown in progress lines (default: the number of jobs). */
  members?: number;
  /** Parallel worker processes. */
  workers: number;
  /** Most epochs a member trains (for the ETA; early stopping makes it an upper bound). */
  epochs: number;
  /** Progress callback; default prints {@link formatProgress} lines to stderr. */
  onProgress?: (p: EnsembleProgress) => void;
  /** Node flags for workers; default loads tsx so they can run the TypeScript sources. */
  workerExecArgv?: string[];
  /** Run the jobs in this process, one after the other (no worker processes). */
  inProcess?: boolean;
}

/** What {@link runMembers} did: the results of the members that finished (by index), and one line per failure. */
export interface MembersRun<R> {
  results: { index: number; result: R }[];
  failures: string[];
}

/**
 * Run member jobs; never throws for a failed member (see `failures`).
 *
 * @example
 * const { results, failures } = await runMembers({ kind: 'inverse-cnn', jobs, workers: 2, epochs: 50 });
 */
export async function runMembers<R>(options: RunMembersOptions): Promise<MembersRun<R>> {
  const { kind, jobs, workers, epochs, members = jobs.length, onProgress = (p: EnsembleProgress) => process.stderr.write(`${formatProgress(p)}\n`) } = options;
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, got ${workers}`);
  const started = performance.now();
  const totalEpochs = jobs.length * epochs;
  let epochsDone = 0;
  const results: { index: number; result: R }[] = [];
  const failures: string[] = [];
  /** Progress of one epoch of member `index`; returns nothing. */
  const onEpoch = (index: number, report: MemberEpoch): void => {
    epochsDone += 1;
    const elapsed = (performance.now() - started) / 1000;
    const p: EnsembleProgress = { member: index + 1, members, epoch: report.epoch, epochs: report.epochs, trainLoss: report.trainLoss, etaSeconds: (elapsed / epochsDone) * (totalEpochs - epochsDone) };
    if (report.valLoss !== undefined) p.valLoss = report.valLoss;
    onProgress(p);
  };

  if (options.inProcess) {
    const train = await memberFunction(kind);
    for (const { index, job } of jobs) {
      let epochsOfMember = 0;
      try {
        const result = (await train(job, (report) => {
          epochsOfMember += 1;
          onEpoch(index, report);
        })) as R;
        results.push({ index, result });
      } catch (err) {
        failures.push(`member ${index}: ${err instanceof Error ? err.message : String(err)}`);
      }
      epochsDone += epochs - epochsOfMember;
    }
    return { results, failures };
  }

  const execArgv = options.workerExecArgv ?? defaultWorkerExecArgv();
  const workerPath = fileURLToPath(new URL('./member-worker.ts', import.meta.url));
  const queue = [...jobs];
  const runOne = (index: number, job: unknown): Promise<void> =>
    new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = fork(workerPath, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      } catch (err) {
        failures.push(`member ${index}: could not start worker: ${(err as Error).message}`);
        resolve();
        return;
      }
      let finished = false;
      let epochsOfMember = 0;
      child.on('message', (msg: { type: string; report?: MemberEpoch; result?: R; message?: string }) => {
        if (msg.type === 'epoch' && msg.report) {
          epochsOfMember += 1;
          onEpoch(index, msg.report);
        } else if (msg.type === 'done') {
          finished = true;
          results.push({ index, result: msg.result as R });
          // Early stopping: the skipped epochs no longer count towards the ETA.
          epochsDone += epochs - epochsOfMember;
        } else if (msg.type === 'error') {
          finished = true;
          failures.push(`member ${index}: ${msg.message ?? 'unknown error'}`);
        }
      });
      child.on('error', (err) => {
        if (!finished) failures.push(`member ${index}: ${err.message}`);
        finished = true;
      });
      child.on('exit', (code, signal) => {
        if (!finished) failures.push(`member ${index}: worker exited (${signal ?? `code ${code}`}) before finishing`);
        resolve();
      });
      child.send({ kind, index, job });
    });
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runOne(next.index, next.job);
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
  results.sort((a, b) => a.index - b.index);
  return { results, failures };
}

/** `--import <tsx loader>` so forked workers can run .ts files (under tsx, vitest or plain node). */
function defaultWorkerExecArgv(): string[] {
  const require = createRequire(import.meta.url);
  return ['--import', pathToFileURL(require.resolve('tsx')).href];
}
