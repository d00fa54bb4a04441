/**
 * Train the universal forward model (structure → K-edge XANES) and write models/forward/<id>/.
 *
 *   npm run train:forward -- --data ../shared/data [--members 5] [--epochs 80] [--compare] [--out DIR]
 *
 * Since 2.0 the grid runs −10…+127.5 eV (grid.ts; `--grid-stop 30` gives the −10…+30 eV grid of
 * 1.x): targets are NaN where a source has no data, the losses mask them, and the manifest states
 * each absorber's valid range (valid-range.ts), on which the validation metrics (also on −10…+30 eV,
 * `validationNarrow`) and the σ calibration are computed. 2.0.0 (models/forward/universal-k-v2) is
 * the 1.4.0 recipe on that grid: see the README's model table for its exact command.
 *
 * The shipped model (1.4.0) was made with `--soap --epochs 200 --patience 30 --lr-decay 0.99 --workers 2
 * --members 10 --no-soap-members 5 --version 1.4.0`: 10 members on the whole descriptor and 5 on the
 * descriptor without its SOAP block, hidden [256, 256] and dropout 0.1 (the defaults); the members'
 * training times add up to 3654 s (manifest training.memberSecondsTotal), ≈ 30 min on two workers.
 * 1.3.0 was the same mix at 120 epochs, patience 20, trained with tfjs's slower matMul gradient (8782 s,
 * ≈ 73 min); 200 epochs were chosen after the `soaplong` variant (2 members,
 * 250 epochs) beat the first two 1.3.0 members on validation. The mix was chosen on validation rows
 * (reports/forward.md, "Ensemble size"): more members of one kind level off (1.4.0: Cu η 6.5–6.6 from
 * 5 to 10 members), members that see a different input add more (6.9); members on the SOAP block
 * alone (`--soap-only-members`) or the radial block alone (`--radial-members`) did not add (rows in
 * architecture-comparison.json).
 * 1.2.0 was 5 whole-descriptor members; the SOAP block was chosen with `--members 0 --variants
 * soap,soap4,soapsqrt` (one member each, rows appended to architecture-comparison.json). 1.1.0 was the
 * same without `--soap`, chosen with `--variants r8,cu2,ang5,slow`; 1.0.0 used 80 epochs, patience 10,
 * decay 0.98.
 *
 * Sources: the four of models ≤ 2.0.0 by default (sources.ts FORWARD_SOURCES); `--sources` lists them
 * explicitly, e.g. `--sources cu-k-feff-crystals,fe-k-fdmnes-molecules,co-k-fdmnes-distortions,s-k-orca-molecules,fe-k-feff-crystals`
 * adds the project's FEFF Fe crystals (records from `--fe-records`, default data/feff-fe-crystals/records.jsonl),
 * and `--repeat fe-k-feff-crystals=8` oversamples their training rows (`--repeat` keys are absorbers or sources;
 * a source key wins over its absorber's).
 *
 * Finished members are kept in .cache/train-forward/<hash of the settings>/ (or `--resume-dir`): rerunning
 * the same command after a crash trains only the members that are missing.
 *
 * `--compare` writes <out>/architecture-comparison.json (one member per variant); with `--members 0`
 * it stops there. A later ensemble run copies that file's table into the manifest.
 *
 * Steps: dataset (descriptors + targets, cached in .cache/forward) → feature standardisation on the
 * training rows → optional architecture comparison on validation (ridge, radial-only MLP, full MLP)
 * → ensemble of MLPs (different seeds; early stopping on the validation rows) → split-conformal σ
 * calibration on validation → ONNX export (checked against tfjs) → manifest.json.
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, join, relative, resolve } from 'node:path';
import { parseScriptArgs, type OptionSpec } from '../src/args.ts';
import { InputError, XasinvError } from '../src/errors.ts';
import { applyCalibration } from '../src/ensemble/calibration.ts';
import { buildForwardDataset, selectRows, type ForwardDataset, type ForwardRow } from '../src/forward/dataset.ts';
import { channelNames, DESCRIPTOR_DEFAULTS, structuralLength, type DescriptorParams } from '../src/forward/descriptor.ts';
import { columnMeans, memberStats, toRows, trainingMeanSpectrum } from '../lab/forward/ensemble.ts';
import { FORWARD_GRID_DEFAULTS, forwardGrid, NARROW_WINDOW_EV } from '../src/forward/grid.ts';
import { DEFAULT_FORWARD_MODEL_ID, type ForwardManifest } from '../src/forward/manifest.ts';
import { fitMaskedCalibration, maskedCoverage } from '../lab/forward/masked-calibration.ts';
import { windowMetrics, type WindowMetrics } from '../lab/forward/metrics.ts';
import { maskOutside, measureValidRanges, VALID_RANGE_DEFAULTS, windowIndices } from '../src/forward/valid-range.ts';
import { loadMlpModel, mlpModelExists, saveMlpModel } from '../lab/forward/member-files.ts';
import { mlpConfig, mlpForwardJs, widenMlpInput, type MlpModel } from '../lab/forward/mlp.ts';
import { fitRidge, predictRidge } from '../lab/forward/ridge.ts';
import { ALL_FORWARD_SOURCES, FORWARD_SOURCES, parseSources, SOURCE_RECIPES } from '../src/forward/sources.ts';
import type { PairSource } from '../src/data/pairs.ts';
import { FE_FEFF_CRYSTALS_DEFAULTS } from '../src/data/fe-feff-crystals.ts';
import { TARGET_DEFAULTS } from '../src/forward/targets.ts';
import { TRAINING_CODE_VERSION } from '../src/learn/backend.ts';
import { featureStandardisation, MLP_LOSSES, predictMlp, trainMlp, TRAIN_MLP_DEFAULTS, type ForwardData, type MlpLoss } from '../lab/forward/train-mlp.ts';
import { writeFileAtomic } from '../src/io/index.ts';
import { mlpEnsembleToOnnx } from '../lab/forward/mlp-to-onnx.ts';
import { createSession, runModelOutputs, disposeSession } from '../src/onnx/session.ts';
import { defaultDataDir, MODELS_DIR, REPO_ROOT } from '../src/paths.ts';
import { SOAP_DEFAULTS } from '../src/structure/soap.ts';

/**
 * One-member validation variants (`--variants`). Unset fields keep the settings of model 1.0.0:
 * MLP [256, 256], dropout 0.1, 80 epochs, patience 10, lr 1e-3 × 0.98 per epoch, batch 64, the
 * default descriptor with split metal channels, no oversampling, seed 101.
 */
