import { describe, expect, it } from 'vitest';
import { DEFAULT_FORWARD_MODEL_ID, readForwardManifest, trainingSourcesOf, type ForwardManifest } from '../../src/forward/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { join } from 'node:path';

const withSources = (sources: string[]): ForwardManifest => ({ preprocessing: { sources: sources.map((source) => ({ source, offsetEv: 0 })) } }) as unknown as ForwardManifest;

describe('trainingSourcesOf', () => {
  it('lists the manifest sources in training order, the Fe FEFF crystals included when the model was trained on them', () => {
    expect(trainingSourcesOf(withSources(['fe-k-feff-crystals', 's-k-orca-molecules', 'cu-k-feff-crystals']))).toEqual(['cu-k-feff-crystals', 's-k-orca-molecules', 'fe-k-feff-crystals']);
  });

  it('gives the default model (3.0.0) the Fe FEFF crystals besides the four pair sets', () => {
    const dir = join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID);
    expect(trainingSourcesOf(readForwardManifest(dir))).toEqual(['cu-k-feff-crystals', 'fe-k-fdmnes-molecules', 'co-k-fdmnes-distortions', 's-k-orca-molecules', 'fe-k-feff-crystals']);
  });
});
