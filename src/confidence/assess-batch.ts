/**
 * @module confidence/assess-batch
 * The full verdict (rule-based + data-driven checks) of many spectra against one inverse model in
 * one batch of model runs, with the data-driven verdict alone and the statistics behind it: how
 * eval:confidence scores a test split or a set of out-of-distribution spectra.
 */
import type { InverseDataset } from '../inverse/index.ts';
import type { InverseModel } from '../inverse/index.ts';
import type { Spectrum } from '../io/index.ts';
import { prepareSpectrum } from '../measured/index.ts';
import { dataReasons, distanceReference } from './assess.ts';
import { inputStatistics } from './input-statistics.ts';
import type { OodFile } from './ood-file.ts';
import { spectrumReasons } from './spectrum-checks.ts';
import { combineReasons, type Confidence } from './verdict.ts';

/** One assessed spectrum. */
export interface BatchVerdict {
  /** Rule-based and data-driven checks together (what `xasinv check` says). */
  confidence: Confidence;
  /** The data-driven checks alone (distance, spread, sensitivity). */
  dataOnly: Confidence;
  distance: number;
  spread: number;
  sensitivity: number;
}

/**
 * Verdicts of `spectra` with the data-driven checks of `ood`. The model inputs are the ones the
 * checks derive (spectra they cannot align to the model grid are left out and counted in
 * `failed`), or, with `inputs`, row i of that dataset for spectrum i (all kept). `x` holds the
 * model inputs of the rows, in order.
 *
 * @example
 * const { rows, failed } = await assessSpectra(model, readOodFile(model.dir)!, spectra);
 */
export async function assessSpectra(model: InverseModel, ood: OodFile, spectra: readonly Spectrum[], inputs?: InverseDataset): Promise<{ rows: BatchVerdict[]; x: Float32Array; failed: number }> {
  const L = model.manifest.recipe.grid.n;
  const rules = spectra.map((s) => spectrumReasons(prepareSpectrum(s), model.manifest));
  const usable = rules.map((r, i) => (inputs ? i : r.input ? i : -1)).filter((i) => i >= 0);
  const x = new Float32Array(usable.length * L);
  usable.forEach((i, k) => x.set(inputs ? inputs.x.subarray(i * L, (i + 1) * L) : rules[i]!.input!.x, k * L));
  const stats = await inputStatistics(model, distanceReference(ood), x, usable.length);
  const rows = usable.map((i, k) => {
    const data = dataReasons(stats[k]!, ood);
    return { confidence: combineReasons([...rules[i]!.reasons, ...data]), dataOnly: combineReasons(data), distance: stats[k]!.distance, spread: stats[k]!.spread, sensitivity: stats[k]!.sensitivity };
  });
  return { rows, x, failed: spectra.length - usable.length };
}
