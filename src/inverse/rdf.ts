/**
 * @module inverse/rdf
 * Measured spectrum → pseudo radial distribution (50-term G2 wACSF) with calibrated ±2σ band and
 * the first-shell distance. σ and the first-shell ± are widened by the model's measured calibration
 * when its folder has one (inverse/measured-calibration), and `uncertainty` says what they mean. The JSON shape is the one `xasinv rdf --json` and `POST /api/rdf` return.
 */
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { UnsupportedError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { loadInverseModel, predictEnsemble, type EnsemblePrediction, type InverseModel } from './ensemble-model.ts';
import { firstShellDistance } from './first-shell.ts';
import { calibratedFirstShellSigma, MEASURED_CALIBRATION_FILE } from './measured-calibration.ts';
import { measuredToModelInput, type ModelInput } from './model-input.ts';

export interface RdfResult {
  element: string;
  edge: string;
  /** Reference (half-step) energy the model grid is aligned to, eV. */
  e0: number;
  /** Larch E0 (maximum of the smoothed derivative), eV. */
  e0Derivative: number;
  r: number[];
  /** `sigma` (and lower/upper) after the measured calibration when there is one; `sigmaTheory` before it. */
  g2: { mean: number[]; sigma: number[]; lower: number[]; upper: number[]; sigmaTheory: number[] };
  /**
   * Stated coverage of [lower, upper] (= mean ± k·σ): on measured spectra when the model has a
   * measured calibration, else on held-out theory spectra (see `uncertainty`).
   */
  coverage: number;
  k: number;
  /**
   * `sigma`: the first shell's 1σ as `sigmaKind` says — calibrated on measured spectra, or (without
   * a measured calibration) the members' spread; `spread`: the members' standard deviation, always.
   */
  firstShell: { r: number; sigma: number; members: number[]; spread: number; sigmaKind: 'measured-calibrated' | 'member-spread' };
  /** What σ and the first-shell ± mean, and the measured calibration applied (if any). */
  uncertainty: RdfUncertainty;
  members: number;
  model: { id: string; version: string };
  input: { energy: number[]; mu: number[] };
  warnings: string[];
}

/** How the σ of an {@link RdfResult} was obtained, and what it means in words. */
export interface RdfUncertainty {
  /** `measured`: σ and the first-shell ± widened by the model's measured calibration; `theory`: calibrated on theory spectra only. */
  calibration: 'measured' | 'theory';
  sigmaMeaning: string;
  firstShellMeaning: string;
  /** Factor applied to the theory-calibrated G2 σ (`g2.sigmaTheory`); 1 without a measured calibration. */
  g2Scale: number;
  /** First-shell σ = √((scale · spread)² + floor²); null without a measured calibration. */
  firstShell: { form: 'scale' | 'scale+floor'; scale: number; floorAngstrom: number } | null;
  /** The calibration file (relative to the model folder) and its commit, when applied. */
  source: { file: string; codeCommit: string | null; created: string } | null;
  /** Why a calibration file present is not applied. */
  note?: string;
}

/** The uncertainty statement of a model (its measured calibration, or the theory-only wording). */
export function rdfUncertainty(model: Pick<InverseModel, 'manifest' | 'measuredCalibration' | 'measuredCalibrationNote'>): RdfUncertainty {
  const m = model.manifest;
  const c = model.measuredCalibration;
  if (c) {
    return {
      calibration: 'measured',
      sigmaMeaning: c.sigmaMeaning,
      firstShellMeaning: c.firstShellMeaning,
      g2Scale: c.g2.scale,
      firstShell: { form: c.firstShell.form, scale: c.firstShell.scale, floorAngstrom: c.firstShell.floorAngstrom },
      source: { file: MEASURED_CALIBRATION_FILE, codeCommit: c.provenance?.codeCommit ?? null, created: c.provenance?.created ?? '' },
    };
  }
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  return {
    calibration: 'theory',
    sigmaMeaning: `σ calibrated on ${m.calibration.samples} held-out theory spectra (±${m.calibration.k}σ held ${pct(m.calibration.coverageAfter ?? m.calibration.coverage)} of their G2 points); not calibrated on measured spectra`,
    firstShellMeaning: `"±" is the spread (standard deviation) of the ${m.members} ensemble members' first shells, not a calibrated error`,
    g2Scale: 1,
    firstShell: null,
    source: null,
    ...(model.measuredCalibrationNote ? { note: model.measuredCalibrationNote } : {}),
  };
}

/** Statistics of the first-shell distance across members, plus the position on the mean curve. */
export function firstShellStats(r: ArrayLike<number>, pred: EnsemblePrediction, sample = 0): { r: number; sigma: number; members: number[] } {
  const K = pred.k;
  const mean = pred.mean.subarray(sample * K, (sample + 1) * K);
  const per = pred.members.map((m) => firstShellDistance(r, m.subarray(sample * K, (sample + 1) * K)));
  const ok = per.filter(Number.isFinite);
  const mu = ok.reduce((a, b) => a + b, 0) / Math.max(1, ok.length);
  const sd = ok.length > 1 ? Math.sqrt(ok.reduce((a, b) => a + (b - mu) ** 2, 0) / (ok.length - 1)) : NaN;
  return { r: firstShellDistance(r, mean), sigma: sd, members: per };
}

/** Runs the model on a prepared input (also used by the confidence checks). */
export async function rdfFromInput(model: InverseModel, input: ModelInput, prepared: PreparedSpectrum): Promise<RdfResult> {
  return rdfFromPrediction(model, input, prepared, await predictEnsemble(model, input.x, 1));
}

/**
 * The result for row `sample` of an ensemble prediction that holds `input.x` there (e.g. a batch
 * that also holds perturbed copies, as the confidence checks run: one ensemble run serves both).
 * @example const rdf = rdfFromPrediction(model, input, prepared, await predictEnsemble(model, input.x, 1));
 */
export function rdfFromPrediction(model: InverseModel, input: ModelInput, prepared: PreparedSpectrum, pred: EnsemblePrediction, sample = 0): RdfResult {
  const m = model.manifest;
  const band = rdfBand(model, pred, sample);
  const { mean, sigma, k } = band;
  const warnings = [...prepared.warnings, ...input.warnings];
  if (band.uncertainty.note) warnings.push(band.uncertainty.note);
  if (!Number.isFinite(band.firstShell.r)) warnings.push('no first-shell maximum between 1 and 3.5 Å in the predicted G2');
  const grid = Array.from({ length: m.recipe.grid.n }, (_, i) => m.recipe.grid.startEv + i * m.recipe.grid.stepEv);
  return {
    element: m.element,
    edge: m.edge,
    e0: input.e0Ev,
    e0Derivative: prepared.e0Ev,
    r: m.g2.r,
    g2: { mean, sigma, lower: mean.map((v, i) => v - k * sigma[i]!), upper: mean.map((v, i) => v + k * sigma[i]!), sigmaTheory: band.sigmaTheory },
    coverage: band.coverage,
    k,
    firstShell: band.firstShell,
    uncertainty: band.uncertainty,
    members: m.members,
    model: { id: m.id, version: m.version },
    input: { energy: grid, mu: Array.from(input.x) },
    warnings,
  };
}

/**
 * Row `sample` of a prediction as shown to users: the G2 mean and σ, the first shell and its σ, with
 * the model's measured calibration applied when it has one (what `xasinv rdf` and `xasinv series`
 * both report).
 * @example const { sigma, firstShell, uncertainty } = rdfBand(model, await predictEnsemble(model, x, 1));
 */
export function rdfBand(model: InverseModel, pred: EnsemblePrediction, sample = 0): { mean: number[]; sigma: number[]; sigmaTheory: number[]; k: number; coverage: number; firstShell: RdfResult['firstShell']; uncertainty: RdfUncertainty } {
  const m = model.manifest;
  const K = pred.k;
  const mean = Array.from(pred.mean.subarray(sample * K, (sample + 1) * K));
  const sigmaTheory = Array.from(pred.sigma.subarray(sample * K, (sample + 1) * K));
  const uncertainty = rdfUncertainty(model);
  const stats = firstShellStats(m.g2.r, pred, sample);
  const cal = uncertainty.firstShell;
  return {
    mean,
    sigma: sigmaTheory.map((s) => s * uncertainty.g2Scale),
    sigmaTheory,
    k: model.measuredCalibration?.k ?? m.calibration.k,
    coverage: model.measuredCalibration?.statedCoverage ?? m.calibration.coverage,
    firstShell: { ...stats, sigma: cal ? calibratedFirstShellSigma(stats.sigma, cal) : stats.sigma, spread: stats.sigma, sigmaKind: cal ? 'measured-calibrated' : 'member-spread' },
    uncertainty,
  };
}

/**
 * Pseudo-RDF of a measured spectrum.
 * @throws UnsupportedError when no model covers the element or the energy range is too short.
 * @example
 * const rdf = await predictRdf(prepareMeasured('Fe2O3.xdi'));
 * rdf.firstShell.r; // ≈ 2.0 Å
 */
export async function predictRdf(prepared: PreparedSpectrum, options: { element?: string; modelsDir?: string } = {}): Promise<RdfResult> {
  const model = await inverseModelFor(prepared, options);
  const input = measuredToModelInput(prepared, model.manifest.recipe);
  return rdfFromInput(model, input, prepared);
}

/**
 * The inverse model for a prepared spectrum: its element (or `element`), K edge only.
 * @throws UnsupportedError for an unknown element, a non-K edge or an element without a model.
 * @example const model = await inverseModelFor(prepareMeasured('Fe2O3.xdi'));
 */
export async function inverseModelFor(prepared: PreparedSpectrum, { element, modelsDir = MODELS_DIR }: { element?: string; modelsDir?: string } = {}): Promise<InverseModel> {
  const el = element ?? prepared.element;
  if (!el) {
    throw new UnsupportedError('UNKNOWN_ELEMENT', 'the absorbing element is not stated in the file and could not be guessed from E0; ' + HOW_TO_SET_ELEMENT);
  }
  if (prepared.edge && prepared.edge !== 'K') {
    throw new UnsupportedError('UNSUPPORTED_EDGE', `only K edges are modelled; this spectrum is a ${el} ${prepared.edge} edge`);
  }
  return loadInverseModel(el, modelsDir);
}
