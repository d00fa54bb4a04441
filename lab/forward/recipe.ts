/**
 * @module lab/forward/recipe
 * The recipe of a forward model: every setting that shapes the trained ensemble, written out in
 * full (`models/forward/<id>/recipe.json`), so `npm run train:forward -- --recipe models/forward/<id>`
 * trains it again whatever the script's defaults have become since. Where the data sit, how many
 * processes run and where members are kept are not part of a recipe (they do not change the model).
 *
 * A recipe comes from the command line (`recipeFromOptions`, the defaults of model 1.0.0), from a
 * recipe file (`readRecipe`) or from a shipped manifest (`recipeFromManifest`, which is how the
 * recipe of universal-k-v3 was written); training writes the recipe it ran beside the manifest.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../src/errors.ts';
import { DESCRIPTOR_DEFAULTS, FORWARD_GRID_DEFAULTS, FORWARD_SOURCES, parseSources, SOURCE_RECIPES, type DescriptorParams, type ForwardManifest } from '../../src/forward/index.ts';
import { readJsonFile } from '../../src/io/index.ts';
import { SOAP_DEFAULTS } from '../../src/structure/index.ts';
import { MLP_LOSSES, TRAIN_MLP_DEFAULTS, type MlpLoss } from './train-mlp.ts';

/** The input views of ensemble members: the whole descriptor, or a column subset of it (for diversity). */
export const MEMBER_VIEWS = Object.freeze(['whole', 'nosoap', 'soaponly', 'radial'] as const);
export type MemberView = (typeof MEMBER_VIEWS)[number];

/** What each view's members see, as the manifest and the logs say it. */
export const MEMBER_VIEW_LABELS: Readonly<Record<MemberView, string>> = Object.freeze({
  whole: 'the whole descriptor',
  nosoap: 'the descriptor without its SOAP block',
  soaponly: 'the SOAP block, first-shell distance and count, absorber one-hot',
  radial: 'the radial Gaussians and the absorber one-hot',
});

const soapSchema = z.object({
  rMinAngstrom: z.number(),
  rMaxAngstrom: z.number(),
  nRadial: z.number().int().positive(),
  lMax: z.number().int().nonnegative(),
  cutoffAngstrom: z.number().positive(),
  signedSqrt: z.boolean().optional(),
});

/** Schema of `recipe.json`. */
export const FORWARD_RECIPE_SCHEMA = z.object({
  format: z.literal('xasinv-forward-recipe'),
  /** Manifest version the recipe produces (e.g. 3.0.0). */
  version: z.string(),
  /** Where the recipe came from (free text). */
  source: z.string().optional(),
  grid: z.object({ startEv: z.number(), stopEv: z.number(), stepEv: z.number().positive() }),
  sources: z.array(z.string()).min(1),
  /** Training rows of a source (or absorber) counted this many times per epoch. */
  repeat: z.record(z.string(), z.number().int().nonnegative()),
  descriptor: z.object({
    rMinAngstrom: z.number(),
    rMaxAngstrom: z.number(),
    nRadial: z.number().int().positive(),
    cutoffAngstrom: z.number().positive(),
    angularCutoffAngstrom: z.number().positive(),
    angularEtas: z.array(z.number()),
    angularZetas: z.array(z.number()),
    angular: z.boolean(),
    splitMetals: z.boolean(),
    soap: soapSchema.optional(),
  }),
  hidden: z.array(z.number().int().positive()).min(1),
  dropout: z.number().min(0).max(1),
  epochs: z.number().int().positive(),
  patience: z.number().int().positive(),
  learningRate: z.number().positive(),
  learningRateDecay: z.number().positive(),
  loss: z.enum(MLP_LOSSES as unknown as [MlpLoss, ...MlpLoss[]]),
  batchSize: z.number().int().positive(),
  /** Exponential moving average of the weights per step (0 = none). */
  ema: z.number().min(0).max(1),
  /** Members per input view; seeds 1000, 1001, … within each view. */
  members: z.object({ whole: z.number().int().nonnegative(), nosoap: z.number().int().nonnegative(), soaponly: z.number().int().nonnegative(), radial: z.number().int().nonnegative() }),
});

