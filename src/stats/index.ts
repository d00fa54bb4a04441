/**
 * @module stats
 * General statistics used by both models, screening, FEFF comparison and the evaluation scripts:
 * median, quantiles and summaries, Pearson/Spearman correlation and ranks, per-row MSE, isotonic regression.
 */
export { median, quantileSorted, summarize, type Summary } from './summary.ts';
export { pearson, spearman, ranks } from './correlation.ts';
export { spectrumMse } from './row-mse.ts';
export { isotonicFit } from './isotonic.ts';
