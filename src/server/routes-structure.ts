/**
 * @module server/routes-structure
 * Structure routes: `POST /api/structure` (absorber sites, shells and G2, the `xasinv structure
 * --json` shape) and `POST /api/predict` (forward model, the `xasinv predict --json` shape).
 */
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import { fileBytes, knownElement } from './inputs.ts';
import { BODY_ERRORS, sendJson, type RouteSpec } from './route-spec.ts';
import { STRUCTURE_ALIASES, StructureForm } from './schemas.ts';
import type { StructureJobInput } from './structure-job.ts';
import { runSync } from './sync-lane.ts';
import { body } from './validate.ts';

/** The module run in the sync lane's workers. */
export const STRUCTURE_JOB_MODULE = new URL('./structure-job.ts', import.meta.url).href;

const LANE_ERRORS = Object.freeze({
  429: 'too many requests waiting for a worker (QUEUE_FULL); see Retry-After',
  504: 'request took longer than the configured limit (REQUEST_TIMEOUT); its work was stopped',
});

export const structureRoute: RouteSpec = {
  method: 'post',
  path: '/api/structure',
  summary: 'Absorber sites of a structure: multiplicities, neighbour shells and 50-term G2 (the `xasinv structure --json` shape)',
  body: { form: StructureForm },
  aliases: STRUCTURE_ALIASES,
  responses: { 200: '{formula, reducedFormula, siteCount, periodic, absorber, source, r[50], sites: [{index, multiplicity, shells, g2[50]}], warnings}', ...BODY_ERRORS, ...LANE_ERRORS, 422: 'unknown element symbol (UNKNOWN_ELEMENT); more atoms than the server allows (TOO_MANY_ATOMS)' },
};

export const predictRoute: RouteSpec = {
  method: 'post',
  path: '/api/predict',
  summary: 'K-edge XANES of a structure from the universal forward model, site-resolved and averaged, with σ (the `xasinv predict --json` shape); for other absorbers the same phase\'s FEFF10 spectrum from the library',
  body: { form: StructureForm },
  aliases: STRUCTURE_ALIASES,
  responses: {
    200: '{absorber, grid: {energy[], relative, edge, validRangeEv: [lo, hi], modelRangeEv: [lo, hi]}, sites: [{index, multiplicity, mu[], sigma[]}], average: {mu[], sigma[]}, model, calibration: {offsetEv, stretch, predictor, references, medianAbsResidualEv, fitted} | null, warnings}; energy covers the absorber\'s valid range (validRangeEv: where ≥ 95 % of its training spectra have data) of the model\'s grid (modelRangeEv). For an absorber no forward model covers whose library holds the same phase (same formula, G2 cosine ≥ 0.98): that entry\'s FEFF10 spectrum, sites [], σ 0, and source: {kind: "feff-library", library, entry: {id, formula, name, source}, g2Cosine}',
    ...BODY_ERRORS,
    ...LANE_ERRORS,
    422: 'absorber the model was not trained on (UNSUPPORTED_ABSORBER), unknown element, more atoms than the server allows (TOO_MANY_ATOMS)',
    501: 'no forward model installed (NOT_AVAILABLE)',
  },
};

/** The sync-lane input of a validated `StructureForm` body. */
async function jobInput(c: Context, ctx: ServerContext): Promise<StructureJobInput> {
  const v = (c.req.valid as (t: 'form') => z.infer<typeof StructureForm>)('form');
  const absorber = knownElement(v.element);
  return { name: v.structure.name || '<upload>', bytes: await fileBytes(v.structure), maxAtoms: ctx.config.maxAtoms, ...(absorber ? { absorber } : {}), ...(v.site !== undefined ? { site: v.site } : {}) };
}

/**
 * Registers the structure routes; parsing, featurising and predicting run on the sync lane.
 * @example registerStructureRoutes(app, ctx);
 */
export function registerStructureRoutes(app: Hono, ctx: ServerContext): void {
  app.post(structureRoute.path, body(structureRoute.body!, structureRoute.aliases), async (c) => {
    const input = await jobInput(c, ctx);
    return sendJson(c, await runSync(ctx, c, { module: STRUCTURE_JOB_MODULE, fn: 'structureJob', input }));
  });

  app.post(predictRoute.path, body(predictRoute.body!, predictRoute.aliases), async (c) => {
    if (!ctx.forward) throw new ApiError(501, 'NOT_AVAILABLE', `no forward model in ${ctx.config.modelsDir}/forward (train one with npm run train:forward)`, { modelsDir: ctx.config.modelsDir });
    const input = { ...(await jobInput(c, ctx)), modelsDir: ctx.config.modelsDir };
    return sendJson(c, await runSync(ctx, c, { module: STRUCTURE_JOB_MODULE, fn: 'predictJob', input }));
  });
}
