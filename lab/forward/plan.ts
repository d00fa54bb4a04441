/**
 * @module lab/forward/plan
 * What a forward training run needs before its members train, built the same way in the main
 * process and in each member worker: the dataset of a descriptor (cached in .cache/forward), its
 * train/validation rows, feature standardisation, output bias, valid ranges and validation metrics;
 * the members' input views, seeds and files; and `trainMember`, which trains and saves one member.
 * A plan is built once per process and input (`forwardPlan` keeps them).
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { buildForwardDataset, channelNames, forwardGrid, measureValidRanges, NARROW_WINDOW_EV, selectRows, SOURCE_RECIPES, structuralLength, VALID_RANGE_DEFAULTS, type DescriptorParams, type ForwardDataset, type ForwardRow, type RelativeGrid } from '../../src/forward/index.ts';
import type { PairSource } from '../../src/data/index.ts';
import { TRAINING_CODE_VERSION } from '../learn/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { columnMeans, trainingMeanSpectrum } from './ensemble.ts';
import { saveMlpModel } from './member-files.ts';
import { windowMetrics, type WindowMetrics } from './metrics.ts';
import { mlpConfig, widenMlpInput } from './mlp.ts';
import { defaultDescriptor, MEMBER_VIEW_LABELS, recipeDescriptor, type ForwardRecipe, type MemberView } from './recipe.ts';
import { featureStandardisation, trainMlp, TRAIN_MLP_DEFAULTS, type ForwardData } from './train-mlp.ts';

/** What a plan is built from (JSON: member jobs carry it to worker processes). */
export interface ForwardPlanInput {
  recipe: ForwardRecipe;
  /** The shared data folder. */
  dataDir: string;
  /** records.jsonl of the FEFF Fe crystal batch (source fe-k-feff-crystals; default data/feff-fe-crystals/records.jsonl). */
  feRecordsPath?: string;
  /** Read only the first bytes of that file (the snapshot of a recipe's model; the batch appends). */
  feRecordsBytes?: number;
  /** At most this many rows per source and split (smoke tests). */
  limit?: number;
  /** Folder of finished members (default .cache/train-forward/<hash of the settings>). */
  resumeDir?: string;
}

/** Validation metrics of one absorber on its valid range, and on the −10…+30 eV window of models 1.x. */
export type ValMetrics = WindowMetrics & { narrow: WindowMetrics };

/** Dataset with one descriptor, its train/val rows, standardisation and validation metrics. */
export interface Setup {
  ds: ForwardDataset;
  train: ReturnType<typeof selectRows>;
  val: ReturnType<typeof selectRows>;
  norm: { mean: Float32Array; scale: Float32Array };
  overallMean: Float64Array;
  /** Per absorber, the grid points ≥ 95 % of its training spectra cover (valid-range.ts). */
  validRanges: Record<string, [number, number]>;
  indices: (repeat: Record<string, number>) => Uint32Array;
  valMetrics: (pred: Float32Array) => Record<string, ValMetrics>;
  /** Per source, for absorbers with more than one source (e.g. Fe molecules and Fe crystals). */
  valMetricsBySource: (pred: Float32Array) => Record<string, ValMetrics>;
}

/** The members of one input view. */
export interface ViewSlot {
  /** File-name part ('' = the whole descriptor). */
  view: string;
  count: number;
  /** Columns the member sees (undefined = all). */
  columns?: number[];
  /** What the member sees, for logs and the manifest. */
  label: string;
}

/** A prepared training run. */
export interface ForwardPlan {
  recipe: ForwardRecipe;
  grid: RelativeGrid;
  absorbers: string[];
  sources: readonly PairSource[];
  /** The descriptor of model 1.0.0 with split metal channels (variants change it). */
  baseDescriptor: DescriptorParams;
  descriptor: DescriptorParams;
  /** The setup of a descriptor (built once). */
  setupFor: (d: DescriptorParams) => Setup;
  main: Setup;
  /** Training row indices with the recipe's oversampling. */
  trainIndices: Uint32Array;
  views: ViewSlot[];
  memberSlots: { v: ViewSlot; i: number }[];
  totalMembers: number;
  memberDir: string;
  memberPath: (m: number) => string;
  /** Train member m (0-based over all views) and save it in `memberDir`. */
  trainMember: (m: number) => Promise<void>;
}

