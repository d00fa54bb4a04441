/**
 * @module lab/inverse/train-ensemble
 * Train a bootstrap ensemble of CNNs on the one ensemble trainer (lab/ensemble/run-members.ts,
 * member kind `inverse-cnn`), resumable after a crash: the next run skips every member whose
 * `member-XX.json` exists. Data goes to workers once via `dataset.{json,f32}` in `outDir`; a job
 * carries only its settings (cnn-member.ts).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { InputError, XasinvError } from '../../src/errors.ts';
import type { AugmentSpec } from '../../src/inverse/index.ts';
import type { CnnConfig } from '../../src/inverse/index.ts';
import { TRAIN_DEFAULTS, type TrainingData } from './train.ts';
import { memberSeed } from '../../src/ensemble/index.ts';
import { writeDatasetFile } from './dataset-file.ts';
import type { MemberJob, MemberResult } from './cnn-member.ts';
import { isMemberDone, memberBasePath } from './member-files.ts';
import { formatProgress, runMembers, type EnsembleProgress } from '../ensemble/index.ts';

/** Options of {@link trainEnsemble}. */
export interface EnsembleOptions {
  /** Folder receiving dataset.{json,f32} and member-XX.{json,bin}. */
  outDir: string;
  config: CnnConfig;
  /** Ensemble size. */
  members?: number;
  /** Parallel worker processes (one per CPU core). */
  workers?: number;
  /** Base seed; member m uses {@link memberSeed}(seed, m) = seed·1000 + m. */
  seed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Early-stopping patience in epochs (needs validation). */
  patience?: number;
  restoreBest?: boolean;
  lossWeights?: Float32Array;
  /** On-the-fly augmentation of training rows (see `augmentRow`). */
  augment?: AugmentSpec;
  /** Resample training rows with replacement per member. */
  bootstrap?: boolean;
  /**
   * Oversampling: training row i counts `rowRepeats[i]` times per epoch (whole numbers ≥ 0, one per
   * row), applied after the bootstrap draw so the out-of-bag rows stay those of the plain draw.
   */
  rowRepeats?: ArrayLike<number>;
  /**
   * Validation for loss reporting / best weights / early stopping: a held-out set, each member's
   * out-of-bag rows, or none.
   */
  validation?: TrainingData | 'out-of-bag';
  /** Progress callback; default prints {@link formatProgress} lines to stderr. */
  onProgress?: (p: EnsembleProgress) => void;
  /** Node flags for workers; default loads tsx so they can run the TypeScript sources. */
  workerExecArgv?: string[];
}

/** What {@link trainEnsemble} did. */
export interface EnsembleRun {
  /** Member indices trained by this call, with their summaries. */
  trained: MemberResult[];
  /** Member indices already present and skipped (resume). */
  skipped: number[];
  /** Base paths of all members (member-XX without extension). */
  memberPaths: string[];
}

/** Defaults of {@link trainEnsemble}: 15 members on 2 workers, paper training settings. */
export const ENSEMBLE_DEFAULTS = Object.freeze({ members: 15, workers: 2, seed: 0, bootstrap: true });

/**
 * Train (or finish training) a bootstrap ensemble.
 *
 * @example
 * const run = await trainEnsemble(data, { outDir: 'runs/fe', config, members: 15, workers: 2, validation: 'out-of-bag' });
 * // stderr: member 3/15 epoch 12/50 loss 0.0123 val 0.0150 ETA 4m12s
 */
export async function trainEnsemble(data: TrainingData, options: EnsembleOptions): Promise<EnsembleRun> {
  const {
    outDir,
    config,
    members = ENSEMBLE_DEFAULTS.members,
    workers = ENSEMBLE_DEFAULTS.workers,
    seed = ENSEMBLE_DEFAULTS.seed,
    bootstrap = ENSEMBLE_DEFAULTS.bootstrap,
    epochs = TRAIN_DEFAULTS.epochs,
    batchSize = TRAIN_DEFAULTS.batchSize,
    learningRate = TRAIN_DEFAULTS.learningRate,
    restoreBest = TRAIN_DEFAULTS.restoreBest,
    onProgress = (p: EnsembleProgress) => process.stderr.write(`${formatProgress(p)}\n`),
  } = options;
  if (!Number.isInteger(members) || members < 1) throw new InputError(`members must be a positive integer, got ${members}`);
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, got ${workers}`);
  if (data.inputLength !== config.inputLength || data.outputLength !== config.outputLength) {
    throw new InputError(
      `data is ${data.inputLength} → ${data.outputLength} but the model is ${config.inputLength} → ${config.outputLength}`,
    );
  }
  if (options.validation === 'out-of-bag' && !bootstrap) {
    throw new InputError('validation "out-of-bag" needs bootstrap: true');
  }
  const rowRepeats = options.rowRepeats ? Array.from(options.rowRepeats) : undefined;
  if (rowRepeats) {
    if (rowRepeats.length !== data.n) throw new InputError(`rowRepeats has ${rowRepeats.length} entries for ${data.n} training rows`);
    const bad = rowRepeats.findIndex((r) => !Number.isInteger(r) || r < 0);
    if (bad >= 0) throw new InputError(`rowRepeats[${bad}] is ${rowRepeats[bad]}; expected a whole number ≥ 0`);
    if (rowRepeats.every((r) => r === 0)) throw new InputError('rowRepeats leaves no training row');
  }
  mkdirSync(outDir, { recursive: true });
  const memberPaths = Array.from({ length: members }, (_, m) => memberBasePath(outDir, m));
  const skipped: number[] = [];
  const pending: number[] = [];
  for (let m = 0; m < members; m++) (isMemberDone(outDir, m) ? skipped : pending).push(m);
  if (pending.length === 0) return { trained: [], skipped, memberPaths };

  const datasetPath = join(outDir, 'dataset');
  const given = typeof options.validation === 'object' ? options.validation : undefined;
  writeDatasetFile(datasetPath, data, given);
  const validationMode: MemberJob['validation'] = given ? 'given' : options.validation === 'out-of-bag' ? 'out-of-bag' : 'none';
  const train: MemberJob['train'] = { epochs, batchSize, learningRate, restoreBest };
  if (options.patience !== undefined && Number.isFinite(options.patience)) train.patience = options.patience;
  if (options.lossWeights) train.lossWeights = Array.from(options.lossWeights);
  if (options.augment) train.augment = options.augment;
  const jobs = pending.map((index) => {
    const job: MemberJob = { datasetPath, outDir, index, seed: memberSeed(seed, index), config, train, bootstrap, validation: validationMode, ...(rowRepeats ? { rowRepeats } : {}) };
    return { index, job };
  });
  const run = await runMembers<MemberResult>({ kind: 'inverse-cnn', jobs, members, workers, epochs, onProgress, ...(options.workerExecArgv ? { workerExecArgv: options.workerExecArgv } : {}) });
  const trained = run.results.map((r) => r.result);
  const { failures } = run;
  if (failures.length > 0) {
    throw new XasinvError(
      'ENSEMBLE_TRAINING_FAILED',
      `${failures.length} of ${pending.length} ensemble members failed (rerun to resume):\n${failures.join('\n')}`,
      { failures, trained: trained.map((t) => t.index), skipped },
    );
  }
  return { trained, skipped, memberPaths };
}
