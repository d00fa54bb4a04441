/**
 * @module confidence/model-files
 * Where the confidence references meet the model folders: the thresholds of a fitted `ood.json`
 * copied into the inverse manifest's `confidence` key, and the forward model folders of a models
 * folder (for fit:confidence and eval:confidence).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOodFile, type OodFile } from './ood-file.ts';
import { writeFileAtomic } from '../io/index.ts';

/**
 * Record a fitted reference in `<modelDir>/manifest.json`: read-modify-write of its `confidence`
 * key only (file, fitted, held-out split, and the thresholds as `ood.json` stores them, so write
 * that first), atomically. Does nothing when the folder has no manifest.
 *
 * @example
 * writeOodFile(dir, ood);
 * recordConfidenceInManifest(dir, ood);
 */
export function recordConfidenceInManifest(modelDir: string, ood: Pick<OodFile, 'fitted' | 'heldOut'>): void {
  const manifestPath = join(modelDir, 'manifest.json');
  if (!existsSync(manifestPath)) return;
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  m.confidence = { file: 'ood.json', fitted: ood.fitted, heldOut: ood.heldOut, thresholds: readOodFile(modelDir)!.thresholds };
  writeFileAtomic(manifestPath, JSON.stringify(m, null, 1));
}

/**
 * Folders `<modelsDir>/forward/<id>` holding `file` (e.g. `manifest.json`, `ood.json`), in
 * directory order; none when there is no forward folder.
 *
 * @example
 * forwardModelDirs('models', 'ood.json'); // ['models/forward/universal-k-v3']
 */
export function forwardModelDirs(modelsDir: string, file: string): string[] {
  const root = join(modelsDir, 'forward');
  if (!existsSync(root)) return [];
  return readdirSync(root).map((d) => join(root, d)).filter((d) => existsSync(join(d, file)));
}