/** Columns `keep` of every row of `data`. */
export function columns(data: ForwardData, keep: number[]): ForwardData {
  const x = new Float32Array(data.n * keep.length);
  for (let s = 0; s < data.n; s++) keep.forEach((c, j) => (x[s * keep.length + j] = data.x[s * data.inputLength + c]!));
  return { ...data, x, inputLength: keep.length };
}

const plans = new Map<string, ForwardPlan>();

/** The plan input of a run (its fields in one order, so the main process and its members share one plan). */
export function planInputOf(t: ForwardPlanInput): ForwardPlanInput {
  return { recipe: t.recipe, dataDir: t.dataDir, ...(t.feRecordsPath !== undefined ? { feRecordsPath: t.feRecordsPath } : {}), ...(t.feRecordsBytes !== undefined ? { feRecordsBytes: t.feRecordsBytes } : {}), ...(t.limit !== undefined ? { limit: t.limit } : {}), ...(t.resumeDir !== undefined ? { resumeDir: t.resumeDir } : {}) };
}

/**
 * The plan of `input` (built on first use in this process, with `log` for its progress lines).
 *
 * @example const plan = forwardPlan({ recipe, dataDir }, console.error); await plan.trainMember(0);
 */
export function forwardPlan(given: ForwardPlanInput, log: (msg: string) => void): ForwardPlan {
  const input = planInputOf(given);
  const key = JSON.stringify(input);
  const known = plans.get(key);
  if (known) return known;
  const plan = buildPlan(input, log);
  plans.set(key, plan);
  return plan;
}

