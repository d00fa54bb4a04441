/**
 * @module confidence/ood-file
 * `ood.json` beside an inverse model: the PCA basis of the training inputs, a seeded subset of the
 * projected training inputs (the k-NN reference), the held-out distributions of the data-driven
 * statistics, and the thresholds derived from them. Written by `scripts/fit-confidence.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted } from '../stats/index.ts';
import { sigmaFingerprint, type InverseManifest } from '../inverse/index.ts';
import type { Pca } from './pca.ts';
import { readJsonFile, writeFileAtomic } from '../io/index.ts';
import { z } from 'zod';

/** Statistics the data-driven checks compare with held-out data. */
export type DataStatistic = 'distance' | 'spread' | 'sensitivity';

/** Caution / unreliable limits of one statistic and the held-out percentiles they came from. */
export interface StatThresholds {
  caution: number;
  unreliable: number;
  cautionPercentile: number;
  unreliablePercentile: number;
}

/** What reading `ood.json` checks (zod): kind, version, the model it was fitted for, the reference and the quantiles. */
export const OOD_FILE_SCHEMA = z.looseObject({
  version: z.literal(1),
  kind: z.literal('inverse-confidence'),
  model: z.looseObject({ id: z.string(), created: z.string() }),
  pca: z.looseObject({}),
  reference: z.looseObject({ k: z.number().int().positive(), points: z.array(z.array(z.number())) }),
  quantiles: z.looseObject({}),
});

export interface OodFile {
  version: 1;
  kind: 'inverse-confidence';
  /** The model this was fitted for (refit when `created` or the σ fingerprint differs: {@link oodIsCurrent}). */
  model: { id: string; created: string; dataHash: string; sigma?: string };
  fitted: string;
  command: string;
  pca: Pca;
  /** k-NN reference: projected training inputs (seeded subset) and their residual norms. */
  reference: { k: number; trainingSamples: number; points: number[][]; residuals: number[]; weights: number[]; residualWeight: number; noiseFloor: number; seed: number };
  /** 101 quantiles (0 %, 1 %, … 100 %) of each statistic. */
  quantiles: {
    /** Training inputs' own leave-one-out distances to the reference. */
    trainingDistance: number[];
    /** Held-out (calibration split) distributions, the basis of the thresholds. */
    distance: number[];
    spread: number[];
    sensitivity: number[];
  };
  heldOut: { split: string; samples: number };
  thresholds: Record<DataStatistic, StatThresholds>;
}

/** The σ fingerprint lives with the model (src/inverse); re-exported here where ood.json uses it. */
export { sigmaFingerprint };

/** Whether `ood` was fitted for this model version and its current σ. */
export function oodIsCurrent(ood: OodFile, m: InverseManifest): boolean {
  return ood.model.created === m.created && ood.model.sigma === sigmaFingerprint(m);
}

/** Where a model folder keeps its confidence reference. */
export function oodPath(modelDir: string): string {
  return join(modelDir, 'ood.json');
}

/**
 * Reads `ood.json` of a model folder; undefined when the model has none yet.
 * @example const ood = readOodFile(model.dir);
 */
export function readOodFile(modelDir: string): OodFile | undefined {
  const path = oodPath(modelDir);
  if (!existsSync(path)) return undefined;
  return readJsonFile(path, OOD_FILE_SCHEMA) as unknown as OodFile;
}

/** Writes `ood.json` atomically with numbers at 5 significant digits (keeps it well under 1 MB). */
export function writeOodFile(modelDir: string, f: OodFile): string {
  const path = oodPath(modelDir);
  const text = JSON.stringify(f, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(5)) : null) : v));
  writeFileAtomic(path, text);
  return path;
}

/**
 * The 101 quantiles (0 %, 1 %, …, 100 %) of finite values (linear interpolation).
 * @example quantileTable([1, 2, 3])[50] // 2
 */
export function quantileTable(values: ArrayLike<number>): number[] {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return [];
  return Array.from({ length: 101 }, (_, q) => quantileSorted(v, q / 100));
}

/** Value at fraction `p` (0–1) of a quantile table. */
export function quantileAt(table: number[], p: number): number {
  const t = Math.max(0, Math.min(1, p)) * (table.length - 1);
  const i = Math.floor(t);
  return i + 1 < table.length ? table[i]! + (t - i) * (table[i + 1]! - table[i]!) : table[i]!;
}

/**
 * Fraction (0–1) of the tabulated distribution below `value` (1 above the maximum, also for NaN/∞).
 * @example percentileOf(quantileTable([1, 2, 3]), 2.5) // 0.75
 */
export function percentileOf(table: number[], value: number): number {
  if (!Number.isFinite(value)) return 1;
  if (table.length === 0) return NaN;
  if (value <= table[0]!) return 0;
  if (value >= table[table.length - 1]!) return 1;
  let lo = 0;
  let hi = table.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid]! <= value) lo = mid;
    else hi = mid;
  }
  const span = table[hi]! - table[lo]!;
  return (lo + (span > 0 ? (value - table[lo]!) / span : 0)) / (table.length - 1);
}
