/**
 * @module ui/series-api
 * Typed calls for the series view: `POST /api/series` (always a job), the job's status, its CSV,
 * and `DELETE /api/jobs/:id`. Errors are `ApiFailure` with the server's `{code, message}`.
 */
import type { SeriesResult, SeriesRow } from '../series/index.ts';
import { answer, request, type Job } from './api.ts';

// The result is the server's own type (what `xasinv series --json` and the series job return), imported
// as a type only: the browser bundle gets no code from src/series.
export type { SeriesResult, SeriesRow };

/** A series job as `GET /api/jobs/:id` reports it (every status, `cancelled` included). */
export type SeriesJob = Job<SeriesResult>;

/**
 * POST /api/series: starts the job.
 * @example const job = await startSeries([prjFile], 'Cu');
 */
export async function startSeries(files: File[], element?: string): Promise<SeriesJob> {
  const fd = new FormData();
  for (const f of files) fd.append('spectrum', f);
  if (element) fd.append('element', element);
  return answer(await request('api/series', { method: 'POST', body: fd }), 'api/series');
}

/** GET /api/jobs/:id. */
export const seriesJob = async (id: string): Promise<SeriesJob> => answer(await request(`api/jobs/${encodeURIComponent(id)}`), 'api/jobs');

/** DELETE /api/jobs/:id. */
export const cancelJob = async (id: string): Promise<SeriesJob> => answer(await request(`api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }), 'api/jobs');

/** GET /api/jobs/:id/result.csv as text. */
export async function seriesCsv(id: string): Promise<string> {
  const res = await request(`api/jobs/${encodeURIComponent(id)}/result.csv`);
  if (!res.ok) await answer(res, 'result.csv');
  return res.text();
}
