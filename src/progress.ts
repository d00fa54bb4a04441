/**
 * @module progress
 * Time left and durations for a person, shared by the CLI's progress lines and the server's job
 * progress messages.
 */

/**
 * Seconds left at the rate so far (`undefined` until there is a rate: nothing done yet, or less
 * than `minElapsedS` elapsed).
 * @example etaSeconds(10, 25, 100) // 30
 */
export function etaSeconds(elapsedS: number, done: number, total: number, minElapsedS = 1): number | undefined {
  if (!(done > 0) || !(elapsedS >= minElapsedS) || done >= total) return undefined;
  return (elapsedS / done) * (total - done);
}

/**
 * A duration for a person: `45 s`, `3 min 20 s`, `1 h 5 min`.
 * @example formatDuration(200) // '3 min 20 s'
 */
export function formatDuration(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min${t % 60 ? ` ${t % 60} s` : ''}`;
  return `${Math.floor(t / 3600)} h${Math.floor((t % 3600) / 60) ? ` ${Math.floor((t % 3600) / 60)} min` : ''}`;
}
