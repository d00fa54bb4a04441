import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapIndices, outOfBagIndices, repeatRows } from '../../src/ensemble/index.ts';
import { writeDatasetFile, readDatasetFile } from '../../lab/inverse/index.ts';
import { formatProgress, formatDuration } from '../../lab/ensemble/index.ts';
import { syntheticPeaks } from '../inverse/synthetic-data.ts';

describe('bootstrapIndices', () => {
  it('resamples with replacement, reproducibly, leaving ≈ 1/e out of bag', () => {
    const n = 2000;
    const a = bootstrapIndices(n, 5);
    expect(a.length).toBe(n);
    expect(Array.from(a)).toEqual(Array.from(bootstrapIndices(n, 5)));
    expect(Array.from(a)).not.toEqual(Array.from(bootstrapIndices(n, 6)));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(n);
    const oob = outOfBagIndices(a, n);
    // Expected OOB fraction (1 − 1/n)^n ≈ 0.3679, binomial sd ≈ 0.011 at n = 2000.
    expect(oob.length / n).toBeGreaterThan(0.33);
    expect(oob.length / n).toBeLessThan(0.41);
    const inBag = new Set(a);
    expect(oob.every((i) => !inBag.has(i))).toBe(true);
    expect(inBag.size + oob.length).toBe(n);
  });
  it('rejects a non-positive count', () => {
    expect(() => bootstrapIndices(0, 1)).toThrow(/positive integer/);
  });
});

describe('repeatRows', () => {
  it('repeats each drawn row by its count (0 drops it), keeping the order; the out-of-bag rows are those of the plain draw', () => {
    expect(Array.from(repeatRows(Uint32Array.from([0, 0, 2, 3]), [1, 5, 3, 0]))).toEqual([0, 0, 2, 2, 2]);
    const n = 200;
    const repeats = Array.from({ length: n }, (_, i) => (i < 20 ? 8 : 1));
    const drawn = bootstrapIndices(n, 3);
    const rows = repeatRows(drawn, repeats);
    // Rows 0–19 drawn k times appear 8k times; row 0..19 out-of-bag stays absent.
    const count = new Map<number, number>();
    for (const r of rows) count.set(r, (count.get(r) ?? 0) + 1);
    for (let i = 0; i < n; i++) expect(count.get(i) ?? 0).toBe(drawn.filter((d) => d === i).length * repeats[i]!);
    expect(outOfBagIndices(drawn, n).every((i) => !count.has(i))).toBe(true);
  });
  it('rejects a count that is not a whole number ≥ 0, naming the row', () => {
    expect(() => repeatRows(Uint32Array.from([1]), [1, 1.5])).toThrow(/row 1 has repeat count 1\.5/);
    expect(() => repeatRows(Uint32Array.from([2]), [1, 1])).toThrow(/row 2 has repeat count undefined/);
  });
});

describe('dataset file', () => {
  it('round-trips training and validation data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-ds-'));
    const train = syntheticPeaks(10, 64, 6, 1);
    const validation = syntheticPeaks(3, 64, 6, 2);
    writeDatasetFile(join(dir, 'd'), train, validation);
    const back = readDatasetFile(join(dir, 'd'));
    expect(back.train.n).toBe(10);
    expect(Array.from(back.train.x)).toEqual(Array.from(train.x));
    expect(Array.from(back.train.y)).toEqual(Array.from(train.y));
    expect(Array.from(back.validation!.y)).toEqual(Array.from(validation.y));
    writeDatasetFile(join(dir, 'e'), train);
    expect(readDatasetFile(join(dir, 'e')).validation).toBeUndefined();
    expect(() => readDatasetFile(join(dir, 'missing'))).toThrow(/missing\.json/);
  });
});

describe('progress lines', () => {
  it('match the documented format', () => {
    expect(formatProgress({ member: 3, members: 15, epoch: 12, epochs: 50, trainLoss: 0.0123, valLoss: 0.015, etaSeconds: 252 })).toBe(
      'member 3/15 epoch 12/50 loss 0.0123 val 0.0150 ETA 4m12s',
    );
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(7500)).toBe('2h05m');
    expect(formatProgress({ member: 1, members: 2, epoch: 1, epochs: 2, trainLoss: 1.5e-5 })).toBe('member 1/2 epoch 1/2 loss 1.500e-5');
  });
});
