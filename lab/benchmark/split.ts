/**
 * @module lab/benchmark/split
 * The dev/test split of the measured benchmark, by compound (replicate scans, temperatures and
 * edges of one compound are always in the same half), stratified by absorbing element, seeded and
 * deterministic; frozen in data/measured-benchmark/split.json with the sha256 of its sorted test
 * list.
 *
 * Procedure (version 1): the catalogue's compound keys, sorted, are shuffled with a seeded
 * mulberry32 generator (Fisher–Yates). Each compound in that order goes to the half where its
 * absorbers are least represented so far: the score of a half is the sum, over the compound's
 * absorbers, of (compounds of that absorber already in the half) / (compounds of that absorber in
 * the catalogue); the lower score wins, ties go to the half with fewer compounds, then to dev.
 * A repair pass then makes sure every absorber with at least two compounds has one in each half
 * (moving, from the full half, the first compound in shuffled order whose move leaves every other
 * absorber's constraint intact).
 *
 * Later versions (compounds added to the catalogue): every compound keeps its half; only the new
 * ones are assigned, by the same procedure seeded with seed + version, and the file's version
 * goes up — a visible change to the frozen hash, never a silent addition to the test half.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { mulberry32 } from '../../src/learn/index.ts';
import { BENCHMARK_DIR } from './load.ts';
import { splitSchema, type CatalogueEntry, type Split } from './schema.ts';

export const SPLIT_FILE = join(BENCHMARK_DIR, 'split.json');
/** The seed of version 1 (the issue number of the benchmark's request). */
export const SPLIT_SEED = 25;

export const SPLIT_PROCEDURE =
  'Compound keys sorted, shuffled by a seeded mulberry32 Fisher–Yates; each compound goes to the half where its absorbers are least represented (sum over its absorbers of compounds already there / compounds of that absorber), ties to the half with fewer compounds, then dev; a repair pass puts every absorber with >= 2 compounds in both halves. New compounds in later versions: old ones keep their half, new ones are assigned the same way with seed + version. lab/benchmark/split.ts.';

/** sha256 of the sorted keys joined by "\n". */
export function keysSha256(keys: readonly string[]): string {
  return createHash('sha256').update([...keys].sort().join('\n')).digest('hex');
}

/** Absorbing elements of each compound of the catalogue. */
export function compoundElements(entries: readonly CatalogueEntry[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const e of entries) {
    const s = m.get(e.compound) ?? new Set<string>();
    s.add(e.element);
    m.set(e.compound, s);
  }
  return m;
}

type Half = 'dev' | 'test';

/**
 * Assign `newKeys` to halves, given the fixed assignment of the others.
 *
 * @throws Error when the repair pass cannot give an absorber compounds in both halves.
 */
export function assignHalves(elements: Map<string, Set<string>>, fixed: Map<string, Half>, newKeys: readonly string[], seed: number): Map<string, Half> {
  const rand = mulberry32(seed);
  const order = [...newKeys].sort();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const total = new Map<string, number>();
  for (const els of elements.values()) for (const e of els) total.set(e, (total.get(e) ?? 0) + 1);
  const half = new Map<string, Half>(fixed);
  const count = (h: Half, el: string): number => [...half.entries()].filter(([k, v]) => v === h && elements.get(k)?.has(el)).length;
  const size = (h: Half): number => [...half.values()].filter((v) => v === h).length;
  for (const key of order) {
    const els = [...(elements.get(key) ?? [])];
    const score = (h: Half): number => els.reduce((a, el) => a + count(h, el) / total.get(el)!, 0);
    const sd = score('dev');
    const st = score('test');
    half.set(key, st < sd ? 'test' : sd < st ? 'dev' : size('test') < size('dev') ? 'test' : 'dev');
  }
  // Repair: every absorber with >= 2 compounds in both halves (moving only new keys).
  const movable = new Set(newKeys);
  const ok = (): string | null => {
    for (const [el, n] of total) if (n >= 2 && (count('dev', el) === 0 || count('test', el) === 0)) return el;
    return null;
  };
  for (let guard = 0; guard < 100; guard++) {
    const el = ok();
    if (el === null) return half;
    const full: Half = count('dev', el) === 0 ? 'test' : 'dev';
    const other: Half = full === 'dev' ? 'test' : 'dev';
    const candidates = order.filter((k) => movable.has(k) && half.get(k) === full && elements.get(k)!.has(el));
    const move = candidates.find((k) => {
      half.set(k, other);
      const broken = [...elements.get(k)!].some((e) => e !== el && total.get(e)! >= 2 && count(full, e) === 0);
      half.set(k, full);
      return !broken;
    });
    if (move === undefined) throw new Error(`split: cannot give ${el} compounds in both halves without breaking another absorber`);
    half.set(move, other);
  }
  throw new Error('split: the repair pass did not converge');
}

