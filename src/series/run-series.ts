/**
 * @module series/run-series
 * One row per spectrum of a series — label, E0, edge step, first shell ± σ, the confidence verdict
 * and the pseudo-RDF — computed as `xasinv rdf` computes them (same model input, ensemble, first
 * shell and checks), with the inverse model loaded once per series and the spectra run through it
 * in batches. A spectrum that cannot be read or prepared keeps its row, with the error and the
 * verdict `unreliable`.
 */
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { combineReasons, dataReasons, distanceReference, inputStatistics, modelOod, referenceProblem, spectrumReasons, type Confidence, type Reason } from '../confidence/index.ts';
import { InputError, XasinvError } from '../errors.ts';
import { loadInverseModel, predictEnsemble, type InverseModel } from '../inverse/index.ts';
import { measuredToModelInput } from '../inverse/index.ts';
import { rdfBand, rdfUncertainty, type RdfUncertainty } from '../inverse/index.ts';
import { prepareSpectrum, type PreparedSpectrum } from '../measured/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { seriesAxis, type SeriesAxis } from './axis.ts';
import type { SeriesEntry } from './entries.ts';

/** Defaults of {@link runSeries}. */
/** What a series does once every spectrum is predicted, named in its progress (CLI and jobs). */
export const SERIES_FINAL_PASS = 'verdicts, axis and summary';

export const SERIES_DEFAULTS = Object.freeze({ batch: 64 });

/** One spectrum of a series. */
export interface SeriesRow {
  index: number;
  label: string;
  source: string;
  group: number | null;
  /** Position on the series axis (time s, temperature K, or the index). */
  axis: number | null;
  /** Larch E0 (derivative maximum), eV. */
  e0: number | null;
  edgeStep: number | null;
  /**
   * First G2 maximum between 1 and 3.5 Å on the ensemble mean, Å, and its 1σ: calibrated on measured
   * spectra when the model has a measured calibration, else the members' spread (the result's `uncertainty`).
   */
  firstShell: { r: number | null; sigma: number | null };
  verdict: Confidence['verdict'];
  score: number;
  /** True when the row should not be trusted: verdict unreliable, no first shell, or an error. */
  flagged: boolean;
  /** The checks that are not ok. */
  problems: Reason[];
  /** Pseudo-RDF: ensemble mean and calibrated σ on `r` (as `xasinv rdf`'s `g2.sigma`; empty for a row with an error). */
  g2: { mean: number[]; sigma: number[] };
  warnings: string[];
  error?: string;
}

/** The result of `xasinv series --json` and of a series job. */
export interface SeriesResult {
  element: string;
  edge: string;
  model: { id: string; version: string; members: number };
  /** G2 centres, Å. */
  r: number[];
  /** The ±kσ band of a row is g2.mean ± k·g2.sigma (k calibrated for `coverage`). */
  k: number;
  coverage: number;
  /** What σ and the first-shell ± mean (as `xasinv rdf`'s `uncertainty`). */
  uncertainty: RdfUncertainty;
  axis: Omit<SeriesAxis, 'values'>;
  rows: SeriesRow[];
  summary: { spectra: number; ok: number; caution: number; unreliable: number; errors: number };
  warnings: string[];
}

/** Options of {@link runSeries}. */
export interface SeriesOptions {
  /** Absorbing element (default: the first element a spectrum states or that E0 gives). */
  element?: string;
  modelsDir?: string;
  /** Spectra per model run. */
  batch?: number;
  onProgress?: (p: { done: number; total: number; message?: string }) => void;
}

interface Pending {
  row: SeriesRow;
  prepared?: PreparedSpectrum;
  x?: Float32Array;
  reasons?: Reason[];
}

/**
 * Runs the inverse model over a series.
 * @throws InputError when no element is known; UnsupportedError when no model covers it.
 * @example
 * const result = await runSeries(seriesEntries(seriesFilesFromPaths(['cu.prj'])), { element: 'Cu' });
 * result.rows.map((r) => r.firstShell.r) // ≈ [2.54, 2.54, 2.54]
 */
