/**
 * Train the universal forward model (structure → K-edge XANES) and write models/forward/<id>/
 * (lab/forward/train-forward.ts does the work; this file reads the command line).
 *
 *   npm run train:forward -- --recipe models/forward/universal-k-v3 [--out DIR] [--workers 2]
 *   npm run train:forward -- --data ../shared/data [--members 5] [--epochs 80] [--compare] [--out DIR]
 *
 * `--recipe DIR` trains the recipe DIR/recipe.json records (every setting written out; the shipped
 * universal-k-v3's was written from its manifest); recipe options given on the command line override
 * it (e.g. `--epochs 1` for a smoke run). Without `--recipe` the options start from the defaults of
 * model 1.0.0 (lab/forward/recipe.ts). Sources: `--sources` lists them, e.g.
 * `--sources cu-k-feff-crystals,fe-k-fdmnes-molecules,co-k-fdmnes-distortions,s-k-orca-molecules,fe-k-feff-crystals`
 * adds the project's FEFF Fe crystals (records from `--fe-records`, default data/feff-fe-crystals/records.jsonl;
 * with `--recipe DIR` the records DIR's model read, the first bytes of that file, as its manifest names them),
 * and `--repeat fe-k-feff-crystals=8` oversamples their training rows (`--repeat` keys are absorbers or
 * sources; a source key wins over its absorber's). `--compare` writes <out>/architecture-comparison.json
 * (one member per variant); with `--members 0` it stops there.
 */
import { basename, join, resolve } from 'node:path';
import { parseScriptArgs, type OptionSpec } from '../src/args.ts';
import { InputError, XasinvError } from '../src/errors.ts';
import { DEFAULT_FORWARD_MODEL_ID, FORWARD_GRID_DEFAULTS, FORWARD_SOURCES, ALL_FORWARD_SOURCES } from '../src/forward/index.ts';
import { defaultDataDir, MODELS_DIR } from '../src/paths.ts';
import { modelRecordsSnapshot, readRecipe, recipeFromOptions, trainForward, TRAIN_MLP_DEFAULTS, VARIANTS } from '../lab/forward/index.ts';

const OPTION_SPEC: Record<string, OptionSpec> = {
  recipe: { type: 'string', help: 'model folder (or recipe file) whose recipe.json to train; the options below override its settings' },
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
  'fe-records': { type: 'string', help: 'records.jsonl of the FEFF Fe crystal batch, all of it (source fe-k-feff-crystals; default: the records the --recipe model was trained on, else all of data/feff-fe-crystals/records.jsonl)' },
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

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run train:forward -- [options]', OPTION_SPEC);
try {
  const base = options.recipe !== undefined ? readRecipe(resolve(String(options.recipe))) : undefined;
  const recipe = recipeFromOptions(options, base);
  if (options['fe-records'] !== undefined && !recipe.sources.includes('fe-k-feff-crystals')) throw new InputError('--fe-records needs fe-k-feff-crystals in --sources');
  const outDir = resolve(String(options.out ?? join(MODELS_DIR, 'forward', DEFAULT_FORWARD_MODEL_ID)));
  // A model folder's recipe reads the FEFF Fe records that model read (the batch has appended since).
  const snapshot = options.recipe !== undefined && options['fe-records'] === undefined && recipe.sources.includes('fe-k-feff-crystals') && !String(options.recipe).endsWith('.json') ? modelRecordsSnapshot(resolve(String(options.recipe))) : undefined;
  await trainForward({
    recipe,
    dataDir: resolve(String(options.data ?? defaultDataDir())),
    outDir,
    id: String(options.id ?? basename(outDir)),
    ...(options['fe-records'] !== undefined ? { feRecordsPath: resolve(String(options['fe-records'])) } : {}),
    ...(snapshot ? { feRecordsPath: snapshot.absolutePath, feRecordsBytes: snapshot.bytes } : {}),
    ...(options.limit ? { limit: Number(options.limit) } : {}),
    ...(options['resume-dir'] !== undefined ? { resumeDir: String(options['resume-dir']) } : {}),
    workers: Math.max(1, Math.floor(Number(options.workers ?? 1))),
    compare: options.compare === true,
    ...(options.variants !== undefined ? { variants: String(options.variants).split(',').filter(Boolean) } : {}),
    command: `npm run train:forward -- ${process.argv.slice(2).join(' ')}`.trim(),
  });
} catch (err) {
  // One line on stderr and exit status 2 for a bad command line, recipe or data folder (no stack trace).
  if (!(err instanceof XasinvError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(2);
}
