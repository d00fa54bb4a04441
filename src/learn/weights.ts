/**
 * @module learn/weights
 * Trained network weights as named `Float32Array`s, and their on-disk form: `<base>.json` (config,
 * tensor names, shapes, offsets, free metadata) + `<base>.bin` (little-endian float32, concatenated).
 * Both models use it: the inverse CNN members (`C` = inverse `CnnConfig`) and the forward MLPs
 * (`C` = forward `MlpConfig`); the format tag stays `xasinv-cnn` so existing files still read.
 * Files are written atomically (tmp file, then rename; `.bin` before `.json`), so an existing
 * `.json` always means a complete model.
 */
import { readFileSync, existsSync } from 'node:fs';
import { ParseError } from '../errors.ts';
import { writeFileAtomic } from '../io/index.ts';

/** One weight tensor: row-major data with its tfjs shape. */
export interface NamedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A complete trained network: architecture record `C` plus weights plus free-form metadata. */
export interface ModelWeights<C = unknown> {
  config: C;
  weights: NamedWeight[];
  /** JSON-able extras (training history, seed, bootstrap info, preprocessing…). */
  meta?: Record<string, unknown>;
}

/** Header stored in `<base>.json`. */
export interface ModelWeightsHeader<C = unknown> {
  format: 'xasinv-cnn';
  version: 1;
  config: C;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  meta?: Record<string, unknown>;
}

/**
 * Split a model into a JSON-able header and one little-endian float32 byte buffer.
 *
 * @example
 * const { header, bytes } = serializeModelWeights(model);
 * const back = deserializeModelWeights(header, bytes);
 */
export function serializeModelWeights<C = unknown>(model: ModelWeights<C>): { header: ModelWeightsHeader<C>; bytes: Uint8Array } {
  let total = 0;
  const tensors = model.weights.map((w) => {
    const entry = { name: w.name, shape: [...w.shape], offset: total, length: w.data.length };
    total += w.data.length;
    return entry;
  });
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  model.weights.forEach((w, t) => {
    const base = tensors[t]!.offset * 4;
    for (let i = 0; i < w.data.length; i++) view.setFloat32(base + 4 * i, w.data[i]!, true);
  });
  const header: ModelWeightsHeader<C> = { format: 'xasinv-cnn', version: 1, config: model.config, tensors };
  if (model.meta) header.meta = model.meta;
  return { header, bytes };
}

/**
 * Inverse of {@link serializeModelWeights}. `file` names the source in error messages.
 *
 * @example
 * const model = deserializeModelWeights(JSON.parse(text), bytes, 'member-00.json');
 */
export function deserializeModelWeights<C = unknown>(header: unknown, bytes: Uint8Array, file = '<memory>'): ModelWeights<C> {
  const h = header as Partial<ModelWeightsHeader<C>> | null;
  if (!h || typeof h !== 'object' || h.format !== 'xasinv-cnn') {
    throw new ParseError(file, undefined, 'not an xasinv CNN model header (expected format "xasinv-cnn")');
  }
  if (h.version !== 1) throw new ParseError(file, undefined, `unsupported model version ${String(h.version)}, expected 1`);
  if (!h.config || !Array.isArray(h.tensors)) throw new ParseError(file, undefined, 'model header lacks "config" or "tensors"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = h.tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.length) {
      throw new ParseError(file, undefined, `tensor "${t.name}": shape [${t.shape.join(',')}] has ${size} values but length is ${t.length}`);
    }
    if ((t.offset + t.length) * 4 > bytes.byteLength) {
      throw new ParseError(file, undefined, `tensor "${t.name}" runs past the end of the weight data (${bytes.byteLength} bytes)`);
    }
    const data = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) data[i] = view.getFloat32((t.offset + i) * 4, true);
    return { name: t.name, shape: [...t.shape], data };
  });
  const model: ModelWeights<C> = { config: h.config, weights };
  if (h.meta) model.meta = h.meta;
  return model;
}

/**
 * Write `<base>.bin` and `<base>.json` atomically (tmp + rename; the `.json` lands last).
 *
 * @example
 * saveModelWeights('runs/fe/member-00', model); // writes member-00.bin, member-00.json
 */
export function saveModelWeights<C = unknown>(basePath: string, model: ModelWeights<C>): void {
  const { header, bytes } = serializeModelWeights(model);
  // The .json last: an existing .json means a complete model.
  writeFileAtomic(`${basePath}.bin`, bytes);
  writeFileAtomic(`${basePath}.json`, JSON.stringify(header, null, 1));
}

/**
 * Read a model written by {@link saveModelWeights}.
 *
 * @example
 * const model = loadModelWeights('runs/fe/member-00');
 */
export function loadModelWeights<C = unknown>(basePath: string): ModelWeights<C> {
  const jsonPath = `${basePath}.json`;
  const binPath = `${basePath}.bin`;
  if (!existsSync(jsonPath)) throw new ParseError(jsonPath, undefined, 'model file not found');
  if (!existsSync(binPath)) throw new ParseError(binPath, undefined, 'weight file not found');
  let header: unknown;
  try {
    header = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new ParseError(jsonPath, undefined, `invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  return deserializeModelWeights<C>(header, new Uint8Array(readFileSync(binPath)), jsonPath);
}
