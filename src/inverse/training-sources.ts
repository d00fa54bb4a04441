/**
 * @module inverse/training-sources
 * Which pairs an inverse model learns from: its target's main source (split rule in targets.ts)
 * and, when asked for (`train:inverse --sources`), extra sources the target allows — for Fe the
 * project's FEFF10 crystal sites (`fe-k-feff-crystals`, data/feff-fe-crystals).
 *
 * An extra source keeps its own split (for the Fe crystals: material level, by mineral name,
 * src/data/fe-feff-crystals.ts): its train rows are trained on, its val rows join the calibration
 * split (σ calibration, error model check), its test rows form a held-out set of their own that
 * no member trains on and nothing is calibrated on. Every spectrum goes through the one model-input
 * path (`theoryToModelInput`) with its source's theory settings: FEFF spectra already carry the
 * core-hole broadening, so they get only the 1 eV Gaussian, FDMNES ones the arctangent as well.
 * The input axis is relative to each spectrum's own half-step point, so — unlike the forward
 * model, whose axis is absolute — no per-source energy offset is needed.
 */
import { relative, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { listPairs, type ListPairsOptions, type Pair, type PairSource } from '../data/index.ts';
import { REPO_ROOT } from '../paths.ts';
import type { WacsfG2Options } from '../structure/index.ts';
import { buildInverseDataset, concatDatasets, hashPairs, type InverseDataset } from './dataset.ts';
import type { InverseManifest } from './manifest.ts';
import { makeInverseRecipe, type InverseRecipe } from './model-input.ts';
import { targetSplits, type InverseTarget } from './targets.ts';

/** The three splits of one source. */
export interface SourceSplits {
  source: PairSource;
  train: Pair[];
  calibration: Pair[];
  test: Pair[];
}

/** How a model used an extra source (stored in its manifest, `training.extraSources`). */
export interface ExtraSourceUse {
  source: PairSource;
  /** Theory settings its spectra were prepared with (the model's recipe with this `theory`). */
  theory: InverseRecipe['theory'];
  /** Oversampling: each training row counted this many times per epoch (after the bootstrap draw). */
  repeat: number;
  /** Records file of an inline-spectrum source, relative to the repository when inside it. */
  recordsPath?: string;
  /** Records of that file left out (their site is not in the structure as read now; see data/fe-feff-crystals). */
  recordsLeftOut?: number;
  split: string;
  samples: { train: number; calibration: number; test: number };
}

/**
 * The splits of the target's main source, then of each extra source (train → train, val →
 * calibration, test → test).
 * @throws InputError for a source the target does not allow.
 * @example inverseSourceSplits('../shared/data', INVERSE_TARGETS.Fe!, ['fe-k-feff-crystals'])[1]!.test.length // 18
 */
export function inverseSourceSplits(dataDir: string, target: InverseTarget, extra: readonly PairSource[] = [], opts: ListPairsOptions = {}): SourceSplits[] {
  const allowed = Object.keys(target.extraSources ?? {});
  const out: SourceSplits[] = [{ source: target.source, ...targetSplits(dataDir, target) }];
  for (const source of extra) {
    if (!allowed.includes(source)) throw new InputError(`${target.element} inverse models cannot train on ${source}; extra sources: ${allowed.join(', ') || 'none'}`);
    if (out.some((s) => s.source === source)) continue;
    const pairs = listPairs(dataDir, source, opts);
    out.push({ source, train: pairs.filter((p) => p.split === 'train'), calibration: pairs.filter((p) => p.split === 'val'), test: pairs.filter((p) => p.split === 'test') });
  }
  return out;
}

/**
 * The recipe a source's spectra are prepared with: the model's, with the source's theory settings
 * (`theory` when given, e.g. from a manifest; else the target's default for that source).
 * @example sourceRecipe(INVERSE_TARGETS.Fe!, 'fe-k-feff-crystals').theory.code // 'feff'
 */
export function sourceRecipe(target: InverseTarget, source: PairSource, recipe: InverseRecipe = target.recipe, theory?: InverseRecipe['theory']): InverseRecipe {
  if (source === target.source) return recipe;
  if (theory) return { ...recipe, theory };
  const code = target.extraSources?.[source];
  if (!code) throw new InputError(`${target.element} inverse models have no recipe for ${source}`);
  const { startEv, stopEv, stepEv } = recipe.grid;
  return { ...recipe, theory: makeInverseRecipe(target.element, code, { startEv, stopEv, stepEv }).theory };
}

/**
 * One split of every source as one dataset (sources in order), with how many rows each gave.
 * @example const { dataset, parts } = buildSourcesDataset(splits, 'train', INVERSE_TARGETS.Fe!);
 */
export function buildSourcesDataset(
  splits: readonly SourceSplits[],
  which: 'train' | 'calibration' | 'test',
  target: InverseTarget,
  opts: { recipe?: InverseRecipe; theories?: Partial<Record<PairSource, InverseRecipe['theory']>>; g2?: WacsfG2Options; hooks?: Parameters<typeof buildInverseDataset>[3] } = {},
): { dataset: InverseDataset; parts: { source: PairSource; n: number }[] } {
  const parts: InverseDataset[] = [];
  const counts: { source: PairSource; n: number }[] = [];
  for (const s of splits) {
    if (s[which].length === 0) continue;
    const ds = buildInverseDataset(s[which], sourceRecipe(target, s.source, opts.recipe, opts.theories?.[s.source]), opts.g2 ?? {}, opts.hooks ?? {});
    parts.push(ds);
    counts.push({ source: s.source, n: ds.n });
  }
  return { dataset: concatDatasets(parts), parts: counts };
}

/**
 * Per-row repeat counts of a stacked training set: `repeat[source]` (default 1) for each row.
 * @example rowRepeatsOf([{ source: 'fe-k-fdmnes-molecules', n: 2 }, { source: 'fe-k-feff-crystals', n: 1 }], { 'fe-k-feff-crystals': 8 }) // [1, 1, 8]
 */
export function rowRepeatsOf(parts: readonly { source: PairSource; n: number }[], repeat: Partial<Record<PairSource, number>>): number[] {
  return parts.flatMap((p) => Array.from({ length: p.n }, () => repeat[p.source] ?? 1));
}

/** A records path as the manifest stores it: relative to the repository when inside it. */
export function recordsPathForManifest(path: string): string {
  const rel = relative(REPO_ROOT, resolve(path));
  return rel.startsWith('..') ? resolve(path) : rel;
}

/**
 * What a trained model's manifest says about its sources, in the shape the split and dataset
 * builders take (a manifest without `extraSources` trained on its main source only).
 * @example const { extra, listOptions, theories } = manifestSources(model.manifest);
 */
export function manifestSources(manifest: Pick<InverseManifest, 'training'>): { extra: PairSource[]; listOptions: ListPairsOptions; theories: Partial<Record<PairSource, InverseRecipe['theory']>> } {
  const uses = manifest.training.extraSources ?? [];
  const records = uses.find((u) => u.recordsPath)?.recordsPath;
  return {
    extra: uses.map((u) => u.source),
    listOptions: records ? { feRecordsPath: resolve(REPO_ROOT, records) } : {},
    theories: Object.fromEntries(uses.map((u) => [u.source, u.theory])),
  };
}

/**
 * The splits of every source a trained model used (its manifest's), each cut to its first `limit`
 * pairs, and the theory settings to rebuild their datasets with — what calibrate:inverse,
 * fit:confidence and eval:inverse rebuild a model's training and calibration sets from.
 * @example
 * const { splits, theories } = modelSourceSplits('../shared/data', INVERSE_TARGETS.Fe!, model.manifest);
 * const train = buildSourcesDataset(splits, 'train', INVERSE_TARGETS.Fe!, { recipe: model.manifest.recipe, theories }).dataset;
 */
export function modelSourceSplits(
  dataDir: string,
  target: InverseTarget,
  manifest: Pick<InverseManifest, 'training'>,
  { limit = Infinity, onSkip }: { limit?: number; onSkip?: (message: string) => void } = {},
): { splits: SourceSplits[]; theories: Partial<Record<PairSource, InverseRecipe['theory']>> } {
  const { extra, listOptions, theories } = manifestSources(manifest);
  const cut = <T>(a: T[]) => a.slice(0, Math.min(a.length, limit));
  const splits = inverseSourceSplits(dataDir, target, extra, { ...listOptions, ...(onSkip ? { onSkip } : {}) }).map((s) => ({ ...s, train: cut(s.train), calibration: cut(s.calibration), test: cut(s.test) }));
  return { splits, theories };
}

/**
 * The manifest's `training.dataHash` of a model's splits: hashPairs over every source's training
 * pairs, then calibration, then test pairs (for the main source alone, the hash models trained
 * before extra sources existed recorded).
 * @example sourceSplitsHash(modelSourceSplits(dataDir, target, manifest).splits) === manifest.training.dataHash
 */
export function sourceSplitsHash(splits: readonly SourceSplits[]): string {
  return hashPairs([...splits.flatMap((s) => s.train), ...splits.flatMap((s) => s.calibration), ...splits.flatMap((s) => s.test)]);
}
