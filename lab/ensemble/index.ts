/**
 * @module lab/ensemble
 * Research code of ensemble: training, fitting and evaluation (scripts/ and tests call it; src/ never does).
 */
export { formatProgress, formatDuration, type EnsembleProgress } from './progress.ts';
