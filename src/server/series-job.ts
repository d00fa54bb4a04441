/**
 * @module server/series-job
 * The series job, run by a worker (a thread of this server, or an `xasinv worker` process): reads
 * the uploaded files (an Athena project gives one spectrum per group), runs the inverse model over
 * them with the model loaded once, and returns the `xasinv series --json` shape with progress per
 * batch. The models folder is named `models` in any message.
 */
import { XasinvError } from '../errors.ts';
import { runSeries, seriesEntries, type SeriesFile, type SeriesResult } from '../series/index.ts';
import { pathScrubber, scrubDeep } from './scrub-paths.ts';
import type { TaskProgress } from './worker-pool.ts';

/** What the series job receives. */
export interface SeriesJobInput {
  files: SeriesFile[];
  element?: string;
  modelsDir: string;
}

/**
 * Runs one series.
 * @example const result = await seriesJob({ files: [{ name: 'cu.prj', bytes }], modelsDir }, (p) => console.log(p.done));
 */
export async function seriesJob(input: SeriesJobInput, progress: (p: TaskProgress) => void): Promise<SeriesResult> {
  const scrub = pathScrubber([{ path: input.modelsDir, name: 'models' }]);
  try {
    const entries = seriesEntries(input.files);
    progress({ done: 0, total: entries.length, message: 'read' });
    return scrubDeep(await runSeries(entries, { ...(input.element ? { element: input.element } : {}), modelsDir: input.modelsDir, onProgress: progress }), scrub);
  } catch (err) {
    if (err instanceof Error) err.message = scrub(err.message);
    if (err instanceof XasinvError) scrubDeep(err.details, scrub);
    throw err;
  }
}
