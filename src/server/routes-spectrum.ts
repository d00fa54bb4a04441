/**
 * @module server/routes-spectrum
 * Spectrum routes: `POST /api/groups` (Athena project groups), `POST /api/inspect` (read and
 * normalise), `POST /api/rdf` (pseudo-RDF with its confidence, the `xasinv rdf --json` shape) and
 * `POST /api/check` (the confidence verdict alone, as `xasinv check --json`).
 *
 * The event loop only receives the upload, checks the element and looks the request up in the result
 * cache; inflating, reading, normalising, the inverse ensemble, the confidence checks and the JSON
 * text run on the sync lane's workers (spectrum-job.ts), one per core by default.
 * Profile of the old single-thread path (2026-12, `node --cpu-prof`, 20 clients posting Fe2O3 for
 * 8 s, shipped Fe model, 2 cores shared with other work; shares of the main thread's samples, 33 %
 * of them idle): reading and normalising 19 % (findE0 twice, 11 %), ONNX Runtime 14 % (two runs per
 * request), confidence checks 3 %, HTTP, multipart and validation ≈ 20 %. Hence: the work moved to
 * the workers, findE0 runs once, one ensemble run serves the pseudo-RDF and its checks, and a
 * repeated upload is answered from the cache. bench/http.ts measures the result.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { maxInflatedBytes } from './config.ts';
import type { ServerContext } from './context.ts';
import { columnsText, fileBytes, groupOption, knownElement } from './inputs.ts';
import { resultKey } from './result-cache.ts';
import { BODY_ERRORS, sendJsonText, type RouteSpec } from './route-spec.ts';
import { preEdgeOptions, SPECTRUM_ALIASES, SpectrumForm, SpectrumJson } from './schemas.ts';
import type { SpectrumJobInput, SpectrumRoute } from './spectrum-job.ts';
import { runSync } from './sync-lane.ts';
import { body, mediaTypeOf } from './validate.ts';

/** The module run in the sync lane's workers for these routes. */
export const SPECTRUM_JOB_MODULE = new URL('./spectrum-job.ts', import.meta.url).href;

const GroupsForm = z.object({ spectrum: z.file().min(1).describe('spectrum file; non-Athena files have no groups (old name: file)') });

const LANE_ERRORS = Object.freeze({ 429: 'too many requests waiting for a worker (QUEUE_FULL); see Retry-After' });

export const groupsRoute: RouteSpec = {
  method: 'post',
  path: '/api/groups',
  summary: 'Groups of an Athena project, each with the reader\'s verdict (athena: false and [] for other readable files; a file /api/inspect refuses is refused the same way)',
  body: { form: GroupsForm },
  aliases: SPECTRUM_ALIASES,
  responses: { 200: '{athena: boolean, groups: [{index, label, element?, points, error? (why the group cannot be read)}]}', ...BODY_ERRORS, ...LANE_ERRORS },
};

export const inspectRoute: RouteSpec = {
  method: 'post',
  path: '/api/inspect',
  summary: 'Read a spectrum, identify element and edge, find E0 and normalise (the `xasinv inspect --json` shape)',
  body: { json: SpectrumJson, form: SpectrumForm },
  aliases: SPECTRUM_ALIASES,
  responses: { 200: '{format, source, label, group: {index, count} | null, element, edge, e0, edgeStep, energy[], mu[], norm[], flat[], pre[], post[], recipe, projectParameters: {e0, pre1?, pre2?, norm1?, norm2?, athena: {e0, eshift, nnorm?}} | null, warnings[]}', ...BODY_ERRORS, ...LANE_ERRORS, 422: 'unknown element symbol (UNKNOWN_ELEMENT)' },
};

export const rdfRoute: RouteSpec = {
  method: 'post',
  path: '/api/rdf',
  summary: 'Pseudo radial distribution (50-term G2) with calibrated ±2σ band and first shell (the `xasinv rdf --json` shape)',
  body: { json: SpectrumJson, form: SpectrumForm },
  aliases: SPECTRUM_ALIASES,
  responses: {
    200: '{file, group (the label of the spectrum read), groupIndex, groupCount, element, edge, e0, e0Derivative, r[50], g2: {mean, sigma, lower, upper, sigmaTheory}, coverage, k, firstShell: {r, sigma, members, spread, sigmaKind: measured-calibrated|member-spread}, uncertainty: {calibration: measured|theory, sigmaMeaning, firstShellMeaning, g2Scale, firstShell, source}, members, model, input, warnings, confidence: {verdict, score, reasons[]}}',
    ...BODY_ERRORS,
    ...LANE_ERRORS,
    422: 'valid but unsupported: no model for the element (NO_INVERSE_MODEL), not a K edge, unknown element, spectrum too short',
  },
};

