/**
 * @module screen/library-candidates
 * A shipped candidate library (src/library) as screening features: the stored prediction when the
 * library was built with the same forward predictor, else a fresh prediction from the stored
 * descriptors (one batched ONNX run), plus the stored chemistry and G2.
 */
import { InputError } from '../errors.ts';
import type { Library } from '../library/index.ts';
import type { CachedFeatures } from './cache.ts';
import type { SpectrumPredictor } from './types.ts';

/** A library entry ready for ranking. */
export interface LibraryCandidate {
  /** The entry's id (`mp-1692`, `amcsd-0000143`). */
  id: string;
  name: string;
  /** Where the structure came from: database, id, file, licence. */
  source: { database: string; databaseId: string | null; file: string; licence: string };
  features: CachedFeatures;
}

/**
 * Features of every entry of `lib` for `predictor`.
 * @throws InputError when the predictor cannot use the library (another descriptor, or no way to
 *   predict from descriptors): the message gives the rebuild command.
 * @example const cands = await libraryCandidates(readLibrary('Cu'), predictor);
 */
export async function libraryCandidates(lib: Library, predictor: SpectrumPredictor, { g2Key }: { g2Key?: string } = {}): Promise<LibraryCandidate[]> {
  const m = lib.meta;
  const K = predictor.gridRelEv.length;
  let predicted: { mu: ArrayLike<number>; sigma: ArrayLike<number> }[];
  if (m.predictions && lib.predictions && m.predictions.predictorId === predictor.id && m.predictions.gridLength === K) {
    predicted = m.entries.map((_, i) => ({ mu: lib.predictions!.subarray(2 * i * K, (2 * i + 1) * K), sigma: lib.predictions!.subarray((2 * i + 1) * K, (2 * i + 2) * K) }));
  } else if (predictor.predictDescriptors && lib.descriptors) {
    predicted = await predictor.predictDescriptors(lib.descriptors, m.descriptor, m.entries.map((e) => e.sites.map((s) => s.multiplicity)), m.absorber);
  } else {
    const why = lib.descriptors ? `${predictor.id} cannot predict from its descriptors` : `it stores no descriptors to predict from with ${predictor.id}`;
    throw new InputError(`the ${m.absorber} candidate library was built for the forward predictor ${m.predictions?.predictorId ?? '(none)'}, and ${why}; rebuild it with: ${m.command}`);
  }
  const g2 = lib.g2 && m.g2 && (g2Key === undefined || g2Key === m.g2.key) ? { key: m.g2.key, n: m.g2.n, values: lib.g2 } : null;
  return m.entries.map((e, i) => ({
    id: e.id,
    name: e.name,
    source: { database: e.source.database, databaseId: e.source.databaseId, file: e.source.file, licence: e.licence },
    features: {
      id: e.id,
      formula: e.formula,
      elements: [...e.elements],
      sites: e.sites.map((s) => ({ index: s.index, multiplicity: s.multiplicity })),
      mu: Float32Array.from(predicted[i]!.mu),
      sigma: Float32Array.from(predicted[i]!.sigma),
      warnings: [...e.warnings],
      chemistry: e.chemistry,
      ...(g2 ? { g2: { [g2.key]: g2.values.slice(i * g2.n, (i + 1) * g2.n) } } : {}),
    },
  }));
}