/** A forward model's full training recipe. */
export type ForwardRecipe = z.infer<typeof FORWARD_RECIPE_SCHEMA>;

/** The file name of a recipe inside a model folder. */
export const RECIPE_FILE = 'recipe.json';

/**
 * Read `<dir>/recipe.json` (or a recipe file given directly), checked against the schema.
 * @example const recipe = readRecipe('models/forward/universal-k-v3');
 */
export function readRecipe(dirOrFile: string): ForwardRecipe {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : join(dirOrFile, RECIPE_FILE);
  return checkRecipe(readJsonFile(file, FORWARD_RECIPE_SCHEMA), file);
}

/** The recipe's own consistency (sources known, repeat keys of this run, SOAP views need SOAP). */
export function checkRecipe(recipe: ForwardRecipe, where = 'recipe'): ForwardRecipe {
  parseSources(recipe.sources.join(','));
  const absorbers = [...new Set(recipe.sources.map((s) => SOURCE_RECIPES[s as keyof typeof SOURCE_RECIPES].absorber))].sort();
  const keys = new Set<string>([...absorbers, ...recipe.sources]);
  const bad = Object.entries(recipe.repeat).filter(([k]) => !keys.has(k));
  if (bad.length > 0) throw new InputError(`${where === '--repeat' ? '--repeat' : `${where}: repeat`}: ${bad.map(([k, n]) => `${k}=${n}`).join(', ')} is not <absorber or source>=<whole number ≥ 0>; absorbers and sources of this run: ${[...keys].join(', ')}`);
  if (!recipe.descriptor.soap && (recipe.members.nosoap > 0 || recipe.members.soaponly > 0)) throw new InputError(`${where}: members without or on the SOAP block need a SOAP descriptor`);
  return recipe;
}

/**
 * The descriptor of a recipe, with the keys in the order the training has always built them
 * (the defaults' order, SOAP last), so dataset caches and manifests are byte for byte those of a
 * run from the command line.
 */
export function recipeDescriptor(recipe: ForwardRecipe): DescriptorParams {
  const { soap, ...rest } = recipe.descriptor;
  const d: DescriptorParams = { ...defaultDescriptor(), ...rest, angularEtas: [...rest.angularEtas], angularZetas: [...rest.angularZetas] };
  if (soap) d.soap = { ...SOAP_DEFAULTS, ...soap };
  return d;
}

/** The descriptor of model 1.0.0 with split metal channels: what variants change, and the key order of every descriptor. */
export function defaultDescriptor(): DescriptorParams {
  return { ...DESCRIPTOR_DEFAULTS, angularEtas: [...DESCRIPTOR_DEFAULTS.angularEtas], angularZetas: [...DESCRIPTOR_DEFAULTS.angularZetas], splitMetals: true };
}

/** Command-line options of train:forward that make a recipe (the others say where and how fast). */
export type RecipeOptions = Record<string, string | number | boolean | (string | number)[] | undefined>;

/**
 * A recipe from command-line options over `base` (a recipe file), or over the defaults of model
 * 1.0.0 (80 epochs, patience 10, dropout 0.1, [256, 256], 5 members, lr decay 0.98, the −10…+127.5 eV
 * grid, the four sources of models ≤ 2.0.0).
 *
 * @example recipeFromOptions({ soap: true, epochs: 200 }).descriptor.soap?.lMax // 6
 */
