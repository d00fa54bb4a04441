/**
 * @module server/routes-structure
 * Structure routes: `POST /api/structure` (absorber sites, shells and G2, the `xasinv structure
 * --json` shape) and `POST /api/predict` (forward model, the `xasinv predict --json` shape).
 */
import type { Hono } from 'hono';
import { defaultAbsorber } from '../cli/structure.ts';
import { assessForward } from '../confidence/index.ts';
import { InputError } from '../errors.ts';
import { predictStructure } from '../forward/predict.ts';
import { g2Centres, structureSummary, wacsfG2 } from '../structure/index.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import { structureFromRequest } from './inputs.ts';
import { BODY_ERRORS, sendJson, type RouteSpec } from './route-spec.ts';
import { StructureForm } from './schemas.ts';
import { body } from './validate.ts';

export const structureRoute: RouteSpec = {
  method: 'post',
  path: '/api/structure',
  summary: 'Absorber sites of a structure: multiplicities, neighbour shells and 50-term G2 (the `xasinv structure --json` shape)',
  body: { form: StructureForm },
  responses: { 200: '{formula, reducedFormula, siteCount, periodic, absorber, source, r[50], sites: [{index, multiplicity, shells, g2[50]}], warnings}', ...BODY_ERRORS, 422: 'unknown element symbol (UNKNOWN_ELEMENT)' },
};

export const predictRoute: RouteSpec = {
  method: 'post',
  path: '/api/predict',
  summary: 'K-edge XANES of a structure from the universal forward model, site-resolved and averaged, with σ (the `xasinv predict --json` shape)',
  body: { form: StructureForm },
  responses: {
    200: '{absorber, grid: {energy[], relative, edge, validRangeEv: [lo, hi], modelRangeEv: [lo, hi]}, sites: [{index, multiplicity, mu[], sigma[]}], average: {mu[], sigma[]}, model, warnings}; energy covers the absorber\'s valid range (validRangeEv: where ≥ 95 % of its training spectra have data) of the model\'s grid (modelRangeEv)',
    ...BODY_ERRORS,
    422: 'absorber the model was not trained on (UNSUPPORTED_ABSORBER) or unknown element',
    501: 'no forward model installed (NOT_AVAILABLE)',
  },
};

/**
 * Registers the structure routes.
 * @example registerStructureRoutes(app, ctx);
 */
export function registerStructureRoutes(app: Hono, ctx: ServerContext): void {
  app.post(structureRoute.path, body(structureRoute.body!), async (c) => {
    const { structure: s, absorber: given } = await structureFromRequest(c);
    const absorber = given ?? defaultAbsorber(s);
    const summary = structureSummary(s, absorber);
    if (summary.sites.length === 0) throw new InputError(`${s.source}: no ${absorber} atom in the structure`);
    const sites = summary.sites.map((site) => ({ ...site, g2: wacsfG2(s, site.index) }));
    return sendJson(c, { ...summary, source: s.source, r: g2Centres(), sites, warnings: s.warnings ?? [] });
  });

  app.post(predictRoute.path, body(predictRoute.body!), async (c) => {
    if (!ctx.forward) throw new ApiError(501, 'NOT_AVAILABLE', `no forward model in ${ctx.config.modelsDir}/forward (train one with npm run train:forward)`, { modelsDir: ctx.config.modelsDir });
    const { structure, absorber, site } = await structureFromRequest(c);
    const prediction = await predictStructure(ctx.forward, structure, { ...(absorber ? { absorber } : {}), ...(site !== undefined ? { site } : {}) });
    return sendJson(c, { ...prediction, confidence: assessForward(structure, prediction, ctx.forward) });
  });
}
