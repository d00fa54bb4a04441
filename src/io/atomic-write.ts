/**
 * @module io/atomic-write
 * Files written whole or not at all: a temporary file beside the target, then a rename.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Write bytes atomically (tmp file, then rename).
 *
 * @example
 * writeFileAtomic('models/fe/ensemble.onnx', ensembleToOnnx(members));
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}
