/**
 * @module screen/cache
 * Featurisation cache for screening: what a candidate file gives (its absorber sites, predicted
 * spectrum, G2; or why it was rejected), keyed by predictor id + absorber + SHA-256 of the file's
 * bytes, so a renamed or copied file still hits and an edited one misses. An in-memory LRU in
 * front of an optional on-disk store (one small JSON per entry under `<dir>/<predictor>/<El>/`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictedSite } from './types.ts';
import { writeFileAtomic } from '../io/index.ts';
import { BroadenedCache } from './broadened-cache.ts';

/** Defaults of {@link FeatureCache}. */
export const FEATURE_CACHE_DEFAULTS = Object.freeze({ maxEntries: 4096 });

/** What is cached per candidate file. */
export interface CachedFeatures {
  /** Set when the file cannot be used (the reason); nothing else is then stored. */
  rejected?: string;
  id?: string;
  formula?: string;
  sites?: PredictedSite[];
  mu?: Float32Array;
  sigma?: Float32Array;
  warnings?: string[];
  /** Sorted element symbols of the structure (also kept for rejected files, for the composition filter). */
  elements?: string[];
  /** Bond-valence chemistry of the absorber sites (null when it cannot be read). */
  chemistry?: CandidateChemistry | null;
  /** G2 of the absorber sites, per G2 parameter key. */
  g2?: Record<string, Float32Array>;
}

/**
 * Version of the chemistry readout's rules: a cached readout of another version is recomputed
 * (2: first-shell ligands kept, S–S pairs count as S⁻ in the bond valence sum; 3: split positions
 * are no pair; 4: O–O contacts are no pair; all 2026-12-02).
 */
export const CANDIDATE_CHEMISTRY_VERSION = 4;

/** The chemistry readout of a candidate's absorber sites (src/chemistry), as screening keeps it. */
export interface CandidateChemistry {
  /** {@link CANDIDATE_CHEMISTRY_VERSION} of the rules that made it (absent: version 1). */
  version?: number;
  /** `Cu(II), 4-coordinate O`, or per site with multiplicities. */
  summary: string;
  meanBvs: number | null;
  /** First-shell ligand elements over all absorber sites, sorted (e.g. ['O']); absent before version 2. */
  ligands?: string[];
  sites: { index: number; multiplicity: number; oxidationState: number | null; bvs: number | null; coordinationNumber: number; oxidationLabel: string; coordinationLabel: string }[];
}

/** Cache key parts. */
export interface CacheKey {
  predictorId: string;
  absorber: string;
  hash: string;
}

/**
 * SHA-256 of a file's bytes (hex).
 * @example contentHash(readFileSync('POSCAR')) // '3f…'
 */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._@-]+/g, '_');

type Stored = Omit<CachedFeatures, 'mu' | 'sigma' | 'g2'> & { mu?: number[]; sigma?: number[]; g2?: Record<string, number[]> };

/**
 * LRU (+ optional disk) cache of candidate features, with the broadened predictions of the
 * rankings that use it (`broadened`, memory only).
 *
 * @example
 * const cache = new FeatureCache({ dir: '.cache/screen' });
 * cache.get(key) ?? cache.set(key, features);
 */
export class FeatureCache {
  readonly dir: string | undefined;
  readonly maxEntries: number;
  readonly stats = { memoryHits: 0, diskHits: 0, misses: 0, writes: 0 };
  /** Broadened predictions on compared windows (see broadened-cache.ts). */
  readonly broadened = new BroadenedCache();
  private readonly lru = new Map<string, CachedFeatures>();

  constructor({ dir, maxEntries = FEATURE_CACHE_DEFAULTS.maxEntries }: { dir?: string; maxEntries?: number } = {}) {
    this.dir = dir;
    this.maxEntries = maxEntries;
  }

  private path(k: CacheKey): string {
    return join(this.dir!, safe(k.predictorId), safe(k.absorber), `${k.hash}.json`);
  }

  private remember(id: string, v: CachedFeatures): void {
    this.lru.delete(id);
    this.lru.set(id, v);
    while (this.lru.size > this.maxEntries) this.lru.delete(this.lru.keys().next().value!);
  }

  /** The cached features, or undefined. */
  get(k: CacheKey): CachedFeatures | undefined {
    const id = `${k.predictorId}|${k.absorber}|${k.hash}`;
    const hit = this.lru.get(id);
    if (hit) {
      this.stats.memoryHits++;
      this.remember(id, hit);
      return hit;
    }
    if (this.dir) {
      const p = this.path(k);
      if (existsSync(p)) {
        try {
          const s = JSON.parse(readFileSync(p, 'utf8')) as Stored;
          const { mu, sigma, g2, ...plain } = s;
          const v: CachedFeatures = {
            ...plain,
            ...(mu ? { mu: Float32Array.from(mu) } : {}),
            ...(sigma ? { sigma: Float32Array.from(sigma) } : {}),
            ...(g2 ? { g2: Object.fromEntries(Object.entries(g2).map(([key, g]) => [key, Float32Array.from(g)])) } : {}),
          };
          this.stats.diskHits++;
          this.remember(id, v);
          return v;
        } catch {
          // A corrupt entry (interrupted write) is a miss; it is rewritten below.
        }
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** Store (memory, and disk when a folder was given). */
  set(k: CacheKey, v: CachedFeatures): void {
    this.remember(`${k.predictorId}|${k.absorber}|${k.hash}`, v);
    if (!this.dir) return;
    const p = this.path(k);
    mkdirSync(join(this.dir, safe(k.predictorId), safe(k.absorber)), { recursive: true });
    const { mu, sigma, g2, ...plain } = v;
    const stored: Stored = {
      ...plain,
      ...(mu ? { mu: Array.from(mu) } : {}),
      ...(sigma ? { sigma: Array.from(sigma) } : {}),
      ...(g2 ? { g2: Object.fromEntries(Object.entries(g2).map(([key, g]) => [key, Array.from(g)])) } : {}),
    };
    writeFileAtomic(p, JSON.stringify(stored));
    this.stats.writes++;
  }
}