function buildPlan(input: ForwardPlanInput, log: (msg: string) => void): ForwardPlan {
  const { recipe, dataDir } = input;
  const sources = recipe.sources as PairSource[];
  const absorbers = [...new Set(sources.map((s) => SOURCE_RECIPES[s].absorber))].sort();
  const grid = forwardGrid(recipe.grid);
  const baseDescriptor = defaultDescriptor();
  const descriptor = recipeDescriptor(recipe);
  const feRecordsPath = input.feRecordsPath !== undefined ? resolve(input.feRecordsPath) : undefined;
  const setups = new Map<string, Setup>();
  const setupFor = (d: DescriptorParams): Setup => {
    const key = JSON.stringify(d);
    const known = setups.get(key);
    if (known) return known;
    const ds = buildForwardDataset(dataDir, {
      gridEv: grid.energyEv,
      descriptor: d,
      absorbers,
      sources,
      ...(feRecordsPath !== undefined ? { feRecordsPath } : {}),
      ...(input.feRecordsBytes !== undefined ? { feRecordsBytes: input.feRecordsBytes } : {}),
      cacheDir: join(REPO_ROOT, '.cache', 'forward'),
      onProgress: log,
      ...(input.limit ? { limitPerSource: input.limit } : {}),
    });
    const K = ds.outputLength;
    const train = selectRows(ds, (r) => r.split === 'train');
    const val = selectRows(ds, (r) => r.split === 'val');
    log(`rows: ${train.data.n} train, ${val.data.n} val, ${ds.rows.filter((r) => r.split === 'test').length} test (untouched); ${ds.inputLength} features → ${K} grid points`);
    const norm = featureStandardisation(train.data.x, train.data.n, train.data.inputLength);
    // Output bias: the per-point mean over the training spectra with data there (a point none covers: the mean of the others).
    const overallMean = columnMeans(train.data.y, K);
    const covered = overallMean.filter(Number.isFinite);
    const fallback = covered.reduce((a, b) => a + b, 0) / Math.max(1, covered.length) || 1;
    overallMean.forEach((v, k) => Number.isFinite(v) || (overallMean[k] = fallback));
    const validRanges = measureValidRanges(ds, grid.energyEv);
    log(`valid ranges (≥ ${100 * VALID_RANGE_DEFAULTS.fraction} % of an absorber's training spectra have data): ${Object.entries(validRanges).map(([ab, [lo, hi]]) => `${ab} ${lo}…${hi} eV`).join(', ')}`);
    // Oversampling: each training row of source S (absorber A) appears repeat[S] (else repeat[A]) times per epoch.
    const indices = (rep: Record<string, number>): Uint32Array => {
      const out: number[] = [];
      train.index.forEach((r, i) => {
        const row = ds.rows[r]!;
        for (let q = 0; q < (rep[row.source] ?? rep[row.absorber] ?? 1); q++) out.push(i);
      });
      return Uint32Array.from(out);
    };
    /** Validation metrics of the rows of `val` that `keep` selects (null when none), against `base`, on the absorber's valid range and −10…+30 eV. */
    const metricsOf = (pred: Float32Array, keep: (row: ForwardRow) => boolean, ab: string, base: Float64Array): ValMetrics | null => {
      const pos = val.index.map((r, i) => (keep(ds.rows[r]!) ? i : -1)).filter((i) => i >= 0);
      if (pos.length === 0) return null;
      const p = new Float32Array(pos.length * K);
      const t = new Float32Array(pos.length * K);
      pos.forEach((i, j) => {
        p.set(pred.subarray(i * K, (i + 1) * K), j * K);
        t.set(val.data.y.subarray(i * K, (i + 1) * K), j * K);
      });
      const [lo, hi] = validRanges[ab] ?? [grid.energyEv[0]!, grid.energyEv[K - 1]!];
      return { ...windowMetrics(grid.energyEv, p, t, base, [lo, hi]), narrow: windowMetrics(grid.energyEv, p, t, base, [Math.max(lo, NARROW_WINDOW_EV[0]), Math.min(hi, NARROW_WINDOW_EV[1])]) };
    };
    const valMetrics = (pred: Float32Array): Record<string, ValMetrics> => {
      const out: Record<string, ValMetrics> = {};
      for (const ab of absorbers) {
        const m = metricsOf(pred, (row) => row.absorber === ab, ab, trainingMeanSpectrum(ds, ab));
        if (m) out[ab] = m;
      }
      return out;
    };
    const valMetricsBySource = (pred: Float32Array): Record<string, ValMetrics> => {
      const out: Record<string, ValMetrics> = {};
      for (const source of sources) {
        const ab = SOURCE_RECIPES[source].absorber;
        if (sources.filter((s) => SOURCE_RECIPES[s].absorber === ab).length < 2) continue;
        const m = metricsOf(pred, (row) => row.source === source, ab, trainingMeanSpectrum(ds, ab, [source]));
        if (m) out[source] = m;
      }
      return out;
    };
    const setup: Setup = { ds, train, val, norm, overallMean, validRanges, indices, valMetrics, valMetricsBySource };
    setups.set(key, setup);
    return setup;
  };

  const main = setupFor(descriptor);
  const { ds, train, val, norm, overallMean } = main;
  const K = ds.outputLength;
  const { repeat, hidden, dropout, epochs, patience, learningRateDecay, loss, batchSize, ema } = recipe;
  const trainIndices = main.indices(repeat);
  if (Object.keys(repeat).length > 0) log(`oversampling ${JSON.stringify(repeat)}: ${trainIndices.length} training rows per epoch from ${train.data.n}`);

  // Each finished member is written to a resume folder keyed by everything that shapes it, so a
  // crashed run picks up at the next unfinished member.
  const config = mlpConfig({ inputLength: ds.inputLength, outputLength: K, hidden });
  // v: the training-code version (members trained by older code are not mixed in).
  const runKey = createHash('sha256')
    .update(JSON.stringify({ dataHash: ds.dataHash, descriptor, inputLength: ds.inputLength, K, hidden, dropout, epochs, patience, learningRateDecay, loss, repeat, limit: input.limit ?? null, ...(ema > 0 ? { ema } : {}), ...(batchSize !== TRAIN_MLP_DEFAULTS.batchSize ? { batchSize } : {}), v: TRAINING_CODE_VERSION }))
    .digest('hex')
    .slice(0, 16);
  const memberDir = input.resumeDir !== undefined ? resolve(input.resumeDir) : join(REPO_ROOT, '.cache', 'train-forward', runKey);
  // Members 0 … whole−1 see the whole descriptor; the members after them (no-SOAP, SOAP-only,
  // radial views) see a column subset of it, for diversity. Files are member-XX for the whole
  // descriptor and member-<view>-XX otherwise; seeds 1000, 1001, … in every view.
  const inputLength = ds.inputLength;
  const oneHotColumns = Array.from({ length: inputLength - structuralLength(descriptor) }, (_, i) => structuralLength(descriptor) + i);
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  /** End of the radial + angular + first-shell block (where the SOAP block starts). */
  const soapStart = ((): number => {
    const { soap: _soap, ...withoutSoap } = descriptor;
    return structuralLength(withoutSoap);
  })();
  const radialEnd = channelNames(descriptor).length * descriptor.nRadial;
  // The first-shell distance and count are the last two columns before the SOAP block when angular terms are on.
  const shellColumns = descriptor.angular ? [soapStart - 2, soapStart - 1] : [];
  const columnsOf: Record<MemberView, number[] | undefined> = {
    whole: undefined,
    nosoap: [...range(0, soapStart), ...oneHotColumns],
    soaponly: [...shellColumns, ...range(soapStart, structuralLength(descriptor)), ...oneHotColumns],
    radial: [...range(0, radialEnd), ...oneHotColumns],
  };
  const views: ViewSlot[] = (['whole', 'nosoap', 'soaponly', 'radial'] as const).map((v) => ({
    view: v === 'whole' ? '' : v,
    count: recipe.members[v],
    ...(columnsOf[v] ? { columns: columnsOf[v] } : {}),
    label: MEMBER_VIEW_LABELS[v],
  }));
  const memberSlots = views.flatMap((v) => Array.from({ length: v.count }, (_, i) => ({ v, i })));
  const totalMembers = memberSlots.length;
  const memberPath = (m: number): string => {
    const { v, i } = memberSlots[m]!;
    return join(memberDir, `member-${v.view ? `${v.view}-` : ''}${String(i).padStart(2, '0')}`);
  };
  const memberSeed = (m: number): number => 1000 + memberSlots[m]!.i;
  const started = performance.now();

  const trainMember = async (m: number): Promise<void> => {
    const t0 = performance.now();
    const { v } = memberSlots[m]!;
    const cols = v.columns;
    const pick = (d: ForwardData): ForwardData => (cols ? columns(d, cols) : d);
    const memberNorm = cols ? { mean: Float32Array.from(cols, (c) => norm.mean[c]!), scale: Float32Array.from(cols, (c) => norm.scale[c]!) } : norm;
    const memberConfig = cols ? mlpConfig({ inputLength: cols.length, outputLength: K, hidden }) : config;
    const r = await trainMlp(pick(train.data), memberConfig, { ...memberNorm, outputBias: overallMean }, {
      seed: memberSeed(m),
      epochs,
      patience,
      dropout,
      learningRateDecay,
      loss,
      ema,
      batchSize,
      indices: trainIndices,
      validation: pick(val.data),
      onEpoch: (e) => {
        if (e.epoch % 10 === 0 || e.epoch === 1) {
          const soFar = (performance.now() - started) / 1000;
          // Early stopping can end the member sooner: the ETA is an upper bound.
          const eta = (e.epochs - e.epoch) * e.seconds;
          log(`member ${m + 1}/${totalMembers}${v.view ? ` (${v.view})` : ''} epoch ${e.epoch}/${e.epochs} loss ${e.trainLoss.toExponential(3)} val ${e.valLoss?.toExponential(3)} best ${e.bestEpoch} (${e.seconds.toFixed(1)} s/epoch, ${soFar.toFixed(0)} s so far, member ETA ≤ ${eta.toFixed(0)} s)`);
        }
      },
    });
    const last = r.history[r.history.length - 1]!;
    const record = { member: m, seed: memberSeed(m), ...(cols ? { input: v.label } : {}), epochs: r.history.length, bestEpoch: r.bestEpoch, bestValLoss: r.history[r.bestEpoch - 1]?.valLoss, finalTrainLoss: last.trainLoss, seconds: (performance.now() - t0) / 1000 };
    saveMlpModel(memberPath(m), { ...(cols ? widenMlpInput(r.model, cols, norm) : r.model), meta: { record } });
    log(`member ${m + 1}/${totalMembers} done: best epoch ${r.bestEpoch}, val MSE ${r.history[r.bestEpoch - 1]?.valLoss?.toExponential(3)} in ${record.seconds.toFixed(0)} s (${memberPath(m)})`);
  };

  return { recipe, grid, absorbers, sources, baseDescriptor, descriptor, setupFor, main, trainIndices, views, memberSlots, totalMembers, memberDir, memberPath, trainMember };
}
