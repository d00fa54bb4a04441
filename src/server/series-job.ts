/**
 * @module server/series-job
 * The series job, run by a worker (a thread of this server, or an `xasinv worker` process): inflates
 * the uploads (one limit for all of them), reads them (an Athena project gives one spectrum per
 * group, at most `maxSpectra` in all), runs the inverse model over them with the model loaded once,
 * and returns the `xasinv series --json` shape with progress per batch. {@link seriesCheck} reads
 * the same files on the sync lane before a job is queued, so that a series with nothing readable,
 * or too many spectra, is refused at once. The models folder is named `models` in any message.
 */
import { XasinvError } from '../errors.ts';
import { runSeries, SERIES_FINAL_PASS, seriesEntries, type SeriesFile, type SeriesResult } from '../series/index.ts';
import { etaSeconds, formatDuration } from '../progress.ts';
import { inflateUploads } from './inputs.ts';
import { pathScrubber, scrubDeep } from './scrub-paths.ts';
import type { TaskProgress } from './worker-pool.ts';

/** What the series job receives (the files as uploaded, gzip'd or not). */
export interface SeriesJobInput {
  files: SeriesFile[];
  element?: string;
  modelsDir: string;
  /** Most bytes all files together may inflate to (413 `INFLATED_TOO_LARGE` above); default: no limit. */
  maxInflatedBytes?: number;
  /** Most spectra in the series (422 `TOO_MANY_SPECTRA` above); default: no limit. */
  maxSpectra?: number;
}

/**
 * Reads the files of a series as its job will, and says how many spectra it holds.
 * @example const { spectra } = seriesCheck({ files, modelsDir, maxInflatedBytes: 200 * 1048576, maxSpectra: 2000 });
 */
export function seriesCheck(input: SeriesJobInput): { spectra: number; unreadable: number } {
  const entries = seriesEntries(inflateUploads(input.files, input.maxInflatedBytes ?? Infinity), { ...(input.maxSpectra !== undefined ? { maxSpectra: input.maxSpectra } : {}) });
  return { spectra: entries.length, unreadable: entries.filter((e) => !e.spectrum).length };
}

/**
 * Runs one series.
 * @example const result = await seriesJob({ files: [{ name: 'cu.prj', bytes }], modelsDir }, (p) => console.log(p.done));
 */
export async function seriesJob(input: SeriesJobInput, progress: (p: TaskProgress) => void): Promise<SeriesResult> {
  const scrub = pathScrubber([{ path: input.modelsDir, name: 'models' }]);
  try {
    const entries = seriesEntries(inflateUploads(input.files, input.maxInflatedBytes ?? Infinity), { ...(input.maxSpectra !== undefined ? { maxSpectra: input.maxSpectra } : {}) });
    progress({ done: 0, total: entries.length, message: 'read; normalising' });
    const t0 = performance.now();
    const onProgress = (p: TaskProgress) => {
      const eta = etaSeconds((performance.now() - t0) / 1000, p.done, p.total);
      progress({ ...p, message: p.done >= p.total ? `final pass: ${SERIES_FINAL_PASS}` : `${p.message ?? ''}${eta === undefined ? '' : ` · about ${formatDuration(eta)} left`}` });
    };
    return scrubDeep(await runSeries(entries, { ...(input.element ? { element: input.element } : {}), modelsDir: input.modelsDir, onProgress }), scrub);
  } catch (err) {
    if (err instanceof Error) err.message = scrub(err.message);
    if (err instanceof XasinvError) scrubDeep(err.details, scrub);
    throw err;
  }
}
