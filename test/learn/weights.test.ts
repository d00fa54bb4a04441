import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelWeights, saveModelWeights, seededRng, type ModelWeights } from '../../src/learn/index.ts';
import { ParseError } from '../../src/errors.ts';

/** Any architecture record: the weight files do not look into it. */
interface TinyConfig {
  layers: number[];
}

function tinyModel(seed: number): ModelWeights<TinyConfig> {
  const rng = seededRng(seed);
  const tensor = (name: string, shape: number[]) => ({ name, shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()) });
  return { config: { layers: [3, 4, 2] }, weights: [tensor('dense0.kernel', [3, 4]), tensor('dense0.bias', [4]), tensor('dense1.kernel', [4, 2]), tensor('dense1.bias', [2])] };
}

describe('weight files', () => {
  it('round-trip through .json + .bin atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-w-'));
    const model = tinyModel(2);
    saveModelWeights(join(dir, 'm'), { ...model, meta: { seed: 2 } });
    expect(readdirSync(dir).sort()).toEqual(['m.bin', 'm.json']);
    const back = loadModelWeights<TinyConfig>(join(dir, 'm'));
    expect(back.config).toEqual(model.config);
    expect(back.meta).toEqual({ seed: 2 });
    back.weights.forEach((w, i) => {
      expect(w.name).toBe(model.weights[i]!.name);
      expect(w.shape).toEqual(model.weights[i]!.shape);
      expect(w.data).toEqual(model.weights[i]!.data);
    });
  });

  it('reports a missing or corrupt file as a ParseError naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-w-'));
    expect(() => loadModelWeights(join(dir, 'none'))).toThrow(ParseError);
    writeFileSync(join(dir, 'bad.json'), '{"format":"xasinv-cnn",');
    writeFileSync(join(dir, 'bad.bin'), new Uint8Array(4));
    expect(() => loadModelWeights(join(dir, 'bad'))).toThrow(/bad\.json: invalid JSON/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'xasinv-cnn', version: 1, config: tinyModel(1).config, tensors: [{ name: 'a', shape: [2], offset: 0, length: 2 }] }));
    expect(() => loadModelWeights(join(dir, 'bad'))).toThrow(/runs past the end/);
    expect(existsSync(join(dir, 'bad.json'))).toBe(true);
  });
});
