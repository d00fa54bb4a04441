/**
 * @module lab/report/provenance
 * What produced a model or calibration file: the code commit and the runtime versions (Node,
 * onnxruntime-node, tfjs), written into the manifests and calibration files the lab writes
 * (fields added in 2026-12; files written before keep what they recorded).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gitCommit } from './git-commit.ts';

/** The provenance fields of a manifest or calibration file. */
export interface Provenance {
  /** HEAD of the checkout (with " (with uncommitted changes)" when tracked files differ); null outside git. */
  codeCommit: string | null;
  runtime: { node: string; onnxruntimeNode: string | null; tfjs: string | null };
}

/** The installed version of a package (null when it is not installed). */
function packageVersion(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    const path = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/**
 * Provenance of a file written now.
 * @example provenance() // { codeCommit: '37b01fc…', runtime: { node: '20.20.2', onnxruntimeNode: '1.30.0', tfjs: '4.22.0' } }
 */
export function provenance(): Provenance {
  return {
    codeCommit: gitCommit() ?? null,
    runtime: { node: process.versions.node, onnxruntimeNode: packageVersion('onnxruntime-node'), tfjs: packageVersion('@tensorflow/tfjs') },
  };
}
