/**
 * When ONNX Runtime's product fails, the broadened-prediction cache computes the same numbers in
 * JavaScript (a ranking never fails because the native product does).
 */
import { describe, expect, it, vi } from 'vitest';

const failing = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../src/onnx/index.ts', () => ({
  matMul: async () => {
    failing.calls++;
    throw new Error('ONNX inference failed (mocked)');
  },
}));

const { BroadenedCache, applyWindowMatrix, windowBroadeningMatrix } = await import('../../src/screen/index.ts');

describe('BroadenedCache without a working ONNX Runtime', () => {
  it('falls back to the JavaScript product with the same numbers', async () => {
    const grid = Float64Array.from({ length: 200 }, (_, i) => -10 + 0.25 * i);
    const window = Float64Array.from({ length: 60 }, (_, i) => -8 + 0.5 * i);
    const items = Array.from({ length: 4 }, (_, r) => ({ key: `s${r}`, mu: Float64Array.from(grid, (e) => 1 / (1 + Math.exp(-(e - r) / 1.5))) }));
    const b = { gamma0Ev: 1, gamma1: 0.1, gaussianFwhmEv: 1 };
    const cache = new BroadenedCache({ nativeMinMultiplyAdds: 0 }); // every product would go native
    await cache.fill(items, grid, [b], window);
    expect(failing.calls).toBe(1); // tried once, then JavaScript
    expect(cache.size).toBe(items.length);
    const w = windowBroadeningMatrix(grid, b, window);
    for (const it of items) {
      const expected = applyWindowMatrix(w, it.mu, window.length);
      cache.onWindow(it.key, grid, it.mu, b, window).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
    }
    await cache.fill([{ key: 'again', mu: items[0]!.mu }], grid, [b], window);
    expect(failing.calls).toBe(1); // not tried again in this process
  });
});
