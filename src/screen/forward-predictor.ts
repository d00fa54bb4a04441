/**
 * @module screen/forward-predictor
 * The shipped universal forward model (src/forward) as a screening {@link SpectrumPredictor}:
 * the multiplicity-weighted average of the absorber's inequivalent sites with its calibrated σ.
 */
import { InputError } from '../errors.ts';
import { closeForwardModel, defaultForwardModelDir, descriptorParamsOf, loadForwardModel, predictDescriptorBatch, predictStructure, readForwardManifest, validGridIndices, validRangeEv, type ForwardManifest, type ForwardModel } from '../forward/index.ts';
import { readCalibrations } from './calibration-file.ts';
import type { SpectrumPredictor } from './types.ts';

/**
 * The predictor id of a forward model (cache keys, calibration files and libraries name it).
 * @example forwardPredictorId(manifest) // 'universal-k-v3@3.0.0-2026-12-02T07:07:01.083Z-31ffe565a97a'
 */
export function forwardPredictorId(m: ForwardManifest): string {
  const dataHash = typeof m.training?.dataHash === 'string' ? m.training.dataHash.slice(0, 12) : 'nohash';
  return `${m.id}@${m.version}-${m.created ?? ''}-${dataHash}`;
}

/**
 * Open a forward model folder (default: the shipped model) as a predictor; call `close()` after.
 *
 * @example
 * const predictor = await forwardPredictor();
 * try { await screenCandidates(prepared, files, { predictor }); } finally { await predictor.close?.(); }
 */
export async function forwardPredictor(dir: string = defaultForwardModelDir()): Promise<SpectrumPredictor> {
  const m = readForwardManifest(dir);
  // The ONNX session opens on the first prediction: ranking a library whose spectra are stored
  // never needs it (opening the 19 MB ensemble is ~0.3 s of a ~2 s ranking).
  let opened: Promise<ForwardModel> | null = null;
  const open = (): Promise<ForwardModel> => (opened ??= loadForwardModel(dir));
  const calibration = readCalibrations(dir);
  const n = m.grid.energyEv.length;
  return {
    ...(calibration ? { calibration } : {}),
    validRangeEv: (absorber) => validRangeEv(m, absorber),
    id: forwardPredictorId(m),
    model: { id: m.id, version: m.version },
    absorbers: [...m.elements],
    gridRelEv: Float64Array.from(m.grid.energyEv),
    async predict(structure, absorber) {
      const p = await predictStructure(await open(), structure, { absorber });
      // Predictions come cut to the absorber's valid range; screening takes them on the whole grid
      // (held at the end values outside, where validRangeEv keeps the fit from looking).
      const { from } = validGridIndices(m, absorber);
      const pad = (v: ArrayLike<number>): Float64Array => Float64Array.from({ length: n }, (_, k) => v[Math.min(Math.max(k - from, 0), v.length - 1)]!);
      return { sites: p.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity })), mu: pad(p.average.mu), sigma: pad(p.average.sigma), warnings: p.warnings };
    },
    async predictDescriptors(structural, descriptor, entries, absorber) {
      const own = descriptorParamsOf(m);
      if (JSON.stringify(canonical(descriptor.params)) !== JSON.stringify(canonical(own as unknown as Record<string, unknown>))) {
        throw new InputError(`the stored descriptors were made with other parameters than the forward model ${m.id} ${m.version} uses; rebuild the library (npm run build:library)`);
      }
      const { from, to } = validGridIndices(m, absorber);
      const held = (v: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, k) => v[Math.min(Math.max(k, from), to - 1)]!);
      return (await predictDescriptorBatch(await open(), structural, entries, absorber)).map((p) => ({ mu: held(p.mu), sigma: held(p.sigma) }));
    },
    close: async () => {
      const model = opened ? await opened.catch(() => null) : null;
      if (model) await closeForwardModel(model);
    },
  };
}

/** An object with its keys sorted, recursively (for comparing parameter records). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}
