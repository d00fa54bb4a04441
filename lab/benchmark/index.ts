/**
 * @module lab/benchmark
 * The measured benchmark: every measured spectrum of the shared data whose structure is known
 * (data/measured-benchmark/catalogue.json, built by `npm run benchmark:build`), the spectra left out
 * with their reasons (excluded.json), the frozen dev/test split by compound (split.json), and the
 * reference-phase structures written for it (data/structures/reference-phases).
 *
 * | file                     | idea                                                             |
 * |--------------------------|------------------------------------------------------------------|
 * | schema.ts                | zod schemas of the three files                                   |
 * | load.ts                  | loadBenchmark, readBenchmarkSpectrum, structurePath              |
 * | split.ts                 | benchmarkSplit (frozen), makeSplit / nextSplit (seeded)          |
 * | compounds.ts, sources.ts | compound keys and the rules mapping every spectrum               |
 * | inventory.ts             | every candidate spectrum of the shared data                      |
 * | catalogue-build.ts       | rules → catalogue + excluded, duplicates, header facts           |
 * | reference-phases.ts      | specs of the written structures; reference-check.ts checks them  |
 *
 * @example
 * const fe = loadBenchmark({ elements: ['Fe'] });
 * const split = benchmarkSplit();
 * const dev = fe.filter((e) => split.halfOf(e.compound) === 'dev');
 */
export { loadBenchmark, readBenchmarkSpectrum, readCatalogue, readExcluded, structurePath, type BenchmarkEntry, type LoadBenchmarkOptions } from './load.ts';
export { benchmarkSplit, type BenchmarkSplit } from './split.ts';
export type { CatalogueEntry, DetectionMode, StructureRef, SpectrumRef, Valence } from './schema.ts';
