/**
 * @module server/result-cache
 * Answers of the spectrum routes (inspect, rdf, check, groups) kept by a content hash of the request:
 * route, file name, options and the uploaded bytes. The same upload posted again is answered without
 * any work. The answers depend only on these and on the models, which a server loads once, so an
 * entry never goes stale while the process runs. Least recently used entries go first once the
 * answers held pass `maxBytes` (counted as UTF-16 code units × 2, what V8 keeps for a string at most).
 * Errors are not cached.
 */
import { createHash } from 'node:crypto';

/** Counters for `/api/health`. */
export interface ResultCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/**
 * The cache key of a request: SHA-256 over its route, its options (file name included: it is part
 * of the answer) and its bytes.
 * @example resultKey('rdf', { name: 'Fe2O3.xdi', element: 'Fe' }, bytes) // '9f86d0…' (64 hex digits)
 */
export function resultKey(route: string, options: Record<string, string | number | undefined>, bytes: Uint8Array): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([route, Object.entries(options).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))]));
  h.update('\0');
  h.update(bytes);
  return h.digest('hex');
}

/**
 * A least-recently-used map of answer texts, bounded in bytes.
 * @example
 * const cache = new ResultCache(64 * 1048576);
 * const text = cache.get(key) ?? cache.set(key, await compute());
 */
export class ResultCache {
  readonly maxBytes: number;
  private readonly map = new Map<string, string>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  /** `maxBytes` 0 turns the cache off (every `get` misses, nothing is kept). */
  constructor(maxBytes: number) {
    this.maxBytes = Math.max(0, maxBytes);
  }

  /** The cached answer, marked as recently used; counts a hit or a miss. */
  get(key: string): string | undefined {
    const text = this.map.get(key);
    if (text === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, text);
    return text;
  }

  /** Keeps `text` (unless it alone would take more than a quarter of the cache) and returns it. */
  set(key: string, text: string): string {
    const size = 2 * text.length;
    if (size > this.maxBytes / 4) return text;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.bytes -= 2 * old.length;
      this.map.delete(key);
    }
    this.map.set(key, text);
    this.bytes += size;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= 2 * v.length;
    }
    return text;
  }

  stats(): ResultCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.map.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }
}
