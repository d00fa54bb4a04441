/**
 * @module duration
 * Human durations for progress and ETA lines (the FEFF batch, ensemble training).
 */

/**
 * Human duration: `45s`, `4m12s`, `2h05m`; `?` for a non-finite value.
 *
 * @example
 * formatDuration(252); // '4m12s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
