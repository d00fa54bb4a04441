/**
 * The absorbers xasinv ships a model for (an inverse model or a forward model's training absorbers),
 * read from the manifests under `models/`. Element identification prefers them over an unrelated
 * edge that happens to lie nearer a spectrum's E0.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../paths.ts';

const cache = new Map<string, { stamp: string; elements: string[] }>();

/** `element` (inverse) or `elements` (forward) of one manifest; nothing when unreadable. */
function manifestElements(path: string): string[] {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { element?: unknown; elements?: unknown };
    const list = [m.element, ...(Array.isArray(m.elements) ? m.elements : [])];
    return list.filter((e): e is string => typeof e === 'string' && /^[A-Z][a-z]?$/.test(e));
  } catch {
    return [];
  }
}

/**
 * Element symbols with a shipped model, sorted; re-read when a manifest changes (mtime).
 * @example modelledElements() // ['Co', 'Cu', 'Fe', 'S'] with the models of 2026-12
 */
export function modelledElements(modelsDir = MODELS_DIR): string[] {
  const manifests: string[] = [];
  for (const kind of ['inverse', 'forward']) {
    const dir = join(modelsDir, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name, 'manifest.json');
      if (existsSync(path)) manifests.push(path);
    }
  }
  const stamp = manifests.map((p) => `${p}:${statSync(p).mtimeMs}`).join('|');
  const hit = cache.get(modelsDir);
  if (hit && hit.stamp === stamp) return hit.elements;
  const elements = [...new Set(manifests.flatMap(manifestElements))].sort();
  cache.set(modelsDir, { stamp, elements });
  return elements;
}
