/**
 * @module lab/forward/records-snapshot
 * Which FEFF Fe crystal records a forward model was trained on. The batch only appends to
 * `records.jsonl`, so a model names its records by path, length and sha256 of those first bytes
 * (manifest `training.feRecords`), and the same records are read again however far the batch has
 * gone since: a recipe run, the data hash and the evaluation all read that prefix.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { REPO_ROOT } from '../../src/paths.ts';

/** The records a model read: path (repository-relative when inside it), byte length, sha256 of those bytes. */
export interface RecordsSnapshot {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * The complete records of a (possibly live) records file now: its bytes up to the last newline,
 * or its first `bytes` bytes (which must be complete records).
 * @example recordsSnapshot('data/feff-fe-crystals/records.jsonl').bytes
 */
export function recordsSnapshot(path: string, bytes?: number): RecordsSnapshot {
  if (!existsSync(path)) throw new InputError(`FEFF Fe crystal records not found: ${path} (pass --fe-records pointing at the batch's records.jsonl)`);
  const all = readFileSync(path);
  const complete = all.lastIndexOf(0x0a) + 1;
  if (bytes !== undefined && (!Number.isInteger(bytes) || bytes < 0 || bytes > complete)) throw new InputError(`${path} holds ${complete} bytes of complete records; a snapshot of ${bytes} bytes is not one of them`);
  bytes ??= complete;
  const rel = relative(REPO_ROOT, resolve(path));
  return { path: rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel, bytes, sha256: sha256(all.subarray(0, bytes)) };
}

/**
 * The records snapshot a model folder's manifest names (undefined when it names none), checked
 * against the file as it is now: its first `bytes` bytes must still hash the same.
 * @example modelRecordsSnapshot('models/forward/universal-k-v3')?.bytes // 225377
 */
export function modelRecordsSnapshot(modelDir: string): (RecordsSnapshot & { absolutePath: string }) | undefined {
  const manifestPath = join(modelDir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { training?: { feRecords?: Partial<RecordsSnapshot> } };
  const s = m.training?.feRecords;
  if (!s) return undefined;
  if (typeof s.path !== 'string' || !Number.isInteger(s.bytes) || typeof s.sha256 !== 'string') throw new InputError(`${manifestPath}: training.feRecords needs path, bytes and sha256`);
  const absolutePath = resolve(REPO_ROOT, s.path);
  if (!existsSync(absolutePath)) throw new InputError(`${manifestPath}: the records it was trained on, ${absolutePath}, are not there`);
  const all = readFileSync(absolutePath);
  if (all.length < s.bytes! || sha256(all.subarray(0, s.bytes!)) !== s.sha256) {
    throw new InputError(`${absolutePath}: its first ${s.bytes} bytes are no longer the records ${manifestPath} was trained on (sha256 ${s.sha256.slice(0, 12)}…); the file was rewritten, not appended to`);
  }
  return { path: s.path, bytes: s.bytes!, sha256: s.sha256, absolutePath };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
