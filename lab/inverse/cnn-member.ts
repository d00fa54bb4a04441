/**
 * @module lab/inverse/cnn-member
 * Train and save ONE ensemble member from a dataset file. Runs inside a worker process
 * (member-worker.ts) but is a plain async function, so it can also run in-process.
 */
import type { AugmentSpec } from '../../src/inverse/index.ts';
import type { CnnConfig } from '../../src/inverse/index.ts';
import { trainModel, type EpochReport, type TrainingData } from './train.ts';
import { saveModelWeights } from '../../src/learn/index.ts';
import { bootstrapIndices, outOfBagIndices, repeatRows } from '../../src/ensemble/index.ts';
import { readDatasetFile } from './dataset-file.ts';
import { memberBasePath } from './member-files.ts';

/** Everything a worker needs; JSON-serialisable (sent over IPC). */
export interface MemberJob {
  datasetPath: string;
  outDir: string;
  /** 0-based member index (file member-XX). */
  index: number;
  /** Seeds this member's bootstrap resample, initialisation and shuffling. */
  seed: number;
  config: CnnConfig;
  train: { epochs: number; batchSize: number; learningRate: number; patience?: number; restoreBest: boolean; lossWeights?: number[]; augment?: AugmentSpec };
  /** Resample the training rows with replacement (false: every member sees all rows). */
  bootstrap: boolean;
  /** Validation rows: those stored in the dataset file, this member's out-of-bag rows, or none. */
  validation: 'given' | 'out-of-bag' | 'none';
  /** Oversampling: training row i counts `rowRepeats[i]` times in every epoch (after the bootstrap draw). */
  rowRepeats?: number[];
}

/** Summary a finished member reports. */
export interface MemberResult {
  index: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  epochs: number;
  finalTrainLoss: number;
  bestValLoss?: number;
}

/**
 * Train member `job.index` and write `member-XX.{json,bin}` atomically.
 *
 * @example
 * await runMemberJob(job, (r) => console.log(r.epoch, r.trainLoss));
 */
export async function runMemberJob(job: MemberJob, onEpoch?: (r: EpochReport) => void): Promise<MemberResult> {
  const { train, validation: given } = readDatasetFile(job.datasetPath);
  const drawn = job.bootstrap ? bootstrapIndices(train.n, job.seed) : undefined;
  let validation: TrainingData | undefined;
  if (job.validation === 'given') validation = given;
  if (job.validation === 'out-of-bag' && drawn) {
    const oob = outOfBagIndices(drawn, train.n);
    if (oob.length > 0) validation = selectRows(train, oob);
  }
  const indices = job.rowRepeats ? repeatRows(drawn ?? Uint32Array.from({ length: train.n }, (_, i) => i), job.rowRepeats) : drawn;
  const result = await trainModel(train, job.config, {
    epochs: job.train.epochs,
    batchSize: job.train.batchSize,
    learningRate: job.train.learningRate,
    restoreBest: job.train.restoreBest,
    seed: job.seed,
    ...(job.train.patience !== undefined ? { patience: job.train.patience } : {}),
    ...(job.train.lossWeights ? { lossWeights: Float32Array.from(job.train.lossWeights) } : {}),
    ...(job.train.augment ? { augment: job.train.augment } : {}),
    ...(indices ? { indices } : {}),
    ...(validation ? { validation } : {}),
    ...(onEpoch ? { onEpoch } : {}),
  });
  const last = result.history[result.history.length - 1]!;
  const summary: MemberResult = {
    index: job.index,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    epochs: result.history.length,
    finalTrainLoss: last.trainLoss,
  };
  if (validation) summary.bestValLoss = result.history[result.bestEpoch - 1]!.valLoss!;
  saveModelWeights(memberBasePath(job.outDir, job.index), {
    ...result.model,
    meta: {
      member: job.index,
      seed: job.seed,
      bootstrap: job.bootstrap,
      validation: job.validation,
      train: job.train,
      history: result.history,
      ...summary,
    },
  });
  return summary;
}

function selectRows(data: TrainingData, rows: Uint32Array): TrainingData {
  const { inputLength: L, outputLength: K } = data;
  const x = new Float32Array(rows.length * L);
  const y = new Float32Array(rows.length * K);
  rows.forEach((r, i) => {
    x.set(data.x.subarray(r * L, (r + 1) * L), i * L);
    y.set(data.y.subarray(r * K, (r + 1) * K), i * K);
  });
  return { x, y, n: rows.length, inputLength: L, outputLength: K };
}
