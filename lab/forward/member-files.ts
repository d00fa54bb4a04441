/**
 * @module lab/forward/member-files
 * A trained forward MLP on disk, in the weight-file format of src/learn/weights.ts
 * (`<base>.json` + `<base>.bin`, written atomically), the feature standardisation stored as two
 * more tensors. Training writes one file per finished member, so an interrupted run resumes at
 * the next unfinished member and members can train in separate processes.
 */
import { existsSync } from 'node:fs';
import { ParseError } from '../../src/errors.ts';
import { loadModelWeights, saveModelWeights } from '../../src/learn/index.ts';
import { mlpWeightShapes, type MlpConfig, type MlpModel } from './mlp.ts';

const MEAN = 'featureMean';
const SCALE = 'featureScale';

/**
 * Write `model` to `<basePath>.json` / `.bin`.
 *
 * @example
 * saveMlpModel('.cache/train-forward/ab12/member-03', model);
 */
export function saveMlpModel(basePath: string, model: MlpModel): void {
  saveModelWeights<MlpConfig>(basePath, {
    config: model.config,
    weights: [...model.weights, { name: MEAN, shape: [model.featureMean.length], data: model.featureMean }, { name: SCALE, shape: [model.featureScale.length], data: model.featureScale }],
    ...(model.meta ? { meta: model.meta } : {}),
  });
}

/** True when a complete member file exists at `basePath`. */
export function mlpModelExists(basePath: string): boolean {
  return existsSync(`${basePath}.json`) && existsSync(`${basePath}.bin`);
}

/**
 * Read a model written by {@link saveMlpModel}; checks every tensor against the config.
 *
 * @example
 * const model = loadMlpModel('.cache/train-forward/ab12/member-03');
 */
export function loadMlpModel(basePath: string): MlpModel {
  const raw = loadModelWeights<MlpConfig>(basePath);
  const file = `${basePath}.json`;
  if (raw.config?.kind !== 'mlp') throw new ParseError(file, undefined, 'not a forward MLP (config.kind is not "mlp")');
  const byName = new Map(raw.weights.map((w) => [w.name, w]));
  const weights = mlpWeightShapes(raw.config).map(({ name, shape }) => {
    const w = byName.get(name);
    if (!w) throw new ParseError(file, undefined, `tensor "${name}" is missing`);
    if (w.shape.join(',') !== shape.join(',')) throw new ParseError(file, undefined, `tensor "${name}" has shape [${w.shape.join(',')}], the config needs [${shape.join(',')}]`);
    return w;
  });
  const stat = (name: string): Float32Array => {
    const w = byName.get(name);
    if (!w || w.data.length !== raw.config.inputLength) throw new ParseError(file, undefined, `tensor "${name}" is missing or not of length ${raw.config.inputLength}`);
    return w.data;
  };
  return { config: raw.config, weights, featureMean: stat(MEAN), featureScale: stat(SCALE), ...(raw.meta ? { meta: raw.meta } : {}) };
}
