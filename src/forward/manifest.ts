/**
 * @module forward/manifest
 * The model folder `models/forward/<id>/`: `ensemble.onnx` (all members; outputs members, mean,
 * sigma) + `manifest.json` carrying everything needed to reproduce the inputs and read the
 * outputs (grid, preprocessing, descriptor, architecture, calibration, metrics, training record).
 * Since 2.0 it also gives each absorber's valid range on the grid (`validRangeEv`, see
 * valid-range.ts); a manifest without it (models 1.x) is valid on its whole grid.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import type { DescriptorParams } from './descriptor.ts';
import type { RelativeGrid } from './grid.ts';
import type { PairSource } from '../data/index.ts';
import { ALL_FORWARD_SOURCES, type SourceRecipe } from './sources.ts';
import { readJsonFile } from '../io/index.ts';
import { z } from 'zod';

/**
 * What reading a manifest checks (zod): the kind and the sections inference reads. Other fields
 * pass through as written.
 */
export const FORWARD_MANIFEST_SCHEMA = z.looseObject({
  id: z.string(),
  kind: z.literal('forward'),
  version: z.string(),
  elements: z.array(z.string()),
  grid: z.looseObject({ n: z.number().int().positive(), energyEv: z.array(z.number()) }),
  validRangeEv: z.record(z.string(), z.array(z.unknown())).optional(),
  preprocessing: z.looseObject({}),
  descriptor: z.looseObject({}),
  architecture: z.looseObject({}),
  calibration: z.looseObject({}),
  training: z.looseObject({ dataHash: z.string() }),
});

/**
 * Id (= folder under models/forward/) of the shipped forward model that `xasinv predict`, the API
 * and screening load by default. universal-k-v1 (1.4.0, in git at a33e19b): −10…+30 eV for every absorber;
 * universal-k-v2 (2.0.0, in git at a33e19b): −10…+127.5 eV, each absorber cropped to its valid range;
 * universal-k-v3 (3.0.0): the 2.0.0 recipe with the project's FEFF Fe crystals as a fifth source.
 */
export const DEFAULT_FORWARD_MODEL_ID = 'universal-k-v3';

/** Folder of the shipped forward model. */
export function defaultForwardModelDir(): string {
  return join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID);
}

/** Preprocessing of one source, with the measured energy offset. */
export interface ManifestSource extends SourceRecipe {
  /** E_rel = E − E_edge(Elam, K) − offsetEv. */
  offsetEv: number;
}

/** `manifest.json` of a forward model. */
export interface ForwardManifest {
  id: string;
  kind: 'forward';
  version: string;
  created: string;
  /** Absorbers the model was trained on, in the order of the descriptor's one-hot. */
  elements: string[];
  edge: 'K';
  grid: RelativeGrid;
  /**
   * Per absorber, [lo, hi] (eV, on the grid): the grid points at least `validRange.fraction` of its
   * training spectra cover with data. Absent (models 1.x): the whole grid.
   */
  validRangeEv?: Record<string, [number, number]>;
  /** How `validRangeEv` was measured. */
  validRange?: { fraction: number; rule: string };
  preprocessing: {
    energyAxis: string;
    convention: string;
    maxClampEv: number;
    sources: ManifestSource[];
  };
  descriptor: DescriptorParams & { channels: string[]; length: number; absorberOneHot: string[] };
  architecture: Record<string, unknown> & { kind: 'mlp'; hidden: number[]; inputLength: number; outputLength: number; members: number };
  calibration: { k: number; coverage: number; scale: number; perBinScale?: number[]; samples: number; coverageBefore: number; coverageAfter: number; split: string };
  metrics: Record<string, unknown>;
  training: Record<string, unknown> & {
    /** The model's data hash as recorded at training time (part of its predictor id). */
    dataHash: string;
    /** forwardDataHash of its data, when `dataHash` was recorded over absolute paths (3.0.0). */
    dataHashPortable?: string;
    command: string;
    wallTimeS: number;
    members: number;
  };
}

/**
 * The hash that forwardDataHash gives for this model's training data on any machine: the
 * recorded one, or for 3.0.0 (recorded over absolute paths) the one added beside it.
 *
 * @example
 * forwardDataHash(forwardPairs(dataDir, trainingSourcesOf(m)), dataDir) === portableDataHashOf(m)
 */
export function portableDataHashOf(m: ForwardManifest): string {
  return m.training.dataHashPortable ?? m.training.dataHash;
}

/**
 * The training sources of a model, as its manifest lists them (preprocessing.sources), in
 * training order: what its dataset must be rebuilt from (confidence references, evaluation).
 *
 * @example
 * buildForwardDataset(dataDir, { ..., sources: trainingSourcesOf(m) });
 */
export function trainingSourcesOf(m: ForwardManifest): PairSource[] {
  const listed = new Set<string>(m.preprocessing.sources.map((s) => s.source));
  return ALL_FORWARD_SOURCES.filter((s) => listed.has(s));
}

/**
 * The descriptor parameters stored in a manifest, without the informational extras.
 *
 * @example
 * siteDescriptor(structure, site, m.elements, descriptorParamsOf(m));
 */
export function descriptorParamsOf(m: ForwardManifest): DescriptorParams {
  const d = m.descriptor;
  const p: DescriptorParams = {
    rMinAngstrom: d.rMinAngstrom,
    rMaxAngstrom: d.rMaxAngstrom,
    nRadial: d.nRadial,
    cutoffAngstrom: d.cutoffAngstrom,
    angularCutoffAngstrom: d.angularCutoffAngstrom,
    angularEtas: [...d.angularEtas],
    angularZetas: [...d.angularZetas],
    angular: d.angular,
  };
  if (d.splitMetals !== undefined) p.splitMetals = d.splitMetals;
  if (d.soap !== undefined) p.soap = { ...d.soap };
  if (d.soapChannels !== undefined) p.soapChannels = [...d.soapChannels];
  return p;
}

/**
 * Read and check `manifest.json` of a forward model folder.
 *
 * @example
 * const m = readForwardManifest(defaultForwardModelDir()); // m.elements: ['Co', 'Cu', 'Fe', 'S']
 */
export function readForwardManifest(dir: string): ForwardManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new ParseError(path, undefined, 'forward model manifest not found (train one with `npm run train:forward`)');
  const m = readJsonFile(path, FORWARD_MANIFEST_SCHEMA) as unknown as ForwardManifest;
  const e = m.grid.energyEv;
  if (e.length !== m.grid.n) throw new ParseError(path, undefined, 'grid.energyEv does not have grid.n values');
  if (m.validRangeEv !== undefined) {
    for (const el of m.elements!) {
      const r = m.validRangeEv[el];
      const onGrid = (v: unknown): boolean => typeof v === 'number' && e.some((g) => Math.abs(g - v) <= 1e-6);
      if (!Array.isArray(r) || r.length !== 2 || !onGrid(r[0]) || !onGrid(r[1]) || !(r[0] < r[1])) {
        throw new ParseError(path, undefined, `validRangeEv.${el} must be [lo, hi] with lo < hi, both grid energies (${e[0]}…${e[e.length - 1]} eV); got ${JSON.stringify(r)}`);
      }
    }
  }
  return m;
}