/** A new split (version 1) of the catalogue's compounds. */
export function makeSplit(entries: readonly CatalogueEntry[], seed = SPLIT_SEED): Split {
  const elements = compoundElements(entries);
  const half = assignHalves(elements, new Map(), [...elements.keys()], seed);
  const dev = [...half].filter(([, h]) => h === 'dev').map(([k]) => k).sort();
  const test = [...half].filter(([, h]) => h === 'test').map(([k]) => k).sort();
  return { version: 1, seed, procedure: SPLIT_PROCEDURE, dev, test, testSha256: keysSha256(test) };
}

/** The next frozen version: existing compounds keep their half; new ones are assigned with seed + version. */
export function nextSplit(previous: Split, entries: readonly CatalogueEntry[]): Split {
  const elements = compoundElements(entries);
  const fixed = new Map<string, Half>([...previous.dev.map((k): [string, Half] => [k, 'dev']), ...previous.test.map((k): [string, Half] => [k, 'test'])]);
  const known = new Set(fixed.keys());
  const fresh = [...elements.keys()].filter((k) => !known.has(k));
  const version = previous.version + 1;
  const half = assignHalves(elements, new Map([...fixed].filter(([k]) => elements.has(k))), fresh, previous.seed + version);
  for (const [k, h] of fixed) if (!half.has(k)) half.set(k, h); // compounds no longer catalogued keep their half
  const dev = [...half].filter(([, h]) => h === 'dev').map(([k]) => k).sort();
  const test = [...half].filter(([, h]) => h === 'test').map(([k]) => k).sort();
  return { version, seed: previous.seed, procedure: SPLIT_PROCEDURE, dev, test, testSha256: keysSha256(test) };
}

/** The frozen split, validated (and its hash checked). */
export interface BenchmarkSplit extends Split {
  halfOf(compound: string): 'dev' | 'test' | null;
}

/**
 * The frozen dev/test split.
 *
 * @example benchmarkSplit().halfOf('hematite') // 'dev' or 'test'
 * @throws InputError when the file is missing, malformed or its hash does not match its test list.
 */
export function benchmarkSplit(file = SPLIT_FILE): BenchmarkSplit {
  if (!existsSync(file)) throw new InputError(`${file} does not exist: run \`npm run benchmark:build\``);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const r = splitSchema.safeParse(json);
  if (!r.success) throw new InputError(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const split = r.data;
  if (keysSha256(split.test) !== split.testSha256) throw new InputError(`${file}: testSha256 does not match the test list (the frozen split was edited)`);
  const overlap = split.dev.filter((k) => split.test.includes(k));
  if (overlap.length > 0) throw new InputError(`${file}: compounds in both halves: ${overlap.join(', ')}`);
  const dev = new Set(split.dev);
  const test = new Set(split.test);
  return { ...split, halfOf: (c) => (dev.has(c) ? 'dev' : test.has(c) ? 'test' : null) };
}
