/**
 * @module lab/inverse/measured-rows
 * The inverse model on every measured benchmark spectrum of its element (data/measured-benchmark):
 * the predicted G2 with its theory-calibrated σ, the first shell with its member spread, and the
 * true G2 and first shell of the compound's known structure. These rows are what the measured σ
 * calibration (measured-calibration.ts) is fitted on (dev half) and judged on (test half).
 *
 * The true G2 is the multiplicity-weighted mean of the absorber's inequivalent sites with the
 * model's own G2 parameters (as src/screen/rdf-vote.ts `candidateG2` scores candidates); the true
 * first shell is that curve's first maximum (src/inverse `firstShellDistance`, the same reading as
 * the prediction's). A compound with several structure files (polymorph duplicates, DFT stand-ins)
 * uses the first one, the catalogue's primary; the others' first shells are kept for information.
 */
import { benchmarkSplit, loadBenchmark, readBenchmarkSpectrum, type BenchmarkEntry } from '../benchmark/index.ts';
import { XasinvError } from '../../src/errors.ts';
import { firstShellDistance, measuredToModelInput, predictEnsemble, rdfFromPrediction, type InverseModel } from '../../src/inverse/index.ts';
import { prepareSpectrum } from '../../src/measured/index.ts';
import { inequivalentSites, readStructure, wacsfG2, type Structure } from '../../src/structure/index.ts';

/** One measured spectrum with the model's answer and the known structure's. */
export interface MeasuredInverseRow {
  id: string;
  compound: string;
  half: 'dev' | 'test';
  mode: string;
  beamline: string;
  /** Structure file (relative to its root) the truth comes from. */
  structure: string;
  /** True first shell of every structure file of the compound (Å), primary first. */
  truthAlternativesAngstrom: number[];
  /** Set when the model could not be run (e.g. the energy range stops short of its grid). */
  error?: string;
  firstShell?: {
    /** Predicted first shell (first maximum of the mean G2), Å; NaN when the curve has none. */
    predictedAngstrom: number;
    /** Standard deviation of the members' first shells, Å (what the runtime shows as "±" before calibration). */
    memberSpreadAngstrom: number;
    truthAngstrom: number;
    /** |predicted − truth|, Å; Infinity when no first shell was predicted. */
    errorAngstrom: number;
  };
  g2?: {
    mean: number[];
    /** σ as the runtime reports it without a measured calibration (theory-calibrated, error-model scaled). */
    sigma: number[];
    truth: number[];
  };
}

/** Mean G2 of an element's inequivalent sites, weighted by multiplicity, with the model's G2 parameters. */
export function structureG2(structure: Structure, element: string, g2: InverseModel['manifest']['g2']): Float64Array {
  const groups = inequivalentSites(structure, element);
  if (groups.length === 0) throw new Error(`the structure holds no ${element} site`);
  const out = new Float64Array(g2.n);
  let total = 0;
  for (const g of groups) {
    const v = wacsfG2(structure, g.index, { n: g2.n, rMinAngstrom: g2.rMinAngstrom, rMaxAngstrom: g2.rMaxAngstrom, cutoffAngstrom: g2.cutoffAngstrom, eta: g2.eta });
    for (let k = 0; k < g2.n; k++) out[k]! += g.multiplicity * v[k]!;
    total += g.multiplicity;
  }
  return out.map((v) => v / total);
}

/**
 * Runs `model` on every benchmark K-edge spectrum of its element. The model's measured calibration,
 * if any, is NOT applied: the rows hold the uncalibrated σ and member spread the fit starts from.
 *
 * @example
 * const rows = await measuredInverseRows(await loadInverseModel('Fe'), { dataDir: '../shared/data' });
 * rows.filter((r) => r.half === 'dev').length // 22
 */
export async function measuredInverseRows(model: InverseModel, { dataDir, entries, onSkip = () => {} }: { dataDir: string; entries?: BenchmarkEntry[]; onSkip?: (message: string) => void }): Promise<MeasuredInverseRow[]> {
  const element = model.manifest.element;
  const bare: InverseModel = { ...model, measuredCalibration: undefined };
  const split = benchmarkSplit();
  const r = model.manifest.g2.r;
  const list = entries ?? loadBenchmark({ dataDir, elements: [element], edges: ['K'] });
  const truthCache = new Map<string, { g2: Float64Array; firstShell: number }[]>();
  const rows: MeasuredInverseRow[] = [];
  for (const e of list) {
    const half = split.halfOf(e.compound);
    if (half === null) {
      onSkip(`${e.id}: compound ${e.compound} is in neither half of the frozen split`);
      continue;
    }
    let truths = truthCache.get(e.compound);
    if (!truths) {
      truths = e.structureFiles.map((file) => {
        const g2 = structureG2(readStructure(file), element, model.manifest.g2);
        return { g2, firstShell: firstShellDistance(r, g2) };
      });
      truthCache.set(e.compound, truths);
    }
    const truth = truths[0]!;
    const row: MeasuredInverseRow = {
      id: e.id,
      compound: e.compound,
      half,
      mode: e.mode,
      beamline: e.beamline,
      structure: e.structures[0]!.path,
      truthAlternativesAngstrom: truths.map((t) => t.firstShell),
    };
    try {
      const prepared = prepareSpectrum(readBenchmarkSpectrum(e.spectrum, dataDir), { element });
      const input = measuredToModelInput(prepared, model.manifest.recipe);
      const pred = await predictEnsemble(bare, input.x, 1);
      const rdf = rdfFromPrediction(bare, input, prepared, pred);
      const predicted = rdf.firstShell.r;
      row.firstShell = {
        predictedAngstrom: predicted,
        memberSpreadAngstrom: rdf.firstShell.spread,
        truthAngstrom: truth.firstShell,
        errorAngstrom: Number.isFinite(predicted) ? Math.abs(predicted - truth.firstShell) : Infinity,
      };
      row.g2 = { mean: rdf.g2.mean, sigma: rdf.g2.sigma, truth: Array.from(truth.g2) };
    } catch (err) {
      if (!(err instanceof XasinvError)) throw err;
      row.error = err.message;
      onSkip(`${e.id}: ${err.message}`);
    }
    rows.push(row);
  }
  return rows;
}
