/**
 * The one-node MatMul session of src/onnx/matmul.ts: ONNX Runtime's product equals the JavaScript
 * one, shapes are checked, and a broadened-prediction cache that takes the native route stores
 * the same numbers as one that stays in JavaScript.
 */
import { describe, expect, it } from 'vitest';
import { matMul } from '../../src/onnx/index.ts';
import { BroadenedCache, jsMatMul } from '../../src/screen/index.ts';
import { mulberry32 } from '../../src/learn/index.ts';

describe('matMul on ONNX Runtime', () => {
  it('equals the JavaScript product within float32 rounding', async () => {
    const rand = mulberry32(7);
    const [r, k, c] = [37, 101, 23];
    const a = Float32Array.from({ length: r * k }, () => rand() - 0.5);
    const b = Float32Array.from({ length: k * c }, () => rand() - 0.5);
    const native = await matMul(a, [r, k], b, [k, c]);
    const js = await jsMatMul(a, [r, k], b, [k, c]);
    expect(native).toHaveLength(r * c);
    for (let i = 0; i < r * c; i++) expect(Math.abs(native[i]! - js[i]!)).toBeLessThan(1e-5);
    expect(await matMul(a, [r, k], new Float32Array(0), [k, 0])).toHaveLength(0);
    await expect(matMul(a, [r, k], b, [k + 1, c])).rejects.toThrow(/cannot multiply/);
  });

  it('a cache on the native route stores what the JavaScript route stores', async () => {
    const grid = Float64Array.from({ length: 300 }, (_, i) => -10 + 0.25 * i);
    const window = Float64Array.from({ length: 100 }, (_, i) => -8 + 0.5 * i);
    const items = Array.from({ length: 6 }, (_, r) => ({ key: `s${r}`, mu: Float64Array.from(grid, (e) => 1 / (1 + Math.exp(-(e - r) / 1.5)) + 0.3 * Math.exp(-(((e - 8 - r) / 2) ** 2))) }));
    const b = [{ gamma0Ev: 1.5, gamma1: 0.08, gaussianFwhmEv: 1 }];
    const viaJs = new BroadenedCache({ nativeMinMultiplyAdds: Infinity });
    const viaOnnx = new BroadenedCache();
    await viaJs.fill(items, grid, b, window);
    await viaOnnx.fill(items, grid, b, window, { onnxLoaded: true });
    for (const it of items) {
      const x = viaJs.onWindow(it.key, grid, it.mu, b[0]!, window);
      const y = viaOnnx.onWindow(it.key, grid, it.mu, b[0]!, window);
      x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThan(1e-5));
    }
  });
});
