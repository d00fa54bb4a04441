/**
 * Evaluate the shipped forward model on every absorber's untouched test rows and write
 * reports/forward.json and reports/forward.md.
 *
 *   npm run eval:forward [-- --data ../shared/data --model models/forward/<id> --compare models/forward/<other id>]
 *
 * Metrics per absorber (ONNX inference, the production path), on the absorber's valid range (the
 * part of the grid its training spectra cover, manifest validRangeEv; the whole grid for 1.x
 * models): OmniXAS η (median MSE of the absorber's training-mean spectrum ÷ the model's median
 * MSE), median MSE, CGXAS relative square error Σ(μ−μ̂)²/Σμ² (median and mean), median Pearson r,
 * median edge-position error, coverage of the calibrated ±2σ band. η and RSE also on −10…+30 eV
 * (the grid of models 1.x: like for like with them and with OmniXAS), for this model and every
 * `--compare` model. Cu also on the OmniXAS-like window (their 35 eV from e_start, as far as our
 * grid covers it). CuO (mp-1692) and Cu2O (mp-361) are compared with measured spectra.
 *
 * The per-absorber rows use the four default sources (sources.ts FORWARD_SOURCES: Fe = the FDMNES
 * molecules), whatever the model was trained on, so models with and without the optional sources
 * compare like for like. Optional sources (fe-k-feff-crystals: the project's FEFF Fe crystals,
 * records from `--fe-records`, default data/feff-fe-crystals/records.jsonl when it exists) get
 * rows of their own on their held-out (test) materials, for this model and every `--compare`
 * model, trained with the source or not: η against the source's own training-mean spectrum and
 * the median RSE, on the absorber's valid range and on −10…+30 eV.
 *
 * `--limit N` (smoke tests: at most N rows per source and split; the model's manifest offsets are
 * applied instead of offsets measured on those few rows) and
 * `--report-dir DIR` (default reports/) are for tests.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseScriptArgs } from '../src/args.ts';
import { FE_FEFF_CRYSTALS_DEFAULTS } from '../src/data/fe-feff-crystals.ts';
import type { PairSource } from '../src/data/pairs.ts';
import { InputError, XasinvError } from '../src/errors.ts';
import { ALL_FORWARD_SOURCES, FORWARD_SOURCES } from '../src/forward/sources.ts';
import { edgeEnergy } from '../src/elements/index.ts';
import { applyCalibration } from '../src/ensemble/calibration.ts';
import { buildForwardDataset, selectRows } from '../src/forward/dataset.ts';
import { toRows, trainingMeanSpectrum } from '../lab/forward/ensemble.ts';
import { NARROW_WINDOW_EV } from '../src/forward/grid.ts';
import { maskedCoverage } from '../lab/forward/masked-calibration.ts';
import { sliceColumns, validRangeEv, windowIndices } from '../src/forward/valid-range.ts';
import { SOAP_CHANNELS } from '../src/forward/descriptor.ts';
import { defaultForwardModelDir, descriptorParamsOf, readForwardManifest, type ForwardManifest } from '../src/forward/manifest.ts';
import { firstCrossingEv, median, nearestReferenceRse, pearsonPerRow, relativeSquareError, spectrumMetrics, windowMetrics, type WindowMetrics } from '../lab/forward/metrics.ts';
import { closeForwardModel, loadForwardModel, predictStructure } from '../src/forward/predict.ts';
import { prepareMeasured } from '../src/measured/index.ts';
import { runModelOutputs } from '../src/onnx/session.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { interpolate } from '../src/spectrum/index.ts';
import { readStructure } from '../src/structure/index.ts';
import { reportSection } from '../lab/report/section.ts';
import { modelRecordsSnapshot } from '../lab/forward/records-snapshot.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run eval:forward -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  model: { type: 'string', help: 'forward model folder' },
  compare: { type: 'string', help: 'comma-separated further model folders: η and RSE on −10…+30 eV and on their valid ranges beside this model\'s (e.g. the previous version)' },
  'fe-records': { type: 'string', help: 'records.jsonl of the FEFF Fe crystal batch, all of it (default: the records the model was trained on, as its manifest names them; else data/feff-fe-crystals/records.jsonl when it exists): its held-out materials are evaluated as their own rows' },
  limit: { type: 'number', help: 'at most this many rows per source and split (smoke tests; the model\'s manifest offsets are applied)' },
  'report-dir': { type: 'string', help: 'where forward.json and forward.md go (default reports/)' },
});
/** One line on stderr and exit status 2 for bad input (no stack trace). */
function fail(err: unknown): never {
  if (err instanceof XasinvError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
const feRecordsOption = options['fe-records'] !== undefined ? resolve(String(options['fe-records'])) : undefined;
if (feRecordsOption !== undefined && !existsSync(feRecordsOption)) fail(new InputError(`--fe-records: ${feRecordsOption} not found`));
const feRecordsPath = feRecordsOption ?? (existsSync(FE_FEFF_CRYSTALS_DEFAULTS.recordsPath) ? FE_FEFF_CRYSTALS_DEFAULTS.recordsPath : undefined);
/** The default sources, the model's own, and the FEFF Fe crystals when their records are there. */
const datasetSources = (m: ForwardManifest): PairSource[] => {
  const want = new Set<string>([...FORWARD_SOURCES, ...m.preprocessing.sources.map((s) => s.source)]);
  if (feRecordsPath !== undefined) want.add('fe-k-feff-crystals');
  if (want.has('fe-k-feff-crystals') && feRecordsPath === undefined) fail(new InputError(`${m.id} was trained with fe-k-feff-crystals: pass --fe-records (no ${FE_FEFF_CRYSTALS_DEFAULTS.recordsPath})`));
  return ALL_FORWARD_SOURCES.filter((s) => want.has(s));
};
/** The FEFF Fe records to read for the model in `dir`: --fe-records whole, else the model's own snapshot (the batch appends), else the default file. */
const recordsOptions = (dir: string): { feRecordsPath?: string; feRecordsBytes?: number } => {
  if (feRecordsOption !== undefined) return { feRecordsPath: feRecordsOption };
  let own: ReturnType<typeof modelRecordsSnapshot>;
  try {
    own = modelRecordsSnapshot(dir);
  } catch (err) {
    fail(err);
  }
  if (own) return { feRecordsPath: own.absolutePath, feRecordsBytes: own.bytes };
  return feRecordsPath !== undefined ? { feRecordsPath } : {};
};
const datasetOptions = (m: ForwardManifest, dir: string) => ({
  gridEv: m.grid.energyEv,
  descriptor: descriptorParamsOf(m),
  absorbers: m.elements,
  sources: datasetSources(m),
  ...recordsOptions(dir),
  // A limited run measures offsets on a few rows: take the model's own instead (sources it was not trained on are measured).
  ...(options.limit !== undefined ? { limitPerSource: Number(options.limit), fixedOffsetsEv: Object.fromEntries(m.preprocessing.sources.map((s) => [s.source, s.offsetEv])) } : {}),
  cacheDir: join(REPO_ROOT, '.cache', 'forward'),
  onProgress: (msg: string) => process.stderr.write(`${msg}\n`),
});
/** Rows of the default sources (the per-absorber tables). */
const isBase = (r: { source: string }): boolean => (FORWARD_SOURCES as readonly string[]).includes(r.source);
const reportDir = resolve(String(options['report-dir'] ?? join(REPO_ROOT, 'reports')));
const dataDir = resolve(String(options.data ?? defaultDataDir()));
const modelDir = resolve(String(options.model ?? defaultForwardModelDir()));
const manifest = readForwardManifest(modelDir);
const grid = manifest.grid.energyEv;
const K = grid.length;
let ds: ReturnType<typeof buildForwardDataset>;
try {
  ds = buildForwardDataset(dataDir, datasetOptions(manifest, modelDir));
} catch (err) {
  fail(err);
}
for (const s of manifest.preprocessing.sources) {
  if (Math.abs((ds.offsetsEv[s.source] ?? NaN) - s.offsetEv) > 1e-6) fail(new InputError(`offset of ${s.source} differs from the manifest: ${ds.offsetsEv[s.source]} vs ${s.offsetEv} eV (not the training data: other records or --limit than manifest training.command?)`));
}
const model = await loadForwardModel(modelDir);
const scaleRow = (sig: Float32Array[]): Float64Array[] => applyCalibration(sig, manifest.calibration as never);

/**
 * Validation comparison rows: the model folder's architecture-comparison.json (train:forward appends every
 * measured variant there, each row with its command) when present, else the copy in the manifest.
 */
function architectureComparison(): Record<string, unknown>[] {
  const file = join(modelDir, 'architecture-comparison.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { comparison?: Record<string, unknown>[] }).comparison ?? [];
  return (manifest.architecture.comparison ?? []) as Record<string, unknown>[];
}

interface AbsorberReport extends WindowMetrics {
  source: string;
  coverage2SigmaRaw: number;
  coverage2SigmaCalibrated: number;
  medianSigma: number;
  /** The same metrics on −10…+30 eV (the grid of models 1.x). */
  narrow: WindowMetrics;
  /** Reference rows for the RSE target (not models): the training-mean spectrum, and the nearest training spectrum of the absorber picked with the answer known. */
  rseReference?: { trainingMean: number; nearestTraining: number; nearestTrainingShifted: number; shiftsEv: number[] };
  omnixasWindow?: { fromEv: number; toEv: number; points: number; eta: number; medianMse: number };
}
/** Median RSE (on the absorber's valid range) of the training mean and of the nearest training spectrum (unshifted, and best of shifts −5…+5 eV by 1 eV). */
function rseReference(ab: string, target: Float32Array, base: Float64Array): AbsorberReport['rseReference'] {
  const { from, to } = windowIndices(grid, validRangeEv(manifest, ab));
  const Kv = to - from;
  const train = sliceColumns(selectRows(ds, (r) => r.split === 'train' && r.absorber === ab && isBase(r)).data.y, K, from, to);
  const tgt = sliceColumns(target, K, from, to);
  const step = manifest.grid.stepEv;
  const shiftsEv = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5];
  const n = tgt.length / Kv;
  const meanRows = new Float64Array(n * Kv);
  for (let s = 0; s < n; s++) meanRows.set(base.subarray(from, to), s * Kv);
  return {
    trainingMean: median(relativeSquareError(meanRows, tgt, Kv)),
    nearestTraining: median(nearestReferenceRse(train, tgt, Kv)),
    nearestTrainingShifted: median(nearestReferenceRse(train, tgt, Kv, shiftsEv.map((e) => Math.round(e / step)))),
    shiftsEv,
  };
}

/** The −10…+30 eV window cut to a valid range. */
const narrowOf = ([lo, hi]: [number, number]): [number, number] => [Math.max(lo, NARROW_WINDOW_EV[0]), Math.min(hi, NARROW_WINDOW_EV[1])];

const perAbsorber: Record<string, AbsorberReport> = {};
const t0 = performance.now();
let testRows = 0;
for (const ab of manifest.elements) {
  const test = selectRows(ds, (r) => r.split === 'test' && r.absorber === ab && isBase(r));
  if (test.data.n === 0) continue;
  testRows += test.data.n;
  const out = await runModelOutputs(model.session, test.data.x, [test.data.n, test.data.inputLength]);
  const mean = out.mean!.data;
  const base = trainingMeanSpectrum(ds, ab, FORWARD_SOURCES);
  const range = validRangeEv(manifest, ab);
  const m = windowMetrics(grid, mean, test.data.y, base, range);
  // ±2σ coverage on the valid range (σ calibrated with the per-bin scales of these bins).
  const { from, to } = windowIndices(grid, range);
  const Kv = to - from;
  const meanRows = toRows(sliceColumns(mean, K, from, to), Kv);
  const sigRows = toRows(sliceColumns(out.sigma!.data, K, from, to), Kv);
  const tgtRows = toRows(sliceColumns(test.data.y, K, from, to), Kv);
  const calSig = scaleRow(toRows(out.sigma!.data, K)).map((r) => r.subarray(from, to));
  const sigmas = calSig.flatMap((r) => Array.from(r)).sort((a, b) => a - b);
  const rep: AbsorberReport = {
    ...m,
    source: ds.rows[test.index[0]!]!.source,
    coverage2SigmaRaw: maskedCoverage(meanRows, sigRows, tgtRows, 2),
    coverage2SigmaCalibrated: maskedCoverage(meanRows, calSig, tgtRows, 2),
    medianSigma: sigmas[sigmas.length >> 1]!,
    narrow: windowMetrics(grid, mean, test.data.y, base, narrowOf(range)),
  };
  if (ab === 'Cu') {
    // OmniXAS Cu window: 141 points, 35 eV at 0.25 eV from e_start = 8983.173 eV (absolute FEFF energies).
    const offset = manifest.preprocessing.sources.find((s) => s.absorber === 'Cu')!.offsetEv;
    const fromEv = 8983.173 - edgeEnergy('Cu') - offset;
    const toEv = fromEv + 35;
    const keep = grid.map((e, k) => (e >= fromEv - 1e-9 && e <= toEv + 1e-9 ? k : -1)).filter((k) => k >= 0);
    const sub = (a: ArrayLike<number>, n: number): Float32Array => {
      const o = new Float32Array(n * keep.length);
      for (let s = 0; s < n; s++) keep.forEach((k, j) => (o[s * keep.length + j] = a[s * K + k]!));
      return o;
    };
    const w = spectrumMetrics(keep.map((k) => grid[k]!), sub(mean, test.data.n), sub(test.data.y, test.data.n), keep.map((k) => base[k]!));
    rep.omnixasWindow = { fromEv: grid[keep[0]!]!, toEv: grid[keep[keep.length - 1]!]!, points: keep.length, eta: w.eta, medianMse: w.medianMse };
  }
  perAbsorber[ab] = rep;
}
const testSeconds = (performance.now() - t0) / 1000;
const trainingRows: Record<string, number> = {};
for (const ab of Object.keys(perAbsorber)) {
  const test = selectRows(ds, (r) => r.split === 'test' && r.absorber === ab && isBase(r));
  trainingRows[ab] = ds.rows.filter((r) => r.split === 'train' && r.absorber === ab && isBase(r)).length;
  perAbsorber[ab]!.rseReference = rseReference(ab, test.data.y, trainingMeanSpectrum(ds, ab, FORWARD_SOURCES));
}

/** Test metrics of one optional source (its held-out materials) for one model. */
interface SourceReport {
  model: string;
  source: string;
  absorber: string;
  /** Whether the model's training data included the source. */
  trainedWithSource: boolean;
  n: number;
  materials: number;
  trainingRows: number;
  validRange: WindowMetrics;
  narrow: WindowMetrics;
  coverage2SigmaCalibrated?: number;
}
/** The optional sources' test rows of `d`, predicted by `session` (η baseline: the source's own training mean). */
async function sourceReports(m: ForwardManifest, d: typeof ds, session: typeof model.session, withCoverage: boolean): Promise<SourceReport[]> {
  const out: SourceReport[] = [];
  for (const source of [...new Set(d.rows.map((r) => r.source))].filter((s) => !isBase({ source: s }))) {
    const test = selectRows(d, (r) => r.split === 'test' && r.source === source);
    if (test.data.n === 0) continue;
    const ab = d.rows[test.index[0]!]!.absorber;
    const Km = d.outputLength;
    const res = await runModelOutputs(session, test.data.x, [test.data.n, test.data.inputLength]);
    const base = trainingMeanSpectrum(d, ab, [source]);
    const range = validRangeEv(m, ab);
    const rep: SourceReport = {
      model: `${m.id} ${m.version}`,
      source,
      absorber: ab,
      trainedWithSource: m.preprocessing.sources.some((s) => s.source === source),
      n: test.data.n,
      materials: new Set(test.index.map((i) => d.rows[i]!.materialId ?? d.rows[i]!.id)).size,
      trainingRows: d.rows.filter((r) => r.split === 'train' && r.source === source).length,
      validRange: windowMetrics(m.grid.energyEv, res.mean!.data, test.data.y, base, range),
      narrow: windowMetrics(m.grid.energyEv, res.mean!.data, test.data.y, base, narrowOf(range)),
    };
    if (withCoverage) {
      const { from, to } = windowIndices(m.grid.energyEv, range);
      const Kv = to - from;
      const calSig = applyCalibration(toRows(res.sigma!.data, Km), m.calibration as never).map((r) => r.subarray(from, to));
      rep.coverage2SigmaCalibrated = maskedCoverage(toRows(sliceColumns(res.mean!.data, Km, from, to), Kv), calSig, toRows(sliceColumns(test.data.y, Km, from, to), Kv), 2);
    }
    out.push(rep);
  }
  return out;
}
const bySource: SourceReport[] = await sourceReports(manifest, ds, model.session, true);

/** One model × absorber × window row of the window comparison. */
interface WindowRow {
  model: string;
  absorber: string;
  window: 'valid range' | '−10…+30 eV';
  rangeEv: [number, number];
  points: number;
  n: number;
  eta: number;
  medianRse: number;
  medianMse: number;
  medianPearson: number;
  medianEdgeErrorEv: number;
}
const windowRow = (label: string, ab: string, window: WindowRow['window'], w: WindowMetrics): WindowRow => ({
  model: label,
  absorber: ab,
  window,
  rangeEv: w.windowEv,
  points: w.points,
  n: w.n,
  eta: w.eta,
  medianRse: w.medianRelativeSquareError,
  medianMse: w.medianMse,
  medianPearson: w.medianPearson,
  medianEdgeErrorEv: w.medianEdgeErrorEv,
});
const windows: WindowRow[] = [];
const label = `${manifest.id} ${manifest.version}`;
for (const [ab, r] of Object.entries(perAbsorber)) windows.push(windowRow(label, ab, '−10…+30 eV', r.narrow), windowRow(label, ab, 'valid range', r));
// Further models (--compare) on their own grids and datasets (the same test rows; targets on the shared points are the same numbers).
for (const other of String(options.compare ?? '').split(',').filter(Boolean)) {
  const dir = resolve(other);
  const om = readForwardManifest(dir);
  let ods: typeof ds;
  try {
    ods = buildForwardDataset(dataDir, datasetOptions(om, dir));
  } catch (err) {
    fail(err);
  }
  const omodel = await loadForwardModel(dir);
  try {
    for (const ab of om.elements) {
      const test = selectRows(ods, (r) => r.split === 'test' && r.absorber === ab && isBase(r));
      if (test.data.n === 0) continue;
      const out = await runModelOutputs(omodel.session, test.data.x, [test.data.n, test.data.inputLength]);
      const base = trainingMeanSpectrum(ods, ab, FORWARD_SOURCES);
      const range = validRangeEv(om, ab);
      const olabel = `${om.id} ${om.version}`;
      windows.push(windowRow(olabel, ab, '−10…+30 eV', windowMetrics(om.grid.energyEv, out.mean!.data, test.data.y, base, narrowOf(range))), windowRow(olabel, ab, 'valid range', windowMetrics(om.grid.energyEv, out.mean!.data, test.data.y, base, range)));
    }
    bySource.push(...(await sourceReports(om, ods, omodel.session, false)));
  } finally {
    await closeForwardModel(omodel);
  }
}
windows.sort((a, b) => a.absorber.localeCompare(b.absorber) || b.window.localeCompare(a.window) || a.model.localeCompare(b.model));

// Ensemble size on the validation rows (the data the size is chosen on): η of the mean of the first k
// members, in training order, for every k. The test rows are not used here.
const ensembleSize: { members: number; eta: Record<string, number>; alone: Record<string, number> }[] = [];
{
  const valByAbsorber = manifest.elements
    .map((ab) => ({ ab, val: selectRows(ds, (r) => r.split === 'val' && r.absorber === ab && isBase(r)), base: trainingMeanSpectrum(ds, ab, FORWARD_SOURCES) }))
    .filter((v) => v.val.data.n > 0);
  const memberPreds = new Map<string, { n: number; data: ArrayLike<number> }>();
  for (const { ab, val } of valByAbsorber) {
    const out = await runModelOutputs(model.session, val.data.x, [val.data.n, val.data.inputLength]);
    memberPreds.set(ab, { n: val.data.n, data: out.members!.data });
  }
  const M = manifest.architecture.members;
  for (let k = 1; k <= M; k++) {
    const eta: Record<string, number> = {};
    const alone: Record<string, number> = {};
    for (const { ab, val, base } of valByAbsorber) {
      const { n, data } = memberPreds.get(ab)!;
      const mean = new Float32Array(n * K);
      for (let m = 0; m < k; m++) for (let i = 0; i < n * K; i++) mean[i]! += data[m * n * K + i]! / k;
      eta[ab] = windowMetrics(grid, mean, val.data.y, base, validRangeEv(manifest, ab)).eta;
      alone[ab] = windowMetrics(grid, Float32Array.from({ length: n * K }, (_, i) => data[(k - 1) * n * K + i]!), val.data.y, base, validRangeEv(manifest, ab)).eta;
    }
    ensembleSize.push({ members: k, eta, alone });
  }
}

// Measured CuO and Cu2O.
const experimental = [
  { name: 'CuO (tenorite)', materialId: 'mp-1692', file: 'experimental/xaslib/Cu/CuO_tenorite_13K_01.xdi', group: undefined },
  { name: 'Cu2O (cuprite)', materialId: 'mp-361', file: 'experimental/larch/xafsdata/AthenaProjectFiles/athena4.prj', group: 'cu_cuprite.001' },
];
const measuredReports: Record<string, unknown>[] = [];
for (const ex of experimental) {
  const structure = readStructure(join(dataDir, 'pairs', 'cu-k-feff-crystals', 'materials', ex.materialId, 'POSCAR'));
  const pred = await predictStructure(model, structure, { absorber: 'Cu' });
  const prep = prepareMeasured(join(dataDir, ex.file), { element: 'Cu', ...(ex.group ? { group: ex.group } : {}) });
  const e = prep.spectrum.energyEv;
  const norm = prep.preEdge.norm;
  // Align: the measured edge-step half crossing (normalised μ = 0.5) onto the prediction's (μ = 0.5 on our
  // edge-step normalisation, post-edge mean 1).
  const measEdgeAbs = firstCrossingEv(e, norm, 0.5);
  const ge = pred.grid.energy; // the model's grid cut to Cu's valid range
  const Kc = ge.length;
  const predEdgeRel = firstCrossingEv(ge, pred.average.mu, 0.5);
  const shiftEv = measEdgeAbs - predEdgeRel; // E_rel = E_meas − shiftEv
  const rel = Float64Array.from(e, (x) => x - shiftEv);
  // Points beyond the measured data are left out (NaN), not clamped.
  const measuredRangeEv: [number, number] = [rel[0]!, rel[rel.length - 1]!];
  let meas = interpolate(rel, norm, Float64Array.from(ge), { outside: 'clamp' }).map((v, k) => (ge[k]! >= measuredRangeEv[0] && ge[k]! <= measuredRangeEv[1] ? v : NaN));
  let sum = 0;
  let n = 0;
  ge.forEach((g, k) => {
    if (g >= 20 && g <= 30) {
      sum += meas[k]!;
      n++;
    }
  });
  meas = meas.map((v) => v / (sum / n));
  const pr = Float32Array.from(pred.average.mu);
  const covered = ge.filter((_, k) => Number.isFinite(meas[k]!));
  const nw = windowIndices(ge, narrowOf(pred.grid.validRangeEv));
  const onNarrow = (a: ArrayLike<number>): Float32Array => sliceColumns(a, Kc, nw.from, nw.to);
  measuredReports.push({
    name: ex.name,
    materialId: ex.materialId,
    file: ex.file + (ex.group ? `#${ex.group}` : ''),
    measuredE0Ev: prep.e0Ev,
    alignmentShiftEv: shiftEv,
    note: 'measured normalised μ (larch pre_edge semantics) aligned so that its μ = 0.5 crossing meets the prediction’s, rescaled to mean 1 over +20…+30 eV; compared where both exist',
    comparedEv: [covered[0], covered[covered.length - 1]],
    relativeSquareError: relativeSquareError(pr, meas, Kc)[0],
    pearson: pearsonPerRow(pr, meas, Kc)[0],
    narrow: { rangeEv: [ge[nw.from], ge[nw.to - 1]], relativeSquareError: relativeSquareError(onNarrow(pr), onNarrow(meas), nw.to - nw.from)[0], pearson: pearsonPerRow(onNarrow(pr), onNarrow(meas), nw.to - nw.from)[0] },
    sites: pred.sites.length,
    // Every 2 eV up to +30 eV, every 10 eV beyond.
    table: ge.map((g, k) => ({ eRelEv: g, predicted: pred.average.mu[k]!, sigma: pred.average.sigma[k]!, measured: meas[k]! })).filter((r) => Math.abs(r.eRelEv / (r.eRelEv <= 30 ? 2 : 10) - Math.round(r.eRelEv / (r.eRelEv <= 30 ? 2 : 10))) < 1e-9),
  });
}
await closeForwardModel(model);

const omnixas = [
  { model: 'ExpertXAS (OmniXAS, Cu K FEFF)', eta: 5.19 },
  { model: 'UniversalXAS (OmniXAS)', eta: 2.75 },
  { model: 'Tuned-UniversalXAS (OmniXAS)', eta: 4.81 },
];
const report = {
  model: { id: manifest.id, version: manifest.version, dir: modelDir, members: manifest.architecture.members, descriptor: describeDescriptor(), ...(typeof manifest.architecture.memberInputs === 'string' ? { memberInputs: manifest.architecture.memberInputs } : {}) },
  grid: { startEv: manifest.grid.startEv, stopEv: manifest.grid.stopEv, stepEv: manifest.grid.stepEv, n: K, relative: true },
  test: perAbsorber,
  /** Optional sources (FEFF Fe crystals) on their held-out materials, this model and every --compare model. */
  testBySource: bySource,
  windows,
  trainingRows,
  targets: {
    cuEtaAtLeast6: (perAbsorber.Cu?.narrow.eta ?? 0) >= 6,
    relativeSquareErrorAtMost002: Object.fromEntries(Object.entries(perAbsorber).map(([ab, r]) => [ab, r.narrow.medianRelativeSquareError <= 0.02])),
  },
  omnixasComparison: omnixas,
  experimental: measuredReports,
  architectureComparison: architectureComparison(),
  ensembleSizeValidation: ensembleSize,
  calibration: manifest.calibration,
  preprocessing: manifest.preprocessing,
  training: {
    wallTimeS: manifest.training.wallTimeS,
    command: manifest.training.command,
    dataHash: manifest.training.dataHash,
    ...(typeof manifest.training.memberSecondsTotal === 'number' ? { memberSecondsTotal: manifest.training.memberSecondsTotal } : {}),
  },
  timing: { testRows, onnxSeconds: testSeconds },
};
mkdirSync(reportDir, { recursive: true });
// The speed section belongs to bench/forward.ts --report: keep what it stored last.
const jsonPath = join(reportDir, 'forward.json');
const mdPath = join(reportDir, 'forward.md');
const previousSpeed = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as { speed?: unknown }).speed : undefined;
const previousSpeedSection = existsSync(mdPath) ? reportSection(readFileSync(mdPath, 'utf8'), 'Speed') : undefined;
writeFileSync(jsonPath, JSON.stringify(previousSpeed === undefined ? report : { ...report, speed: previousSpeed }, null, 1));
writeFileSync(mdPath, renderMarkdown(report).trimEnd() + '\n' + (previousSpeedSection ? `${previousSpeedSection.trimEnd()}\n` : ''));
process.stderr.write(`wrote ${jsonPath} and ${mdPath}\n`);
for (const [ab, r] of Object.entries(perAbsorber)) {
  process.stderr.write(`${ab} (${r.source}): n ${r.n}, η ${r.eta.toFixed(2)}, median MSE ${r.medianMse.toExponential(2)}, median RSE ${r.medianRelativeSquareError.toExponential(2)}, r ${r.medianPearson.toFixed(4)}, edge ${r.medianEdgeErrorEv.toFixed(2)} eV, 2σ coverage ${r.coverage2SigmaRaw.toFixed(2)} → ${r.coverage2SigmaCalibrated.toFixed(2)}${r.omnixasWindow ? `, OmniXAS-window η ${r.omnixasWindow.eta.toFixed(2)}` : ''}\n`);
}
for (const r of bySource) {
  process.stderr.write(`${r.absorber} (${r.source}, ${r.model}, ${r.trainedWithSource ? 'trained with it' : 'not trained with it'}): n ${r.n} sites of ${r.materials} held-out materials, η ${r.validRange.eta.toFixed(2)}, median RSE ${r.validRange.medianRelativeSquareError.toExponential(2)} on ${r.validRange.windowEv[0]}…${r.validRange.windowEv[1]} eV; −10…+30 eV: η ${r.narrow.eta.toFixed(2)}, median RSE ${r.narrow.medianRelativeSquareError.toExponential(2)}\n`);
}

function renderMarkdown(r: typeof report): string {
  const f = (x: number | undefined, d = 3): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
  const e = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toExponential(2));
  const L: string[] = [];
  L.push(`# Forward model evaluation: ${r.model.id} ${r.model.version}`, '');
  L.push(`Universal structure → K-edge XANES model (${r.model.members}-member MLP ensemble, ONNX). Grid: ${r.grid.startEv}…${r.grid.stopEv} eV relative to the aligned edge, ${r.grid.stepEv} eV, ${r.grid.n} points; each absorber is predicted and evaluated on its valid range (the grid points ≥ 95 % of its training spectra cover with data). Test rows are untouched by training, selection and calibration.`, '');
  L.push(`Input: ${r.model.descriptor}.`, '');
  L.push('## Test metrics per absorber (on its valid range)', '');
  L.push('| absorber | source | valid range (eV) | n | η | median MSE | median RSE Σ(μ−μ̂)²/Σμ² | mean RSE | median Pearson r | median edge error (eV) | ±2σ coverage raw → calibrated |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [ab, m] of Object.entries(r.test)) {
    L.push(`| ${ab} | ${m.source} | ${m.windowEv[0]}…${m.windowEv[1]} (${m.points} points) | ${m.n} | ${f(m.eta, 2)} | ${e(m.medianMse)} | ${e(m.medianRelativeSquareError)} | ${e(m.meanRelativeSquareError)} | ${f(m.medianPearson, 4)} | ${f(m.medianEdgeErrorEv, 2)} | ${f(m.coverage2SigmaRaw, 2)} → ${f(m.coverage2SigmaCalibrated, 2)} |`);
  }
  if (r.testBySource.length > 0) {
    L.push('', '## Optional sources on their held-out materials (test rows)', '');
    L.push('Rows of sources outside the four default ones (the table above keeps to those: its Fe is the FDMNES molecules). fe-k-feff-crystals: the project\'s FEFF 10 Fe K spectra of mineral sites, test = the materials of the seeded material-level split (data/fe-feff-crystals.ts). η\'s baseline is the source\'s own training-mean spectrum (OmniXAS definition per dataset); models not trained with the source are evaluated on the same rows.', '');
    L.push('| source | model | trained with it | n (materials) | training rows | window (eV) | η | median RSE | median MSE | median Pearson r | median edge error (eV) | ±2σ coverage (calibrated) |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.testBySource) {
      for (const [w, label] of [[s.validRange, 'valid range'], [s.narrow, '1.x window']] as const) {
        L.push(`| ${s.source} | ${s.model} | ${s.trainedWithSource ? 'yes' : 'no'} | ${s.n} (${s.materials}) | ${s.trainingRows} | ${label} ${w.windowEv[0]}…${w.windowEv[1]} | ${f(w.eta, 2)} | ${e(w.medianRelativeSquareError)} | ${e(w.medianMse)} | ${f(w.medianPearson, 4)} | ${f(w.medianEdgeErrorEv, 2)} | ${label === 'valid range' ? f(s.coverage2SigmaCalibrated, 2) : '—'} |`);
      }
    }
  }
  L.push('', '## η and RSE on −10…+30 eV and on the valid range (test rows)', '');
  L.push('−10…+30 eV is the grid of models 1.x (and the window of the OmniXAS comparison below): the like-for-like rows. η\'s baseline (the training-mean spectrum) is cut to the same window. A 1.x model\'s valid range is its whole grid, −10…+30 eV.', '');
  L.push('| absorber | window | model | range (eV) | points | n | η | median RSE | median MSE | median Pearson r | median edge error (eV) |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const w of r.windows) L.push(`| ${w.absorber} | ${w.window} | ${w.model} | ${w.rangeEv[0]}…${w.rangeEv[1]} | ${w.points} | ${w.n} | ${f(w.eta, 2)} | ${e(w.medianRse)} | ${e(w.medianMse)} | ${f(w.medianPearson, 4)} | ${f(w.medianEdgeErrorEv, 2)} |`);
  const cu = r.test.Cu;
  L.push('', '## Cu K (FEFF) against OmniXAS (same material-level split)', '');
  L.push('| model | η on Cu test |', '|---|---|');
  for (const o of r.omnixasComparison) L.push(`| ${o.model} | ${o.eta} |`);
  if (cu) {
    L.push(`| **xasinv forward, −10…+30 eV (${cu.narrow.points} points, the grid of models 1.x)** | **${f(cu.narrow.eta, 2)}** |`);
    if (cu.points !== cu.narrow.points) L.push(`| xasinv forward, Cu's valid range ${cu.windowEv[0]}…${cu.windowEv[1]} eV (${cu.points} points; not comparable with OmniXAS's 35 eV) | ${f(cu.eta, 2)} |`);
    if (cu.omnixasWindow) L.push(`| **xasinv forward, OmniXAS-like window ${f(cu.omnixasWindow.fromEv, 2)}…${f(cu.omnixasWindow.toEv, 2)} eV (${cu.omnixasWindow.points} of OmniXAS's 141 points; the rest lies below our grid)** | **${f(cu.omnixasWindow.eta, 2)}** |`);
  }
  L.push('', 'OmniXAS computes η on its own processed 141-point spectra; ours is computed the same way (median MSE of the training-mean spectrum ÷ median MSE of the model) on our normalisation, so the comparison is like for like in definition but not in preprocessing.', '');
  L.push(`Targets (on −10…+30 eV, as set for models 1.x): Cu η ≥ 6: **${r.targets.cuEtaAtLeast6 ? 'met' : 'missed'}**; median RSE ≤ 0.02: ${Object.entries(r.targets.relativeSquareErrorAtMost002).map(([ab, ok]) => `${ab} ${ok ? 'met' : 'missed'}`).join(', ')}.`, '');
  L.push('## How low can the RSE go on these data? (reference rows on the test split, not models)', '');
  L.push('On each absorber\'s valid range. For each test spectrum, the single training spectrum of the same absorber with the smallest RSE, picked with the test answer known (and, in the last column, after the best energy shift of −5…+5 eV in 1 eV steps). Not a strict bound (a blend of training spectra can beat the best single one), but it shows how far each test spectrum lies from everything the model was trained on.', '');
  L.push('| absorber | training rows | median RSE: training mean | model | nearest training spectrum | nearest training spectrum, best shift |', '|---|---|---|---|---|---|');
  for (const [ab, m] of Object.entries(r.test)) L.push(`| ${ab} | ${r.trainingRows[ab] ?? '—'} | ${e(m.rseReference?.trainingMean)} | ${e(m.medianRelativeSquareError)} | ${e(m.rseReference?.nearestTraining)} | ${e(m.rseReference?.nearestTrainingShifted)} |`);
  L.push('');
  if (r.architectureComparison.length) {
    L.push('## Architecture comparison (validation rows, one member unless stated)', '');
    L.push('On each absorber\'s valid range; in brackets on −10…+30 eV where the row measured both (rows without brackets: models on the −10…+30 eV grid).', '');
    const abs = Object.keys(r.test);
    L.push(`| model | ${abs.map((a) => `${a} η / RSE`).join(' | ')} |`);
    L.push(`|---|${abs.map(() => '---').join('|')}|`);
    type Cell = { eta: number; medianRse: number; narrow?: { eta: number; medianRse: number } };
    const cell = (v: Cell | undefined): string => (v ? `${f(v.eta, 2)} / ${e(v.medianRse)}${v.narrow ? ` (${f(v.narrow.eta, 2)} / ${e(v.narrow.medianRse)})` : ''}` : '—');
    for (const row of r.architectureComparison as Record<string, unknown>[]) L.push(`| ${row.name} | ${abs.map((a) => cell(row[a] as Cell | undefined)).join(' | ')} |`);
    L.push('');
  }
  if (r.ensembleSizeValidation.length > 1) {
    const abs = Object.keys(r.ensembleSizeValidation[0]!.eta);
    L.push('## Ensemble size (validation rows)', '');
    L.push(`η of the mean of the first k shipped members (training order), and of member k alone, on the validation rows only.${r.model.memberInputs ? ` ${r.model.memberInputs}.` : ''}`, '');
    L.push(`| k | ${abs.map((a) => `${a} η, first k`).join(' | ')} | ${abs.map((a) => `${a} η, member k alone`).join(' | ')} |`, `|---|${abs.map(() => '---').join('|')}|${abs.map(() => '---').join('|')}|`);
    for (const row of r.ensembleSizeValidation) L.push(`| ${row.members} | ${abs.map((a) => f(row.eta[a], 2)).join(' | ')} | ${abs.map((a) => f(row.alone[a], 2)).join(' | ')} |`);
    L.push('');
  }
  L.push('## Preprocessing (one convention for every absorber)', '');
  L.push(`Energy axis: ${r.preprocessing.energyAxis}. ${r.preprocessing.convention}. Grid points up to ${r.preprocessing.maxClampEv} eV outside a spectrum's data take its end value (a few FEFF runs start ≤ 2.1 eV above −10 eV).`, '');
  L.push('| source | absorber | theory | extra Lorentzian FWHM (eV) | normalisation | measured offset (eV) |', '|---|---|---|---|---|---|');
  for (const src of r.preprocessing.sources) L.push(`| ${src.source} | ${src.absorber} | ${src.theory} | ${src.lorentzianFwhmEv} | ${src.normalisation} | ${f(src.offsetEv, 2)} |`);
  L.push('', 'Offset = median over the training spectra of (E0 − tabulated K edge), E0 = maximum of the smoothed derivative. FEFF sits ≈ 18 eV above the tabulated Cu edge, FDMNES 11 (Fe) / 20 (Co) eV above, ORCA TDDFT ≈ 67 eV below the S K edge. S molecules: each holds exactly one S (atom 0); 13 of the 110 xyz files repeat that S line after the declared atom count, which is dropped.', '');
  L.push('## Calibration', '');
  L.push(`Per-bin split-conformal scale on the validation rows for ±${r.calibration.k}σ at ${r.calibration.coverage} coverage: global scale ${f(r.calibration.scale, 2)}; validation coverage ${f(r.calibration.coverageBefore, 3)} → ${f(r.calibration.coverageAfter, 3)} (median per-spectrum fraction of points inside ±2σ).`, '');
  L.push('## Measured spectra (Cu K)', '');
  for (const x of r.experimental as Record<string, unknown>[]) {
    L.push(`### ${x.name} (${x.materialId}) vs ${x.file}`, '');
    const cmp = x.comparedEv as number[];
    const nar = x.narrow as { rangeEv: number[]; relativeSquareError: number; pearson: number };
    L.push(`Alignment shift ${f(x.alignmentShiftEv as number, 2)} eV (measured E0 ${f(x.measuredE0Ev as number, 1)} eV); on ${f(cmp[0], 2)}…${f(cmp[1], 2)} eV RSE ${e(x.relativeSquareError as number)}, Pearson r ${f(x.pearson as number, 3)}; on ${f(nar.rangeEv[0], 2)}…${f(nar.rangeEv[1], 2)} eV RSE ${e(nar.relativeSquareError)}, Pearson r ${f(nar.pearson, 3)}; ${x.sites} inequivalent site(s). ${x.note}.`, '');
    L.push('| E_rel (eV) | predicted | σ | measured |', '|---|---|---|---|');
    for (const row of x.table as { eRelEv: number; predicted: number; sigma: number; measured: number }[]) L.push(`| ${f(row.eRelEv, 1)} | ${f(row.predicted)} | ${f(row.sigma)} | ${f(row.measured)} |`);
    L.push('');
  }
  L.push('## Training', '');
  // wallTimeS covers the last invocation only; members resumed from the cache were trained earlier.
  const members = r.training.memberSecondsTotal === undefined ? '' : `; the members' own training times add up to ${f(r.training.memberSecondsTotal, 0)} s (≈ ${f(r.training.memberSecondsTotal / 120, 0)} min with two worker processes)`;
  L.push(`\`${r.training.command}\`: wall time of that invocation ${f(r.training.wallTimeS, 0)} s on 2 shared cores${members}; data hash ${r.training.dataHash.slice(0, 16)}…`, '');
  return L.join('\n');
}


/** One line naming every block of the model's site descriptor. */
function describeDescriptor(): string {
  const d = descriptorParamsOf(manifest);
  const parts = [`${manifest.descriptor.channels.length} element channels × ${d.nRadial} radial Gaussians (${d.rMinAngstrom}…${d.rMaxAngstrom} Å, cutoff ${d.cutoffAngstrom} Å)`];
  if (d.angular) parts.push(`${2 * d.angularEtas.length * d.angularZetas.length} angular G4 terms within ${d.angularCutoffAngstrom} Å`, 'first-shell distance and count');
  if (d.soap) parts.push(`a SOAP power spectrum (${d.soap.nRadial} Gaussians ${d.soap.rMinAngstrom}…${d.soap.rMaxAngstrom} Å, l ≤ ${d.soap.lMax}, cutoff ${d.soap.cutoffAngstrom} Å, channels ${(d.soapChannels ?? SOAP_CHANNELS).join(', ')}${d.soap.signedSqrt ? ', sign·√' : ''})`);
  parts.push(`the absorber one-hot (${manifest.elements.join(', ')})`);
  return `site descriptor of ${manifest.descriptor.length} features: ${parts.join(', ')}`;
}
