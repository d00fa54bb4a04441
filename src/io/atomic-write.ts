/**
 * @module io/atomic-write
 * Files written whole or not at all: a temporary file beside the target, then a rename.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Write a file atomically: a temporary file in the same folder (named by the process id, so two
 * processes never share one), then a rename over the target; the folder is created if missing.
 * Readers see the old file or the new one, never a part.
 *
 * @example
 * writeFileAtomic('models/fe/ensemble.onnx', ensembleToOnnx(members));
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
