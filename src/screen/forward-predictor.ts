/**
 * @module screen/forward-predictor
 * The shipped universal forward model (src/forward) as a screening {@link SpectrumPredictor}:
 * the multiplicity-weighted average of the absorber's inequivalent sites with its calibrated σ.
 */
import { closeForwardModel, loadForwardModel, predictStructure } from '../forward/index.ts';
import { defaultForwardModelDir } from '../forward/index.ts';
import { validGridIndices, validRangeEv } from '../forward/index.ts';
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
  const n = m.grid.energyEv.length;
  return {
    ...(calibration ? { calibration } : {}),
    validRangeEv: (absorber) => validRangeEv(m, absorber),
    id: `${m.id}@${m.version}-${m.created ?? ''}-${dataHash}`,
    model: { id: m.id, version: m.version },
    absorbers: [...m.elements],
    gridRelEv: Float64Array.from(m.grid.energyEv),
    async predict(structure, absorber) {
      const p = await predictStructure(model, structure, { absorber });
      // Predictions come cut to the absorber's valid range; screening takes them on the whole grid
      // (held at the end values outside, where validRangeEv keeps the fit from looking).
      const { from } = validGridIndices(m, absorber);
      const pad = (v: ArrayLike<number>): Float64Array => Float64Array.from({ length: n }, (_, k) => v[Math.min(Math.max(k - from, 0), v.length - 1)]!);
      return { sites: p.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity })), mu: pad(p.average.mu), sigma: pad(p.average.sigma), warnings: p.warnings };
    },
    close: () => closeForwardModel(model),
  };
}