export function recipeFromOptions(options: RecipeOptions, base?: ForwardRecipe): ForwardRecipe {
  const num = (key: string, fallback: number): number => (options[key] !== undefined ? Number(options[key]) : fallback);
  const b = base;
  const d = b?.descriptor;
  const soapWanted = options.soap === true || (options.soap === undefined && d?.soap !== undefined);
  const soapBase = d?.soap ?? { ...SOAP_DEFAULTS };
  const soap = soapWanted
    ? {
        ...soapBase,
        ...(options['soap-n'] !== undefined ? { nRadial: Number(options['soap-n']) } : {}),
        ...(options['soap-lmax'] !== undefined ? { lMax: Number(options['soap-lmax']) } : {}),
        ...(options['soap-cutoff'] !== undefined ? { cutoffAngstrom: Number(options['soap-cutoff']), rMaxAngstrom: Number(options['soap-cutoff']) - 0.5 } : {}),
        ...(options['soap-sqrt'] ? { signedSqrt: true } : {}),
      }
    : undefined;
  const rMax = options['r-max'] !== undefined ? Number(options['r-max']) : undefined;
  const repeat: Record<string, number> =
    options.repeat !== undefined
      ? Object.fromEntries(
          String(options.repeat)
            .split(',')
            .filter(Boolean)
            .map((kv) => {
              const [el, n] = kv.split('=');
              return [el!, Number(n)];
            }),
        )
      : { ...(b?.repeat ?? {}) };
  const badRepeat = Object.entries(repeat).filter(([, n]) => !(Number.isInteger(n) && n >= 0));
  const sources = options.sources !== undefined ? [...parseSources(String(options.sources))] : [...(b?.sources ?? FORWARD_SOURCES)];
  if (badRepeat.length > 0) {
    const absorbers = [...new Set(sources.map((s) => SOURCE_RECIPES[s as keyof typeof SOURCE_RECIPES].absorber))].sort();
    throw new InputError(`--repeat: ${badRepeat.map(([k, n]) => `${k}=${n}`).join(', ')} is not <absorber or source>=<whole number ≥ 0>; absorbers and sources of this run: ${[...absorbers, ...sources].join(', ')}`);
  }
  const loss = String(options.loss ?? b?.loss ?? TRAIN_MLP_DEFAULTS.loss) as MlpLoss;
  if (!MLP_LOSSES.includes(loss)) throw new InputError(`--loss must be one of ${MLP_LOSSES.join(', ')}, got "${loss}"`);
  const batchSize = Math.floor(num('batch', b?.batchSize ?? TRAIN_MLP_DEFAULTS.batchSize));
  if (!(batchSize >= 1)) throw new InputError(`--batch must be a positive integer, got ${String(options.batch)}`);
  const ema = num('ema', b?.ema ?? 0);
  if (!(ema >= 0 && ema < 1)) throw new InputError(`--ema must be in [0, 1), got ${String(options.ema)}`);
  const viewCount = (flag: string, fallback: number, needsSoap: boolean): number => {
    const n = Math.floor(Number(options[flag] ?? fallback));
    if (!(n >= 0)) throw new InputError(`--${flag} must be 0 or more, got ${String(options[flag])}`);
    if (n > 0 && needsSoap && !soap) throw new InputError(`--${flag} needs --soap`);
    return n;
  };
  const recipe: ForwardRecipe = {
    format: 'xasinv-forward-recipe',
    version: String(options.version ?? b?.version ?? '1.0.0'),
    ...(b?.source ? { source: b.source } : {}),
    grid: { startEv: b?.grid.startEv ?? FORWARD_GRID_DEFAULTS.startEv, stopEv: num('grid-stop', b?.grid.stopEv ?? FORWARD_GRID_DEFAULTS.stopEv), stepEv: b?.grid.stepEv ?? FORWARD_GRID_DEFAULTS.stepEv },
    sources,
    repeat,
    descriptor: {
      rMinAngstrom: d?.rMinAngstrom ?? DESCRIPTOR_DEFAULTS.rMinAngstrom,
      rMaxAngstrom: rMax ?? d?.rMaxAngstrom ?? DESCRIPTOR_DEFAULTS.rMaxAngstrom,
      nRadial: num('n-radial', d?.nRadial ?? DESCRIPTOR_DEFAULTS.nRadial),
      cutoffAngstrom: rMax ?? d?.cutoffAngstrom ?? DESCRIPTOR_DEFAULTS.cutoffAngstrom,
      angularCutoffAngstrom: num('angular-cutoff', d?.angularCutoffAngstrom ?? DESCRIPTOR_DEFAULTS.angularCutoffAngstrom),
      angularEtas: [...(d?.angularEtas ?? DESCRIPTOR_DEFAULTS.angularEtas)],
      angularZetas: [...(d?.angularZetas ?? DESCRIPTOR_DEFAULTS.angularZetas)],
      angular: d?.angular ?? DESCRIPTOR_DEFAULTS.angular,
      splitMetals: options['no-split-metals'] ? false : (d?.splitMetals ?? true),
      ...(soap ? { soap } : {}),
    },
    hidden: options.hidden !== undefined ? String(options.hidden).split(',').map(Number) : [...(b?.hidden ?? [256, 256])],
    dropout: num('dropout', b?.dropout ?? 0.1),
    epochs: num('epochs', b?.epochs ?? 80),
    patience: num('patience', b?.patience ?? 10),
    learningRate: b?.learningRate ?? TRAIN_MLP_DEFAULTS.learningRate,
    learningRateDecay: num('lr-decay', b?.learningRateDecay ?? TRAIN_MLP_DEFAULTS.learningRateDecay),
    loss,
    batchSize,
    ema,
    members: {
      whole: viewCount('members', b?.members.whole ?? 5, false),
      nosoap: viewCount('no-soap-members', b?.members.nosoap ?? 0, true),
      soaponly: viewCount('soap-only-members', b?.members.soaponly ?? 0, true),
      radial: viewCount('radial-members', b?.members.radial ?? 0, false),
    },
  };
  return checkRecipe(recipe, '--repeat');
}

