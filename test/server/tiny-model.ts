/**
 * A tiny, untrained (seeded random weights) 2-member inverse model for Fe, written to a temp
 * models folder in well under a second: enough to exercise the whole rdf path without training.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cnnConfig, initCnnWeights } from '../../src/inverse/index.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { INVERSE_TARGETS } from '../../src/inverse/targets.ts';
import { ensembleToOnnx } from '../../lab/inverse/index.ts';
import { resolveG2Options } from '../../src/structure/index.ts';

/** Writes `<modelsDir>/inverse/fe-k/{ensemble.onnx, manifest.json}`. */
export function writeTinyInverseModel(modelsDir: string, element = 'Fe', members = 2): string {
  const recipe = INVERSE_TARGETS[element]!.recipe;
  const g2 = resolveG2Options({});
  const config = cnnConfig({ inputLength: recipe.grid.n, outputLength: g2.n, filters: [2, 2] });
  const models = Array.from({ length: members }, (_, m) => ({ config, weights: initCnnWeights(config, 100 + m) }));
  const id = `${element.toLowerCase()}-k`;
  const dir = join(modelsDir, 'inverse', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ensemble.onnx'), ensembleToOnnx(models));
  const manifest: InverseManifest = {
    id,
    kind: 'inverse',
    version: '0.0.0-test',
    created: '2026-01-01T00:00:00Z',
    element,
    edge: 'K',
    onnx: 'ensemble.onnx',
    members,
    recipe,
    g2: { n: g2.n, rMinAngstrom: g2.rMinAngstrom, rMaxAngstrom: g2.rMaxAngstrom, cutoffAngstrom: g2.cutoffAngstrom, eta: g2.eta, zWeight: 0.1, r: Array.from(g2.centresAngstrom) },
    architecture: config,
    training: { data: 'none (test)', dataHash: '0'.repeat(64), samples: { train: 0, calibration: 0, test: 0, skipped: 0 }, epochs: 0, batchSize: 1, learningRate: 0, bootstrap: true, lossWeighting: 'none', command: 'test', wallTimeS: 0 },
    calibration: { k: 2, coverage: 0.95, scale: 1, samples: 0, coverageBefore: 0, coverageAfter: 0 },
    metrics: { medianMse: 1 },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
