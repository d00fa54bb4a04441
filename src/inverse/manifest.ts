/**
 * @module inverse/manifest
 * The JSON manifest beside an inverse model's `ensemble.onnx`: everything needed to reproduce the
 * model input and to interpret the output.
 */
import type { CnnConfig } from './cnn.ts';
import type { AugmentSpec } from './augment.ts';
import type { ErrorModel } from './error-model.ts';
import type { InverseRecipe } from './model-input.ts';
import type { ExtraSourceUse } from './training-sources.ts';
import { z } from 'zod';

/**
 * What reading a manifest checks (zod): the kind, and the fields inference reads — the ONNX file and
 * members, the input grid, the G2 size and the σ calibration. Other fields pass through as written.
 */
export const INVERSE_MANIFEST_SCHEMA = z.looseObject({
  id: z.string(),
  kind: z.literal('inverse'),
  version: z.string(),
  element: z.string(),
  onnx: z.string(),
  members: z.number().int().positive(),
  recipe: z.looseObject({ grid: z.looseObject({ n: z.number().int().positive() }) }),
  g2: z.looseObject({ n: z.number().int().positive() }),
  calibration: z.looseObject({ k: z.number(), scale: z.number() }),
});

export interface InverseManifest {
  id: string;
  kind: 'inverse';
  version: string;
  created: string;
  element: string;
  edge: 'K';
  /** ONNX file (one graph, outputs `members` [M,N,50], `mean`, `sigma`). */
  onnx: string;
  members: number;
  /** Pre-processing of spectra (theory and measured). */
  recipe: InverseRecipe;
  /** G2 wACSF parameters of the targets, with the centres (the r-grid of the output). */
  g2: { n: number; rMinAngstrom: number; rMaxAngstrom: number; cutoffAngstrom: number; eta: number; zWeight: number; r: number[] };
  architecture: CnnConfig;
  training: {
    /** The source(s), `+`-joined when extra sources were used (then listed in `extraSources`). */
    data: string;
    /** Sources trained on besides the target's main one, with their split, theory settings and oversampling. */
    extraSources?: ExtraSourceUse[];
    dataHash: string;
    samples: { train: number; calibration: number; test: number; skipped: number };
    epochs: number;
    batchSize: number;
    learningRate: number;
    patience?: number;
    bootstrap: true;
    lossWeighting: 'inverse-variance' | 'none';
    lossWeights?: number[];
    augment?: AugmentSpec;
    command: string;
    wallTimeS: number;
  };
  /** Distance-aware rescaling of the ensemble σ, applied before `calibration` (see inverse/error-model). */
  errorModel?: ErrorModel;
  /** σ scale factors (split-conformal, on the calibration split). */
  calibration: { k: number; coverage: number; scale: number; perBinScale?: number[]; samples: number; coverageBefore: number; coverageAfter: number };
  /** Held-out (test split) summary; the full report is in reports/inverse-<element>.{json,md}. */
  metrics: Record<string, number>;
  /** Confidence thresholds (filled by the confidence evaluation). */
  confidence?: Record<string, unknown>;
}
