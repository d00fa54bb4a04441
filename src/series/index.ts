/**
 * @module series
 * Series of spectra (operando / in-situ scans, an Athena project with one group per scan, a folder
 * of files): one row per spectrum with E0, edge step, first shell ± σ, verdict and pseudo-RDF,
 * against time, temperature or index.
 */
export { seriesEntries, seriesFilesFromPaths, naturalCompare, type SeriesEntry, type SeriesFile } from './entries.ts';
export { seriesAxis, scanTimeMs, scanTemperatureK, parseTemperatureK, type SeriesAxis, type SeriesAxisKind } from './axis.ts';
export { runSeries, SERIES_DEFAULTS, SERIES_FINAL_PASS, type SeriesOptions, type SeriesResult, type SeriesRow } from './run-series.ts';
export { seriesCsv } from './csv.ts';