/**
 * The recipe a shipped manifest records: its grid, sources, oversampling, descriptor, MLP, training
 * settings and how many members saw which input (its member records).
 *
 * @example writeFileSync('models/forward/universal-k-v3/recipe.json', JSON.stringify(recipeFromManifest(manifest), null, 1));
 */
export function recipeFromManifest(m: ForwardManifest): ForwardRecipe {
  const t = m.training as Record<string, unknown> & { memberRecords?: { input?: string }[] };
  const a = m.architecture as Record<string, unknown>;
  const records = t.memberRecords ?? [];
  const viewOf = (input: string | undefined): MemberView => {
    if (input === undefined) return 'whole';
    const v = MEMBER_VIEWS.find((k) => MEMBER_VIEW_LABELS[k] === input);
    if (!v) throw new InputError(`manifest ${m.id}: member input "${input}" is not one of the known views`);
    return v;
  };
  const members = { whole: 0, nosoap: 0, soaponly: 0, radial: 0 };
  for (const r of records) members[viewOf(r.input)] += 1;
  const { channels: _c, length: _l, absorberOneHot: _a, ...descriptor } = m.descriptor;
  const weightAverage = typeof t.weightAverage === 'string' ? /([\d.]+) per step/.exec(t.weightAverage) : null;
  const recipe: ForwardRecipe = {
    format: 'xasinv-forward-recipe',
    version: m.version,
    source: `written from the manifest of ${m.id} ${m.version} (training.command: ${String(t.command)})`,
    grid: { startEv: m.grid.startEv, stopEv: m.grid.stopEv, stepEv: m.grid.stepEv },
    sources: [...(t.sources as string[])],
    repeat: { ...(t.oversampling as Record<string, number>) },
    descriptor: FORWARD_RECIPE_SCHEMA.shape.descriptor.parse(descriptor),
    hidden: [...(a.hidden as number[])],
    dropout: t.dropout as number,
    epochs: t.epochs as number,
    patience: t.patience as number,
    learningRate: t.learningRate as number,
    learningRateDecay: t.learningRateDecay as number,
    loss: t.loss as MlpLoss,
    batchSize: t.batchSize as number,
    ema: weightAverage ? Number(weightAverage[1]) : 0,
    members,
  };
  return checkRecipe(FORWARD_RECIPE_SCHEMA.parse(recipe), `manifest ${m.id}`);
}
