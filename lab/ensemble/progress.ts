/**
 * @module lab/ensemble/progress
 * Progress lines of ensemble training: `member 3/15 epoch 12/50 loss 0.0123 val 0.0150 ETA 4m12s`.
 */
import { formatDuration } from '../../src/duration.ts';

export { formatDuration };

/** One progress event (member is 1-based for display). */
export interface EnsembleProgress {
  member: number;
  members: number;
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss?: number;
  /** Estimated seconds until all pending members finish (undefined before the first epoch). */
  etaSeconds?: number;
}

/**
 * Format one progress line.
 *
 * @example
 * formatProgress({ member: 3, members: 15, epoch: 12, epochs: 50, trainLoss: 0.0123, valLoss: 0.015, etaSeconds: 252 });
 * // 'member 3/15 epoch 12/50 loss 0.0123 val 0.0150 ETA 4m12s'
 */
export function formatProgress(p: EnsembleProgress): string {
  const fmt = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3));
  let line = `member ${p.member}/${p.members} epoch ${p.epoch}/${p.epochs} loss ${fmt(p.trainLoss)}`;
  if (p.valLoss !== undefined) line += ` val ${fmt(p.valLoss)}`;
  if (p.etaSeconds !== undefined) line += ` ETA ${formatDuration(p.etaSeconds)}`;
  return line;
}
