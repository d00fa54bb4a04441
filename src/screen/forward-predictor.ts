/**
 * @module screen/forward-predictor
 * The shipped universal forward model (src/forward) as a screening {@link SpectrumPredictor}:
 * the multiplicity-weighted average of the absorber's inequivalent sites with its calibrated σ.
 */
import { closeForwardModel, loadForwardModel, predictStructure } from '../forward/predict.ts';
import { defaultForwardModelDir } from '../forward/manifest.ts';
import { readCalibrations } from './calibration-file.ts';
import type { SpectrumPredictor } from './types.ts';

/**
 * Open a forward model folder (default: the shipped model) as a predictor; call `close()` after.
 *
 * @example
 * const predictor = await forwardPredictor();
 * try { await screenCandidates(prepared, files, { predictor }); } finally { await predictor.close?.(); }
 */
export async function forwardPredictor(dir: string = defaultForwardModelDir()): Promise<SpectrumPredictor> {
  const model = await loadForwardModel(dir);
  const m = model.manifest;
  const dataHash = typeof m.training?.dataHash === 'string' ? m.training.dataHash.slice(0, 12) : 'nohash';
  const calibration = readCalibrations(dir);
  const grid = m.grid.energyEv;
  const ranges = (m as { validRangeEv?: Record<string, [number, number]> }).validRangeEv;
  return {
    ...(calibration ? { calibration } : {}),
    validRangeEv: (absorber) => ranges?.[absorber] ?? [grid[0]!, grid[grid.length - 1]!],
    id: `${m.id}@${m.version}-${m.created ?? ''}-${dataHash}`,
    model: { id: m.id, version: m.version },
    absorbers: [...m.elements],
    gridRelEv: Float64Array.from(m.grid.energyEv),
    async predict(structure, absorber) {
      const p = await predictStructure(model, structure, { absorber });
      return { sites: p.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity })), mu: p.average.mu, sigma: p.average.sigma, warnings: p.warnings };
    },
    close: () => closeForwardModel(model),
  };
}
