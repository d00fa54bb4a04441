/**
 * @module measured
 * A user's measured spectrum: read, identify the element and edge, normalise.
 */
export { prepareMeasured, prepareSpectrum, type PrepareOptions, type PreparedSpectrum, type ElementSource } from './prepare.ts';
export { inspectJson, projectParameters } from './inspect-json.ts';