interface Variant {
  name: string;
  hidden?: number[];
  dropout?: number;
  repeat?: Record<string, number>;
  descriptor?: Partial<DescriptorParams>;
  learningRateDecay?: number;
  patience?: number;
  epochs?: number;
  /** > 1: average this many members (seeds 101, 102, …). */
  members?: number;
  loss?: MlpLoss;
  batchSize?: number;
  ema?: number;
  /** Floor of the feature sd in the input standardisation (default MIN_FEATURE_SD = 0.05). */
  minSd?: number;
}
const VARIANTS: Record<string, Variant> = {
  wide: { name: 'MLP [512,512], dropout 0.1', hidden: [512, 512] },
  deep: { name: 'MLP [512,512,256], dropout 0.1', hidden: [512, 512, 256] },
  drop2: { name: 'MLP [256,256], dropout 0.2', dropout: 0.2 },
  slow: { name: 'MLP [256,256], dropout 0.1, lr decay 0.99, 150 epochs, patience 20', learningRateDecay: 0.99, epochs: 150, patience: 20 },
  cu2: { name: 'MLP [256,256], dropout 0.1, Cu oversampled ×2', repeat: { Cu: 2 } },
  fine: { name: 'MLP [256,256], dropout 0.1, 64 Gaussians 0.8…6 Å', descriptor: { nRadial: 64 } },
  r8: { name: 'MLP [256,256], dropout 0.1, 48 Gaussians 0.8…8 Å (cutoff 8 Å)', descriptor: { nRadial: 48, rMaxAngstrom: 8, cutoffAngstrom: 8 } },
  ang5: { name: 'MLP [256,256], dropout 0.1, angular cutoff 5 Å', descriptor: { angularCutoffAngstrom: 5 } },
  cuonly: { name: 'MLP [256,256], dropout 0.1, Cu rows only (expert, not universal)', repeat: { Co: 0, Fe: 0, S: 0 } },
  s8: { name: 'MLP [256,256], dropout 0.1, S oversampled ×8', repeat: { S: 8 } },
  rmse: { name: 'MLP [256,256], dropout 0.1, per-spectrum RMSE loss', loss: 'rmse' },
  onemetal: { name: 'MLP [256,256], dropout 0.1, one metal channel', descriptor: { splitMetals: false } },
  soap: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapsqrt: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum as sign·√ (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS, signedSqrt: true } } },
  soapmetal: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum, channels all / 0.1·Z / metals (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', descriptor: { soap: { ...SOAP_DEFAULTS }, soapChannels: ['all', 'zWeighted', 'metal'] } },
  soapdrop2: { name: 'MLP [256,256], dropout 0.2, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', dropout: 0.2, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapdrop3: { name: 'MLP [256,256], dropout 0.3, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', dropout: 0.3, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapb32: { name: 'MLP [256,256], dropout 0.1, batch 32, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', batchSize: 32, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soaplog: { name: 'MLP [256,256], dropout 0.1, per-spectrum ln MSE loss, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', loss: 'logmse', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapema: { name: 'MLP [256,256], dropout 0.1, weight average (EMA 0.999), + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', ema: 0.999, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapsd01: { name: 'MLP [256,256], dropout 0.1, feature sd floor 0.01, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', minSd: 0.01, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapspec: { name: 'MLP [256,256], dropout 0.1, per-spectrum MSE over its valid points (spectrum-mse loss), + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', loss: 'spectrum-mse', descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soaplong: { name: 'ensemble of 2 × MLP [256,256], dropout 0.1, lr decay 0.99, 250 epochs, patience 30, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', members: 2, learningRateDecay: 0.99, epochs: 250, patience: 30, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soapwide: { name: 'ensemble of 2 × MLP [512,512], dropout 0.1, lr decay 0.99, 120 epochs, patience 20, + SOAP power spectrum (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å)', members: 2, hidden: [512, 512], learningRateDecay: 0.99, epochs: 120, patience: 20, descriptor: { soap: { ...SOAP_DEFAULTS } } },
  soap4: { name: 'MLP [256,256], dropout 0.1, + SOAP power spectrum (6 Gaussians 1.2…3.7 Å, l ≤ 6, cutoff 4.2 Å)', descriptor: { soap: { rMinAngstrom: 1.2, rMaxAngstrom: 3.7, nRadial: 6, lMax: 6, cutoffAngstrom: 4.2 } } },
};

const started = performance.now();
const OPTION_SPEC: Record<string, OptionSpec> = {
  data: { type: 'string', help: 'shared data folder' },
  out: { type: 'string', help: 'model folder' },
  id: { type: 'string', help: 'model id in the manifest (default: the name of the --out folder)' },
  'grid-stop': { type: 'number', help: `last energy of the relative grid (eV; default ${FORWARD_GRID_DEFAULTS.stopEv}; 30 = the grid of models 1.x)` },
  members: { type: 'number', help: 'ensemble size' },
  epochs: { type: 'number', help: 'maximum epochs per member' },
  hidden: { type: 'string', help: 'hidden layer sizes, e.g. 256,256' },
  compare: { type: 'boolean', help: 'also compare architectures on validation data' },
  limit: { type: 'number', help: 'at most this many rows per source and split (smoke tests)' },
  dropout: { type: 'number', help: 'dropout rate on hidden layers during training' },
  patience: { type: 'number', help: 'early-stopping patience (epochs)' },
  repeat: { type: 'string', help: 'oversample training rows per absorber or source, e.g. S=4,Cu=2,fe-k-feff-crystals=8 (a source key wins over its absorber\'s)' },
  sources: { type: 'string', help: `comma list of training sources (default ${FORWARD_SOURCES.join(',')}; known: ${ALL_FORWARD_SOURCES.join(', ')})` },
  'fe-records': { type: 'string', help: 'records.jsonl of the FEFF Fe crystal batch (source fe-k-feff-crystals; default data/feff-fe-crystals/records.jsonl)' },
  'no-split-metals': { type: 'boolean', help: 'one metal channel instead of s/d/p/f blocks' },
  'r-max': { type: 'number', help: 'last radial Gaussian centre and radial cutoff (Å)' },
  'n-radial': { type: 'number', help: 'radial Gaussians per channel' },
  'angular-cutoff': { type: 'number', help: 'cutoff of the angular terms (Å)' },
  'lr-decay': { type: 'number', help: 'learning-rate factor per epoch' },
  loss: { type: 'string', help: 'training loss over the points with data: mse (default, pooled over points), spectrum-mse (mean over spectra of each one\'s MSE), rmse (mean per-spectrum RMSE) or logmse (mean per-spectrum ln MSE)' },
  batch: { type: 'number', help: `mini-batch size (default ${TRAIN_MLP_DEFAULTS.batchSize})` },
  ema: { type: 'number', help: 'keep an exponential moving average of the weights (e.g. 0.999) and use it for validation and the saved members' },
  workers: { type: 'number', help: 'train this many ensemble members at once in separate processes (default 1)' },
  'resume-dir': { type: 'string', help: 'folder of finished members (default .cache/train-forward/<hash of the settings>)' },
  'only-member': { type: 'number', help: 'internal: train just this member (0-based) into the resume folder and exit' },
  'no-soap-members': { type: 'number', help: 'with --soap: this many extra members that see the descriptor without its SOAP block (zero weights there), for diversity' },
  'soap-only-members': { type: 'number', help: 'with --soap: this many extra members that see only the SOAP block, the first-shell distance and count and the absorber one-hot' },
  'radial-members': { type: 'number', help: 'this many extra members that see only the radial Gaussians and the absorber one-hot' },
  soap: { type: 'boolean', help: 'append the SOAP power spectrum block (8 Gaussians 1…5 Å, l ≤ 6, cutoff 5.5 Å; see --soap-*)' },
  'soap-n': { type: 'number', help: 'SOAP radial Gaussians' },
  'soap-lmax': { type: 'number', help: 'SOAP highest l' },
  'soap-cutoff': { type: 'number', help: 'SOAP cutoff (Å); the last Gaussian sits 0.5 Å inside it' },
  'soap-sqrt': { type: 'boolean', help: 'SOAP values as sign·√|p|' },
  variants: { type: 'string', help: `one-member validation runs of named variants (comma list, "all" = every one): ${Object.keys(VARIANTS).join(', ')}` },
  version: { type: 'string', help: 'manifest version' },
};
/** One line on stderr and exit status 2 for a bad command line or data folder (no stack trace). */
function fail(err: unknown): never {
  if (err instanceof XasinvError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
const parsed = parseScriptArgs(process.argv.slice(2), 'npm run train:forward -- [options]', OPTION_SPEC);
const { options } = parsed;
const dataDir = resolve(String(options.data ?? defaultDataDir()));
const outDir = resolve(String(options.out ?? join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID)));
const modelId = String(options.id ?? basename(outDir));
const membersWanted = Number(options.members ?? 5);
// Defaults = model 1.0.0 (80 epochs max, patience 10, dropout 0.1, [256, 256], 5 members); 1.1.0 adds
// --epochs 120 --patience 20 --lr-decay 0.99 (chosen on validation, see architecture-comparison.json).
const epochs = Number(options.epochs ?? 80);
const hidden = String(options.hidden ?? '256,256').split(',').map(Number);
const dropout = Number(options.dropout ?? 0.1);
const patience = Number(options.patience ?? 10);
const repeat: Record<string, number> = Object.fromEntries(
  String(options.repeat ?? '').split(',').filter(Boolean).map((kv) => {
    const [el, n] = kv.split('=');
    return [el!, Number(n)];
  }),
);
const learningRateDecay = Number(options['lr-decay'] ?? TRAIN_MLP_DEFAULTS.learningRateDecay);
const loss = String(options.loss ?? TRAIN_MLP_DEFAULTS.loss) as MlpLoss;
if (!MLP_LOSSES.includes(loss)) fail(new InputError(`--loss must be one of ${MLP_LOSSES.join(', ')}, got "${loss}"`));
const log = (msg: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
};

let sources: readonly PairSource[] = FORWARD_SOURCES;
try {
  if (options.sources !== undefined) sources = parseSources(String(options.sources));
} catch (err) {
  fail(err);
}
const feRecordsPath = options['fe-records'] !== undefined ? resolve(String(options['fe-records'])) : undefined;
if (feRecordsPath !== undefined && !sources.includes('fe-k-feff-crystals')) fail(new InputError('--fe-records needs fe-k-feff-crystals in --sources'));
const absorbers = [...new Set(sources.map((s) => SOURCE_RECIPES[s].absorber))].sort();
{
  const keys = new Set<string>([...absorbers, ...sources]);
  const bad = Object.entries(repeat).filter(([k, n]) => !keys.has(k) || !(Number.isInteger(n) && n >= 0));
  if (bad.length > 0) fail(new InputError(`--repeat: ${bad.map(([k, n]) => `${k}=${n}`).join(', ')} is not <absorber or source>=<whole number ≥ 0>; absorbers and sources of this run: ${[...keys].join(', ')}`));
}
const grid = forwardGrid(options['grid-stop'] !== undefined ? { stopEv: Number(options['grid-stop']) } : {});
const baseDescriptor: DescriptorParams = { ...DESCRIPTOR_DEFAULTS, angularEtas: [...DESCRIPTOR_DEFAULTS.angularEtas], angularZetas: [...DESCRIPTOR_DEFAULTS.angularZetas], splitMetals: true };
const descriptor: DescriptorParams = {
  ...baseDescriptor,
  splitMetals: !options['no-split-metals'],
  ...(options['r-max'] !== undefined ? { rMaxAngstrom: Number(options['r-max']), cutoffAngstrom: Number(options['r-max']) } : {}),
  ...(options['n-radial'] !== undefined ? { nRadial: Number(options['n-radial']) } : {}),
  ...(options['angular-cutoff'] !== undefined ? { angularCutoffAngstrom: Number(options['angular-cutoff']) } : {}),
  ...(options.soap
    ? {
        soap: {
          ...SOAP_DEFAULTS,
          ...(options['soap-n'] !== undefined ? { nRadial: Number(options['soap-n']) } : {}),
          ...(options['soap-lmax'] !== undefined ? { lMax: Number(options['soap-lmax']) } : {}),
          ...(options['soap-cutoff'] !== undefined ? { cutoffAngstrom: Number(options['soap-cutoff']), rMaxAngstrom: Number(options['soap-cutoff']) - 0.5 } : {}),
          ...(options['soap-sqrt'] ? { signedSqrt: true } : {}),
        },
      }
    : {}),
};
const batchSize = Math.floor(Number(options.batch ?? TRAIN_MLP_DEFAULTS.batchSize));
if (!(batchSize >= 1)) fail(new InputError(`--batch must be a positive integer, got ${String(options.batch)}`));
const ema = Number(options.ema ?? 0);
if (!(ema >= 0 && ema < 1)) fail(new InputError(`--ema must be in [0, 1), got ${String(options.ema)}`));
/** Count of extra members of one input view (`--no-soap-members` etc.): a non-negative integer. */
function viewCount(flag: string, needsSoap: boolean): number {
  const n = Math.floor(Number(options[flag] ?? 0));
  if (!(n >= 0)) fail(new InputError(`--${flag} must be 0 or more, got ${String(options[flag])}`));
  if (n > 0 && needsSoap && !descriptor.soap) fail(new InputError(`--${flag} needs --soap`));
  return n;
}
const noSoapMembers = viewCount('no-soap-members', true);
const soapOnlyMembers = viewCount('soap-only-members', true);
const radialMembers = viewCount('radial-members', false);
const onlyMember = options['only-member'] === undefined ? undefined : Number(options['only-member']);
const workers = Math.max(1, Math.floor(Number(options.workers ?? 1)));

/** Dataset with one descriptor, its train/val rows, standardisation and validation metrics. */
interface Setup {
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
/** Validation metrics of one absorber on its valid range, and on the −10…+30 eV window of models 1.x. */
type ValMetrics = WindowMetrics & { narrow: WindowMetrics };
const setups = new Map<string, Setup>();
function setupFor(d: DescriptorParams): Setup {
  const key = JSON.stringify(d);
  const known = setups.get(key);
  if (known) return known;
  const ds = buildForwardDataset(dataDir, {
    gridEv: grid.energyEv,
    descriptor: d,
    absorbers,
    sources,
    ...(feRecordsPath !== undefined ? { feRecordsPath } : {}),
    cacheDir: join(REPO_ROOT, '.cache', 'forward'),
    onProgress: log,
    ...(options.limit ? { limitPerSource: Number(options.limit) } : {}),
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
  /** Validation metrics per absorber for predictions `pred` (rows of `val`). */
  const valMetrics = (pred: Float32Array): Record<string, ValMetrics> => {
    const out: Record<string, ValMetrics> = {};
    for (const ab of absorbers) {
      const m = metricsOf(pred, (row) => row.absorber === ab, ab, trainingMeanSpectrum(ds, ab));
      if (m) out[ab] = m;
    }
    return out;
  };
  /** Validation metrics of each source that shares its absorber with another source, against its own training mean. */
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
}
let main: Setup;
try {
  main = setupFor(descriptor);
} catch (err) {
  fail(err);
}
const { ds, train, val, norm, overallMean, validRanges, valMetrics, valMetricsBySource } = main;
// Fingerprint of the records read (the batch may still be appending to a live file).
const feRecords = sources.includes('fe-k-feff-crystals') ? feRecordsFingerprint() : undefined;
const K = ds.outputLength;
const trainIndices = main.indices(repeat);
if (Object.keys(repeat).length > 0) log(`oversampling ${JSON.stringify(repeat)}: ${trainIndices.length} training rows per epoch from ${train.data.n}`);

function columns(data: ForwardData, keep: number[]): ForwardData {
  const x = new Float32Array(data.n * keep.length);
  for (let s = 0; s < data.n; s++) keep.forEach((c, j) => (x[s * keep.length + j] = data.x[s * data.inputLength + c]!));
  return { ...data, x, inputLength: keep.length };
}

const command = `npm run train:forward -- ${process.argv.slice(2).join(' ')}`.trim();
const comparison: Record<string, unknown>[] = [];
const summarise = (name: string, m: Record<string, ValMetrics>, extra: Record<string, unknown>): void => {
  const row: Record<string, unknown> = { name, ...extra, command };
  for (const [ab, v] of Object.entries(m)) {
    row[ab] = { eta: v.eta, medianRse: v.medianRelativeSquareError, medianMse: v.medianMse, edgeEv: v.medianEdgeErrorEv, windowEv: v.windowEv, narrow: { eta: v.narrow.eta, medianRse: v.narrow.medianRelativeSquareError, windowEv: v.narrow.windowEv } };
  }
  comparison.push(row);
  log(`compare ${name}: ${Object.entries(m).map(([ab, v]) => `${ab} η ${v.eta.toFixed(2)} rse ${v.medianRelativeSquareError.toExponential(2)} (−10…+30 eV: η ${v.narrow.eta.toFixed(2)} rse ${v.narrow.medianRelativeSquareError.toExponential(2)})`).join(', ')}`);
};
/** `data` with each NaN target (no data) replaced by the training mean at that point (for ridge, which cannot mask). */
const filledTargets = (data: ForwardData): ForwardData => ({ ...data, y: Float32Array.from(data.y, (v, i) => (Number.isFinite(v) ? v : overallMean[i % K]!)) });

if (options.compare && onlyMember === undefined) {
  for (const lambda of [1, 30]) {
    const t0 = performance.now();
    const ridge = fitRidge(filledTargets(train.data), norm.mean, norm.scale, lambda);
    summarise(`ridge λ=${lambda} (full descriptor)`, valMetrics(predictRidge(ridge, val.data.x, val.data.n)), { seconds: (performance.now() - t0) / 1000 });
  }
  const radialCols = [...Array.from({ length: channelNames(descriptor).length * descriptor.nRadial }, (_, i) => i), ...absorbers.map((_, a) => structuralLength(descriptor) + a)];
  const variants: { name: string; cols?: number[]; hidden: number[]; dropout?: number }[] = [
    { name: 'MLP [256,256], radial-only descriptor', cols: radialCols, hidden: [256, 256] },
    { name: 'MLP [256,256], full descriptor', hidden: [256, 256] },
    { name: `MLP ${JSON.stringify(hidden)}, full descriptor, dropout ${dropout}`, hidden, dropout },
  ];
  for (const v of variants) {
    const t0 = performance.now();
    const tr = v.cols ? columns(train.data, v.cols) : train.data;
    const va = v.cols ? columns(val.data, v.cols) : val.data;
    const nrm = v.cols ? { mean: Float32Array.from(v.cols, (c) => norm.mean[c]!), scale: Float32Array.from(v.cols, (c) => norm.scale[c]!) } : norm;
    const r = await trainMlp(tr, mlpConfig({ inputLength: tr.inputLength, outputLength: K, hidden: v.hidden }), { ...nrm, outputBias: overallMean }, { seed: 101, epochs, patience, validation: va, dropout: v.dropout ?? 0, learningRateDecay, indices: trainIndices });
    summarise(v.name, valMetrics(await predictMlp(r.model, va.x, va.n)), { seconds: (performance.now() - t0) / 1000, bestEpoch: r.bestEpoch, members: 1 });
  }
}

const variantKeys = options.variants === undefined || onlyMember !== undefined ? [] : String(options.variants) === 'all' ? Object.keys(VARIANTS) : String(options.variants).split(',').filter(Boolean);
for (const key of variantKeys) {
  const v = VARIANTS[key];
  if (!v) fail(new InputError(`unknown variant "${key}"; known: ${Object.keys(VARIANTS).join(', ')}`));
  const t0 = performance.now();
  const st = setupFor({ ...baseDescriptor, ...v.descriptor });
  const vh = v.hidden ?? [256, 256];
  const preds: Float32Array[] = [];
  const bestEpochs: number[] = [];
  // A variant that drops absorbers (repeat 0) early-stops on the validation rows of the absorbers it trains on.
  const dropped = new Set(Object.entries(v.repeat ?? {}).filter(([, n]) => n === 0).map(([ab]) => ab));
  const stopRows = dropped.size === 0 ? st.val.data : selectRows(st.ds, (r) => r.split === 'val' && !dropped.has(r.absorber)).data;
  for (let m = 0; m < (v.members ?? 1); m++) {
    const vnorm = v.minSd === undefined ? st.norm : featureStandardisation(st.train.data.x, st.train.data.n, st.train.data.inputLength, v.minSd);
    const r = await trainMlp(st.train.data, mlpConfig({ inputLength: st.ds.inputLength, outputLength: K, hidden: vh }), { ...vnorm, outputBias: st.overallMean }, {
      seed: 101 + m,
      epochs: v.epochs ?? 80,
      patience: v.patience ?? 10,
      dropout: v.dropout ?? 0.1,
      learningRateDecay: v.learningRateDecay ?? 0.98,
      loss: v.loss ?? 'mse',
      ...(v.batchSize ? { batchSize: v.batchSize } : {}),
      ...(v.ema ? { ema: v.ema } : {}),
      validation: stopRows,
      indices: st.indices(v.repeat ?? {}),
      onEpoch: (e) => {
        if (e.epoch % 20 === 0) log(`variant ${key} member ${m + 1} epoch ${e.epoch} val ${e.valLoss?.toExponential(3)} best ${e.bestEpoch} (${e.seconds.toFixed(1)} s/epoch)`);
      },
    });
    preds.push(await predictMlp(r.model, st.val.data.x, st.val.data.n));
    bestEpochs.push(r.bestEpoch);
  }
  summarise(v.name, st.valMetrics(memberStats(preds).mean), { variant: key, seconds: (performance.now() - t0) / 1000, bestEpoch: bestEpochs.length === 1 ? bestEpochs[0] : bestEpochs, members: preds.length });
}

/** Rows already in the file are kept unless a row of the same name was measured now. */
function writeComparison(): void {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'architecture-comparison.json');
  const names = new Set(comparison.map((r) => r.name));
  const previous = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { comparison?: Record<string, unknown>[] }).comparison ?? []) : [];
  const rows = [...previous.filter((r) => !names.has(r.name)), ...comparison];
  const record = { command, created: new Date().toISOString(), split: 'validation rows', dataHash: ds.dataHash, comparison: rows };
  writeFileSync(file, JSON.stringify(record, null, 1));
  log(`wrote ${file} (${rows.length} rows)`);
}
if ((options.compare || variantKeys.length > 0) && onlyMember === undefined) writeComparison();
if (membersWanted === 0) process.exit(0);

// Ensemble. Each finished member is written to a resume folder keyed by everything that shapes it,
// so a crashed run picks up at the next unfinished member, and `--workers N` trains N members at
// once in child processes of this script (`--only-member m`), which write the same files.
const config = mlpConfig({ inputLength: ds.inputLength, outputLength: K, hidden });
// v: the training-code version (members trained by older code are not mixed in).
const runKey = createHash('sha256')
  .update(JSON.stringify({ dataHash: ds.dataHash, descriptor, inputLength: ds.inputLength, K, hidden, dropout, epochs, patience, learningRateDecay, loss, repeat, limit: options.limit ?? null, ...(ema > 0 ? { ema } : {}), ...(batchSize !== TRAIN_MLP_DEFAULTS.batchSize ? { batchSize } : {}), v: TRAINING_CODE_VERSION }))
  .digest('hex')
  .slice(0, 16);
const memberDir = options['resume-dir'] !== undefined ? resolve(String(options['resume-dir'])) : join(REPO_ROOT, '.cache', 'train-forward', runKey);
// Members 0 … membersWanted−1 see the whole descriptor; the members after them (--no-soap-members,
// --soap-only-members, --radial-members) see a column subset of it, for diversity. Files are
// member-XX for the whole descriptor and member-<view>-XX otherwise; seeds 1000, 1001, … in every view.
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
interface MemberView {
  /** File-name part ('' = the whole descriptor). */
  view: string;
  count: number;
  /** Columns the member sees (undefined = all). */
  columns?: number[];
  /** What the member sees, for logs and the manifest. */
  label: string;
}
const views: MemberView[] = [
  { view: '', count: membersWanted, label: 'the whole descriptor' },
  { view: 'nosoap', count: noSoapMembers, columns: [...range(0, soapStart), ...oneHotColumns], label: 'the descriptor without its SOAP block' },
  { view: 'soaponly', count: soapOnlyMembers, columns: [...shellColumns, ...range(soapStart, structuralLength(descriptor)), ...oneHotColumns], label: 'the SOAP block, first-shell distance and count, absorber one-hot' },
  { view: 'radial', count: radialMembers, columns: [...range(0, radialEnd), ...oneHotColumns], label: 'the radial Gaussians and the absorber one-hot' },
];
/** Member m (0-based over all views) → its view and index within the view. */
const memberSlots = views.flatMap((v) => Array.from({ length: v.count }, (_, i) => ({ v, i })));
const totalMembers = memberSlots.length;
const memberPath = (m: number): string => {
  const { v, i } = memberSlots[m]!;
  return join(memberDir, `member-${v.view ? `${v.view}-` : ''}${String(i).padStart(2, '0')}`);
};
const memberSeed = (m: number): number => 1000 + memberSlots[m]!.i;

async function trainMember(m: number): Promise<void> {
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
}

if (onlyMember !== undefined) {
  await trainMember(onlyMember);
  process.exit(0);
}
const missing = Array.from({ length: totalMembers }, (_, m) => m).filter((m) => !mlpModelExists(memberPath(m)));
if (missing.length < totalMembers) log(`resuming: ${totalMembers - missing.length} member(s) already trained in ${memberDir}`);
if (workers > 1 && missing.length > 1) {
  // Children get this run's own arguments: with --only-member they skip the comparison, variants and export.
  const childArgs = process.argv.slice(2);
  const queue = [...missing];
  const runChild = (m: number): Promise<void> =>
    new Promise((done, reject) => {
      const child = fork(fileURLToPath(import.meta.url), [...childArgs, '--only-member', String(m)], { execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href], stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? done() : reject(new XasinvError('TRAINING_MEMBER_FAILED', `member ${m + 1} stopped with status ${code}; rerun the same command to resume (finished members are kept in ${memberDir})`))));
    });
  try {
    await Promise.all(
      Array.from({ length: Math.min(workers, queue.length) }, async () => {
        for (let m = queue.shift(); m !== undefined; m = queue.shift()) await runChild(m);
      }),
    );
  } catch (err) {
    fail(err);
  }
}
for (const m of missing) if (!mlpModelExists(memberPath(m))) await trainMember(m);
const members: MlpModel[] = [];
const memberRecords: Record<string, unknown>[] = [];
for (let m = 0; m < totalMembers; m++) {
  const model = loadMlpModel(memberPath(m));
  members.push(model);
  memberRecords.push((model.meta?.record as Record<string, unknown> | undefined) ?? { member: m });
}

// ONNX export and parity.
mkdirSync(outDir, { recursive: true });
const onnxBytes = mlpEnsembleToOnnx(members, { docString: 'xasinv universal forward model: site descriptor → K-edge μ on the relative grid' });
writeFileAtomic(join(outDir, 'ensemble.onnx'), onnxBytes);
const session = await createSession(onnxBytes);
const onnxOut = await runModelOutputs(session, val.data.x, [val.data.n, ds.inputLength]);
await disposeSession(session);
const tfPreds = await Promise.all(members.map((mm) => predictMlp(mm, val.data.x, val.data.n)));
const { mean: valMean, sigma: valSigma } = memberStats(tfPreds);
let parity = 0;
for (let i = 0; i < valMean.length; i++) parity = Math.max(parity, Math.abs(valMean[i]! - onnxOut.mean!.data[i]!));
const jsCheck = mlpForwardJs(members[0]!, val.data.x.subarray(0, ds.inputLength), 1);
let jsParity = 0;
for (let k = 0; k < K; k++) jsParity = Math.max(jsParity, Math.abs(jsCheck[k]! - tfPreds[0]![k]!));
log(`ONNX vs tfjs on ${val.data.n} validation rows: max |Δmean| = ${parity.toExponential(2)}; plain-TS vs tfjs member 0: ${jsParity.toExponential(2)}`);

// Calibration on validation (per bin, 2σ for 95 %), on each row's valid range only.
const meanRows = toRows(onnxOut.mean!.data, K);
const sigmaRows = toRows(onnxOut.sigma!.data, K);
const validIndices = Object.fromEntries(Object.entries(validRanges).map(([ab, r]) => [ab, windowIndices(grid.energyEv, r)]));
const targetRows = toRows(maskOutside(val.data.y, K, (s) => validIndices[ds.rows[val.index[s]!]!.absorber] ?? { from: 0, to: K }), K);
const cal = fitMaskedCalibration(meanRows, sigmaRows, targetRows, { coverage: 0.95, k: 2 });
const covBefore = maskedCoverage(meanRows, sigmaRows, targetRows, 2);
const covAfter = maskedCoverage(meanRows, applyCalibration(sigmaRows, cal), targetRows, 2);
log(`calibration: global scale ${cal.scale.toFixed(2)}, per-bin ${Math.min(...cal.perBinScale!).toFixed(2)}…${Math.max(...cal.perBinScale!).toFixed(2)}; validation 2σ coverage ${covBefore.toFixed(3)} → ${covAfter.toFixed(3)}`);
const valM = valMetrics(onnxOut.mean!.data);
for (const [ab, v] of Object.entries(valM)) {
  log(`validation ${ab} ${v.windowEv[0]}…${v.windowEv[1]} eV: η ${v.eta.toFixed(2)}, median MSE ${v.medianMse.toExponential(2)}, median RSE ${v.medianRelativeSquareError.toExponential(2)}, edge ${v.medianEdgeErrorEv.toFixed(2)} eV; −10…+30 eV: η ${v.narrow.eta.toFixed(2)}, median RSE ${v.narrow.medianRelativeSquareError.toExponential(2)}`);
}
const valBySource = valMetricsBySource(onnxOut.mean!.data);
for (const [source, v] of Object.entries(valBySource)) {
  log(`validation ${source} (n ${v.n}) ${v.windowEv[0]}…${v.windowEv[1]} eV: η ${v.eta.toFixed(2)} (baseline: its own training mean), median RSE ${v.medianRelativeSquareError.toExponential(2)}; −10…+30 eV: η ${v.narrow.eta.toFixed(2)}, median RSE ${v.narrow.medianRelativeSquareError.toExponential(2)}`);
}
const soapLabel = descriptor.soap ? `, + SOAP power spectrum (${descriptor.soap.nRadial} Gaussians ${descriptor.soap.rMinAngstrom}…${descriptor.soap.rMaxAngstrom} Å, l ≤ ${descriptor.soap.lMax}, cutoff ${descriptor.soap.cutoffAngstrom} Å${descriptor.soap.signedSqrt ? ', sign·√' : ''})` : '';
const viewLabel = views.slice(1).filter((v) => v.count > 0).map((v) => `, and ${v.count} more on ${v.label}`).join('');
summarise(`ensemble of ${membersWanted} × MLP ${JSON.stringify(hidden)}, dropout ${dropout}, lr decay ${learningRateDecay}, ${epochs} epochs, patience ${patience}${loss === 'mse' ? '' : `, ${loss} loss`}${ema > 0 ? `, EMA ${ema}` : ''}${batchSize !== TRAIN_MLP_DEFAULTS.batchSize ? `, batch ${batchSize}` : ''}${soapLabel}${viewLabel} (shipped ${String(options.version ?? '1.0.0')})`, valM, { members: totalMembers });
writeComparison();

const wallTimeS = (performance.now() - started) / 1000;
/** The FEFF Fe crystal records the run read: path (repository-relative when inside it), sha256 and size. */
function feRecordsFingerprint(): { path: string; sha256: string; bytes: number } {
  const path = feRecordsPath ?? FE_FEFF_CRYSTALS_DEFAULTS.recordsPath;
  const bytes = readFileSync(path);
  const rel = relative(REPO_ROOT, path);
  return { path: rel.startsWith('..') ? path : rel, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
/** "member 3" or "members 1–10" (1-based, inclusive). */
function memberRange(from: number, to: number): string {
  return from === to ? `member ${from}` : `members ${from}–${to}`;
}
function comparisonRecord(): Record<string, unknown> {
  const file = join(outDir, 'architecture-comparison.json');
  if (!existsSync(file)) return {};
  const rec = JSON.parse(readFileSync(file, 'utf8')) as { command: string; comparison: unknown[] };
  return { comparison: rec.comparison, comparisonCommand: rec.command };
}
const manifest: ForwardManifest = {
  id: modelId,
  kind: 'forward',
  version: String(options.version ?? '1.0.0'),
  created: new Date().toISOString(),
  elements: absorbers,
  edge: 'K',
  grid,
  validRangeEv: validRanges,
  validRange: { fraction: VALID_RANGE_DEFAULTS.fraction, rule: `per absorber, the first to the last grid point that at least ${100 * VALID_RANGE_DEFAULTS.fraction} % of its training spectra cover with data (no clamping); predictions, validation metrics and the σ calibration use only this range` },
  preprocessing: {
    energyAxis: 'E_rel = E − E_edge(Elam K table) − offsetEv(source)',
    convention: 'core-hole lifetime broadening included, no instrument broadening; edge-step sources divided by mean μ over +20…+30 eV, ORCA TDDFT (no continuum) by its maximum on the grid; linear interpolation; targets NaN (masked in the loss) where a spectrum has no data beyond the clamp',
    maxClampEv: TARGET_DEFAULTS.maxClampEv,
    sources: ALL_FORWARD_SOURCES.filter((s) => ds.offsetsEv[s] !== undefined).map((s) => ({ ...SOURCE_RECIPES[s], offsetEv: ds.offsetsEv[s]! })),
  },
  descriptor: { ...descriptor, channels: channelNames(descriptor), length: ds.inputLength, absorberOneHot: absorbers },
  architecture: {
    kind: 'mlp',
    hidden,
    inputLength: ds.inputLength,
    outputLength: K,
    activation: 'relu',
    output: 'softplus',
    standardisation: 'in graph: (x − mean)·scale fitted on the training rows',
    members: totalMembers,
    ensemble: 'different seeds (initialisation + shuffling), all training rows, early stopping on validation',
    ...(totalMembers > membersWanted
      ? {
          memberInputs: views
            .filter((v) => v.count > 0)
            .map((v) => {
              const from = memberSlots.findIndex((s) => s.v === v) + 1;
              const zeros = v.columns ? ` (first-layer weights zero on the other ${inputLength - v.columns.length} columns)` : '';
              return `${memberRange(from, from + v.count - 1)}: ${v.label}${zeros}`;
            })
            .join('; '),
        }
      : {}),
    ...comparisonRecord(),
  },
  calibration: {
    k: cal.k,
    coverage: cal.coverage,
    scale: cal.scale,
    perBinScale: Array.from(cal.perBinScale!),
    samples: cal.samples,
    coverageBefore: covBefore,
    coverageAfter: covAfter,
    split: 'validation (Cu OmniXAS val + seeded 10 % of Fe/Co/S train), each row on its absorber\'s valid range',
  },
  // validation: each absorber on its valid range; validationNarrow: on −10…+30 eV (the grid of models 1.x).
  metrics: {
    validation: Object.fromEntries(Object.entries(valM).map(([ab, { narrow: _n, ...v }]) => [ab, v])),
    validationNarrow: Object.fromEntries(Object.entries(valM).map(([ab, v]) => [ab, v.narrow])),
    // Sources sharing an absorber (Fe molecules / Fe crystals), each against its own training mean.
    ...(Object.keys(valBySource).length > 0 ? { validationBySource: Object.fromEntries(Object.entries(valBySource).map(([src, { narrow, ...v }]) => [src, { ...v, narrow }])) } : {}),
    onnxParityMaxAbs: parity,
  },
  training: {
    dataHash: ds.dataHash,
    command: `npm run train:forward -- ${process.argv.slice(2).join(' ')}`.trim(),
    wallTimeS,
    members: totalMembers,
    epochs,
    batchSize,
    learningRate: TRAIN_MLP_DEFAULTS.learningRate,
    ...(ema > 0 ? { weightAverage: `exponential moving average of the weights, ${ema} per step` } : {}),
    learningRateDecay,
    loss,
    patience,
    dropout,
    oversampling: repeat,
    sources: [...sources],
    ...(feRecords ? { feRecords } : {}),
    rows: { train: train.data.n, val: val.data.n },
    memberRecords,
    // Training time of every member, summed (the wall time above covers only this invocation when members were resumed).
    memberSecondsTotal: memberRecords.reduce((a, r) => a + (typeof r.seconds === 'number' ? r.seconds : 0), 0),
    cpu: `2 shared cores, tfjs wasm backend, ${workers === 1 ? '1 process' : `members in ${workers} worker processes`}`,
  },
};
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1));
log(`wrote ${outDir}/ensemble.onnx (${(onnxBytes.length / 1e6).toFixed(2)} MB) and manifest.json; wall time ${wallTimeS.toFixed(0)} s`);
