/**
 * @module server/routes-spectrum
 * Spectrum routes: `POST /api/groups` (Athena project groups), `POST /api/inspect` (read and
 * normalise), `POST /api/rdf` (pseudo-RDF with its confidence, the `xasinv rdf --json` shape) and
 * `POST /api/check` (the confidence verdict alone, as `xasinv check --json`).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assessMeasured, assessRdf } from '../confidence/index.ts';
import { loadInverseModel } from '../inverse/ensemble-model.ts';
import { measuredToModelInput } from '../inverse/model-input.ts';
import { predictRdf, rdfFromInput } from '../inverse/rdf.ts';
import { listGroups } from '../io/index.ts';
import { inspectJson } from '../measured/index.ts';
import { maxInflatedBytes } from './config.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import { knownElement, spectrumBytes, spectrumFromRequest } from './inputs.ts';
import { BODY_ERRORS, sendJson, type RouteSpec } from './route-spec.ts';
import { SpectrumForm, SpectrumJson } from './schemas.ts';
import { body } from './validate.ts';

const GroupsForm = z.object({ file: z.file().min(1).describe('spectrum file; non-Athena files have no groups') });

export const groupsRoute: RouteSpec = {
  method: 'post',
  path: '/api/groups',
  summary: 'Groups of an Athena project (athena: false and [] for other or unreadable files)',
  body: { form: GroupsForm },
  responses: { 200: '{athena: boolean, groups: [{index, label, element?, points}]}', ...BODY_ERRORS },
};

export const inspectRoute: RouteSpec = {
  method: 'post',
  path: '/api/inspect',
  summary: 'Read a spectrum, identify element and edge, find E0 and normalise (the `xasinv inspect --json` shape)',
  body: { json: SpectrumJson, form: SpectrumForm },
  responses: { 200: '{format, source, label, element, edge, e0, edgeStep, energy[], mu[], norm[], flat[], pre[], post[], recipe, warnings[]}', ...BODY_ERRORS, 422: 'unknown element symbol (UNKNOWN_ELEMENT)' },
};

export const rdfRoute: RouteSpec = {
  method: 'post',
  path: '/api/rdf',
  summary: 'Pseudo radial distribution (50-term G2) with calibrated ±2σ band and first shell (the `xasinv rdf --json` shape)',
  body: { json: SpectrumJson, form: SpectrumForm },
  responses: {
    200: '{element, edge, e0, e0Derivative, r[50], g2: {mean, sigma, lower, upper}, coverage, k, firstShell: {r, sigma, members}, members, model, input, warnings, confidence: {verdict, score, reasons[]}}',
    ...BODY_ERRORS,
    422: 'valid but unsupported: no model for the element (NO_INVERSE_MODEL), not a K edge, unknown element, spectrum too short',
  },
};

export const checkRoute: RouteSpec = {
  method: 'post',
  path: '/api/check',
  summary: 'Confidence verdict on a measured spectrum (is it inside what the model knows?)',
  body: { json: SpectrumJson, form: SpectrumForm },
  responses: { 200: '{file, group, element, verdict: ok|caution|unreliable, score (0–1), reasons: [{check, status, value, threshold, unit?, message}]} (no model for the element: verdict unreliable, check "model")', ...BODY_ERRORS, 422: 'unknown element symbol (UNKNOWN_ELEMENT)' },
};

/**
 * Registers the spectrum routes.
 * @example registerSpectrumRoutes(app, ctx);
 */
export function registerSpectrumRoutes(app: Hono, ctx: ServerContext): void {
  app.post(groupsRoute.path, body(groupsRoute.body!), async (c) => {
    const { file } = (c.req.valid as (t: 'form') => z.infer<typeof GroupsForm>)('form');
    try {
      return sendJson(c, { athena: true, groups: listGroups(await spectrumBytes(file, maxInflatedBytes(ctx.config))) });
    } catch (err) {
      if (err instanceof ApiError) throw err; // 413: inflates past the limit
      return sendJson(c, { athena: false, groups: [] });
    }
  });

  app.post(inspectRoute.path, body(inspectRoute.body!), async (c) => sendJson(c, inspectJson(await spectrumFromRequest(c, maxInflatedBytes(ctx.config)))));

  app.post(rdfRoute.path, body(rdfRoute.body!), async (c) => {
    const prepared = await spectrumFromRequest(c, maxInflatedBytes(ctx.config));
    const element = knownElement(prepared.element);
    // The model loaded at start; anything else (no element, not K, no model) goes through
    // predictRdf, which raises the same errors as the CLI.
    const el = element ?? prepared.element;
    const loaded = el && (!prepared.edge || prepared.edge === 'K') ? ctx.inverse.get(el) : undefined;
    const rdf = loaded ? await rdfFromInput(loaded, measuredToModelInput(prepared, loaded.manifest.recipe), prepared) : await predictRdf(prepared, { modelsDir: ctx.config.modelsDir, ...(element ? { element } : {}) });
    const confidence = await assessRdf(prepared, rdf, loaded ?? (await loadInverseModel(rdf.element, ctx.config.modelsDir)));
    return sendJson(c, { ...rdf, confidence });
  });

  app.post(checkRoute.path, body(checkRoute.body!), async (c) => {
    const prepared = await spectrumFromRequest(c, maxInflatedBytes(ctx.config));
    const element = knownElement(prepared.element);
    const confidence = await assessMeasured(prepared, { modelsDir: ctx.config.modelsDir, ...(element ? { element } : {}) });
    return sendJson(c, { file: prepared.spectrum.meta.source, group: prepared.spectrum.meta.label ?? null, element: prepared.element ?? null, ...confidence });
  });
}