export async function runSeries(entries: readonly SeriesEntry[], { element, modelsDir = MODELS_DIR, batch = SERIES_DEFAULTS.batch, onProgress }: SeriesOptions = {}): Promise<SeriesResult> {
  const axis = seriesAxis(entries);
  const pending: Pending[] = entries.map((e, i) => ({ row: emptyRow(e, i, axis.values[i] ?? null) }));
  const prepared = entries.map((e, i) => {
    if (!e.spectrum) return undefined;
    try {
      return prepareSpectrum(e.spectrum, element ? { element } : {});
    } catch (err) {
      fail(pending[i]!, err);
      return undefined;
    }
  });
  const el = element ?? prepared.find((p) => p?.element)?.element;
  if (!el) throw new InputError('series: the absorbing element is stated in none of the spectra and could not be guessed from E0; ' + HOW_TO_SET_ELEMENT);
  const model = await loadInverseModel(el, modelsDir);
  const m = model.manifest;
  const warnings: string[] = [];
  prepared.forEach((p, i) => {
    if (!p) return;
    const item = pending[i]!;
    item.row.e0 = p.e0Ev;
    item.row.edgeStep = p.edgeStep;
    item.row.warnings = [...p.warnings];
    if (p.element && p.element !== el) return fail(item, new XasinvError('WRONG_ELEMENT', `the spectrum is a ${p.element} edge, the series is ${el}`));
    if (p.edge && p.edge !== 'K') return fail(item, new XasinvError('UNSUPPORTED_EDGE', `only K edges are modelled; this spectrum is a ${p.element ?? el} ${p.edge} edge`));
    try {
      const input = measuredToModelInput(p, m.recipe);
      item.prepared = p;
      item.x = input.x instanceof Float32Array ? input.x : Float32Array.from(input.x);
      item.row.warnings.push(...input.warnings);
      item.reasons = spectrumReasons(p, m).reasons;
    } catch (err) {
      fail(item, err);
    }
  });
  const runnable = pending.filter((p) => p.x);
  const total = entries.length;
  let done = total - runnable.length;
  onProgress?.({ done, total, message: `${el} K, model ${m.id} ${m.version}` });
  for (let start = 0; start < runnable.length; start += batch) {
    const chunk = runnable.slice(start, start + batch);
    await predictChunk(model, chunk);
    done += chunk.length;
    onProgress?.({ done, total, message: chunk[chunk.length - 1]!.row.label });
  }
  const rows = pending.map((p) => p.row);
  const count = (v: string) => rows.filter((r) => !r.error && r.verdict === v).length;
  if (rows.some((r) => r.error)) warnings.push(`${rows.filter((r) => r.error).length} of ${rows.length} spectra could not be analysed (see their error)`);
  const { values: _values, ...axisInfo } = axis;
  const uncertainty = rdfUncertainty(model);
  if (uncertainty.note) warnings.push(uncertainty.note);
  return {
    element: m.element,
    edge: m.edge,
    model: { id: m.id, version: m.version, members: m.members },
    r: [...m.g2.r],
    k: model.measuredCalibration?.k ?? m.calibration.k,
    coverage: model.measuredCalibration?.statedCoverage ?? m.calibration.coverage,
    uncertainty,
    axis: axisInfo,
    rows,
    summary: { spectra: rows.length, ok: count('ok'), caution: count('caution'), unreliable: count('unreliable'), errors: rows.filter((r) => r.error).length },
    warnings,
  };
}

/** Ensemble prediction and data-driven checks for a batch of rows (as `xasinv rdf` does one by one). */
async function predictChunk(model: InverseModel, chunk: Pending[]): Promise<void> {
  const L = model.manifest.recipe.grid.n;
  const n = chunk.length;
  const x = new Float32Array(n * L);
  chunk.forEach((p, i) => x.set(p.x!, i * L));
  const pred = await predictEnsemble(model, x, n);
  const ood = modelOod(model);
  const problem = referenceProblem(model, ood);
  const usable = ood && !problem ? ood : undefined;
  const stats = await inputStatistics(model, usable ? distanceReference(usable) : undefined, x, n);
  chunk.forEach((p, i) => {
    const band = rdfBand(model, pred, i);
    const fs = band.firstShell;
    const reasons = [...p.reasons!];
    if (problem) reasons.push(problem);
    if (usable) reasons.push(...dataReasons(stats[i]!, usable));
    const c = combineReasons(reasons);
    const row = p.row;
    row.firstShell = { r: finite(fs.r), sigma: finite(fs.sigma) };
    row.g2 = { mean: band.mean, sigma: band.sigma };
    row.verdict = c.verdict;
    row.score = c.score;
    row.problems = c.reasons.filter((r) => r.status !== 'ok');
    if (row.firstShell.r === null) row.warnings.push('no first-shell maximum between 1 and 3.5 Å in the predicted G2');
    row.flagged = c.verdict === 'unreliable' || row.firstShell.r === null;
  });
}

function emptyRow(e: SeriesEntry, index: number, axis: number | null): SeriesRow {
  const row: SeriesRow = { index, label: e.label, source: e.source, group: e.group ?? null, axis, e0: null, edgeStep: null, firstShell: { r: null, sigma: null }, verdict: 'unreliable', score: 0, flagged: true, problems: [], g2: { mean: [], sigma: [] }, warnings: [] };
  if (e.error) row.error = e.error;
  return row;
}

function fail(p: Pending, err: unknown): void {
  if (!(err instanceof XasinvError)) throw err;
  p.row.error = err.message;
  p.row.flagged = true;
  p.row.verdict = 'unreliable';
  p.row.score = 0;
  p.x = undefined;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
