/**
 * @module lab/inverse/dataset-file
 * Training data handed to worker processes through a file instead of IPC messages:
 * `<base>.json` (header) + `<base>.f32` (little-endian float32: x, then y, then validation x, y).
 */
import { readFileSync } from 'node:fs';
import { ParseError } from '../../src/errors.ts';
import type { TrainingData } from './train.ts';
import { writeFileAtomic } from '../../src/io/index.ts';

/** Header of a dataset file. */
export interface DatasetHeader {
  format: 'xasinv-dataset';
  version: 1;
  n: number;
  inputLength: number;
  outputLength: number;
  /** Number of validation rows stored after the training rows (0 = none). */
  validationN: number;
}

/**
 * Write training (and optional validation) data atomically.
 *
 * @example
 * writeDatasetFile('runs/fe/dataset', train, validation);
 */
export function writeDatasetFile(basePath: string, train: TrainingData, validation?: TrainingData): void {
  const header: DatasetHeader = {
    format: 'xasinv-dataset',
    version: 1,
    n: train.n,
    inputLength: train.inputLength,
    outputLength: train.outputLength,
    validationN: validation?.n ?? 0,
  };
  const parts = [train.x, train.y, ...(validation ? [validation.x, validation.y] : [])];
  const total = parts.reduce((a, p) => a + p.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) view.setFloat32(4 * (offset + i), p[i]!, true);
    offset += p.length;
  }
  writeFileAtomic(`${basePath}.f32`, bytes);
  writeFileAtomic(`${basePath}.json`, JSON.stringify(header));
}

/**
 * Read a dataset written by {@link writeDatasetFile}.
 *
 * @example
 * const { train, validation } = readDatasetFile('runs/fe/dataset');
 */
export function readDatasetFile(basePath: string): { train: TrainingData; validation?: TrainingData } {
  const jsonPath = `${basePath}.json`;
  const binPath = `${basePath}.f32`;
  let header: DatasetHeader;
  let buf: Buffer;
  try {
    header = JSON.parse(readFileSync(jsonPath, 'utf8')) as DatasetHeader;
    buf = readFileSync(binPath);
  } catch (err) {
    throw new ParseError(jsonPath, undefined, `cannot read dataset: ${(err as Error).message}`, { cause: err });
  }
  if (header.format !== 'xasinv-dataset') throw new ParseError(jsonPath, undefined, 'not an xasinv dataset header');
  const { n, inputLength: L, outputLength: K, validationN: v } = header;
  const expected = (n + v) * (L + K) * 4;
  if (buf.byteLength !== expected) {
    throw new ParseError(binPath, undefined, `expected ${expected} bytes for ${n}+${v} samples, found ${buf.byteLength}`);
  }
  const all = new Float32Array(buf.byteLength / 4);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < all.length; i++) all[i] = view.getFloat32(4 * i, true);
  let o = 0;
  const take = (len: number): Float32Array => all.subarray(o, (o += len));
  const train: TrainingData = { x: take(n * L), y: take(n * K), n, inputLength: L, outputLength: K };
  if (v === 0) return { train };
  return { train, validation: { x: take(v * L), y: take(v * K), n: v, inputLength: L, outputLength: K } };
}