export const checkRoute: RouteSpec = {
  method: 'post',
  path: '/api/check',
  summary: 'Confidence verdict on a measured spectrum (is it inside what the model knows?)',
  body: { json: SpectrumJson, form: SpectrumForm },
  aliases: SPECTRUM_ALIASES,
  responses: {
    200: '{file, group, groupIndex, groupCount, element, verdict: ok|caution|unreliable, score (0–1), reasons: [{check, status, value, threshold, unit?, message}]} (no model for the element: verdict unreliable, check "model")',
    ...BODY_ERRORS,
    ...LANE_ERRORS,
    422: 'unknown element symbol (UNKNOWN_ELEMENT)',
  },
};

/**
 * The worker input of a validated `SpectrumForm`/`SpectrumJson` body (arrays become a two-column text).
 * @example const input = await spectrumJobInput(c, ctx, 'rdf');
 */
export async function spectrumJobInput(c: Context, ctx: ServerContext, route: SpectrumRoute): Promise<SpectrumJobInput> {
  const { modelsDir } = ctx.config;
  const limit = maxInflatedBytes(ctx.config);
  if (mediaTypeOf(c) === 'application/json') {
    const v = (c.req.valid as (t: 'json') => z.infer<typeof SpectrumJson>)('json');
    const element = knownElement(v.element);
    const preEdge = preEdgeOptions(v);
    return { route, name: v.name ?? '<json>', bytes: new TextEncoder().encode(columnsText(v.energy, v.mu)), maxInflatedBytes: limit, format: 'columns', modelsDir, ...(element ? { element } : {}), ...(preEdge ? { preEdge } : {}) };
  }
  const v = (c.req.valid as (t: 'form') => z.infer<typeof SpectrumForm>)('form');
  const element = knownElement(v.element);
  const group = groupOption(v.group);
  const preEdge = preEdgeOptions(v);
  return { route, name: v.spectrum.name || '<upload>', bytes: await fileBytes(v.spectrum), maxInflatedBytes: limit, modelsDir, ...(group !== undefined ? { group } : {}), ...(element ? { element } : {}), ...(preEdge ? { preEdge } : {}) };
}

/** The answer of a spectrum job: from the cache, else computed on the sync lane and cached. */
async function answer(c: Context, ctx: ServerContext, input: SpectrumJobInput): Promise<Response> {
  const key = resultKey(input.route, { name: input.name, format: input.format, group: input.group, element: input.element, preEdge: input.preEdge ? JSON.stringify(input.preEdge) : undefined }, input.bytes);
  const cached = ctx.results.get(key);
  if (cached !== undefined) return sendJsonText(c, cached);
  const text = (await runSync(ctx, c, { module: SPECTRUM_JOB_MODULE, fn: 'spectrumJob', input }, { finishWhenClientGone: true })) as string;
  return sendJsonText(c, ctx.results.set(key, text));
}

/**
 * Registers the spectrum routes.
 * @example registerSpectrumRoutes(app, ctx);
 */
export function registerSpectrumRoutes(app: Hono, ctx: ServerContext): void {
  app.post(groupsRoute.path, body(groupsRoute.body!, groupsRoute.aliases), async (c) => {
    const { spectrum } = (c.req.valid as (t: 'form') => z.infer<typeof GroupsForm>)('form');
    return answer(c, ctx, { route: 'groups', name: spectrum.name || '<upload>', bytes: await fileBytes(spectrum), maxInflatedBytes: maxInflatedBytes(ctx.config), modelsDir: ctx.config.modelsDir });
  });
  app.post(inspectRoute.path, body(inspectRoute.body!, inspectRoute.aliases), async (c) => answer(c, ctx, await spectrumJobInput(c, ctx, 'inspect')));
  app.post(rdfRoute.path, body(rdfRoute.body!, rdfRoute.aliases), async (c) => answer(c, ctx, await spectrumJobInput(c, ctx, 'rdf')));
  app.post(checkRoute.path, body(checkRoute.body!, checkRoute.aliases), async (c) => answer(c, ctx, await spectrumJobInput(c, ctx, 'check')));
}

/**
 * Starts the sync lane's workers and loads the inverse models in each (a first request would
 * otherwise wait for that); a failure is logged, not fatal — requests then report it.
 * @example await warmSpectrumWorkers(ctx);
 */
export async function warmSpectrumWorkers(ctx: Pick<ServerContext, 'config' | 'sync'>): Promise<void> {
  try {
    await ctx.sync.warm({ module: SPECTRUM_JOB_MODULE, fn: 'warmSpectrumWorker', input: { modelsDir: ctx.config.modelsDir } });
  } catch (err) {
    console.warn(`[xasinv server] warming the workers failed: ${(err as Error).message}`);
  }
}
