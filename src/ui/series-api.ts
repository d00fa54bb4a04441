/**
 * @module ui/series-api
 * Typed calls for the series view: `POST /api/series` (always a job), the job's status, its CSV,
 * and `DELETE /api/jobs/:id`. Errors are `ApiFailure` with the server's `{code, message}`.
 */
import { answer, request, type Reason } from './api.ts';

/** A job as `GET /api/jobs/:id` reports it (every status, `cancelled` included). */
export interface SeriesJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: { done: number; total: number; message?: string };
  result?: SeriesResult;
  error?: { code: string; message: string };
  links: { self: string; csv: string };
}

/** One spectrum of a series (a row of `xasinv series --json`). */
export interface SeriesRow {
  index: number;
  label: string;
  source: string;
  group: number | null;
  axis: number | null;
  e0: number | null;
  edgeStep: number | null;
  firstShell: { r: number | null; sigma: number | null };
  verdict: 'ok' | 'caution' | 'unreliable';
  score: number;
  flagged: boolean;
  problems: Reason[];
  g2: { mean: number[]; sigma: number[] };
  warnings: string[];
  error?: string;
}

/** The result of a series job. */
export interface SeriesResult {
  element: string;
  edge: string;
  model: { id: string; version: string; members: number };
  r: number[];
  k: number;
  coverage: number;
  axis: { kind: 'index' | 'time' | 'temperature'; label: string; unit: string; source: string };
  rows: SeriesRow[];
  summary: { spectra: number; ok: number; caution: number; unreliable: number; errors: number };
  warnings: string[];
}

/**
 * POST /api/series: starts the job.
 * @example const job = await startSeries([prjFile], 'Cu');
 */
export async function startSeries(files: File[], element?: string): Promise<SeriesJob> {
  const fd = new FormData();
  for (const f of files) fd.append('files', f);
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
