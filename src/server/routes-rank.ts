/**
 * @module server/routes-rank
 * `POST /api/rank`: a measured spectrum against candidate structures (uploaded, or a server pool
 * named at start with `--pool name=folder`), optionally filtered by composition (`elements`,
 * `contains`), ranked by a chosen `score`, with the normalisation overrides of the spectrum routes.
 * Nothing is read on the event loop. Rankings run in worker threads: small ones on the sync lane,
 * answered directly within the request time limit; larger ones (or `async=true`) as a job, answered
 * 202 (see routes-jobs.ts) — after the sync lane has read the spectrum (an unreadable one is a 400
 * at once) and, for a pool with a composition filter, checked that the filter keeps something
 * (422 `NO_COMPOSITION_MATCH` at once, not a failed job).
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import { relative } from 'node:path';
import type { Context } from 'hono';
import type { ServerContext } from './context.ts';
import { poolFiles } from './context.ts';
import { ApiError } from './http-errors.ts';
import type { RankCandidate, RankJobInput } from './rank-job.ts';
import { runSync } from './sync-lane.ts';
import { InputError, UnsupportedError } from '../errors.ts';
import { CompositionTally, parseElementList, type CompositionFilter, type ScoreKind } from '../screen/index.ts';
import { columnsText, fileBytes, groupOption, knownElement } from './inputs.ts';
import { maxInflatedBytes } from './config.ts';
import { encodedTask, type EncodedResult } from './job-result.ts';
import { BODY_ERRORS, sendJsonText, type RouteSpec } from './route-spec.ts';
import { SPECTRUM_JOB_MODULE } from './routes-spectrum.ts';
import { preEdgeOptions, RankForm, RankJson } from './schemas.ts';
import type { SpectrumJobInput } from './spectrum-job.ts';
import { submitJob } from './submit-job.ts';
import { body, mediaTypeOf } from './validate.ts';

export const rankRoute: RouteSpec = {
  method: 'post',
  path: '/api/rank',
  summary: 'Rank candidate structures against a measured spectrum (the `xasinv rank --json` shape); large rankings answer 202 with a job',
  description:
    'Multipart: a spectrum file and uploaded candidates and/or a server pool. JSON: a spectrum as energy/mu arrays against a server pool. ' +
    'Optional: a composition filter (`elements` = exactly these, `contains` = at least these; comma lists, repeated fields or JSON arrays), ' +
    'the ranking `score`, `edgeVote=false` (no vote of the measured edge position on the oxidation state), and the normalisation overrides e0, pre1, pre2, norm1, norm2 (eV, ranges relative to E0).',
  body: { form: RankForm, json: RankJson },
  responses: {
    200:
      'the ranking (as `xasinv rank --json`): {absorber, scoreKind, combination, measured, alignment: {description, anchorEv, calibrated, windowEv, maxShiftEv, shiftPenalty, broadenings}, ' +
      'candidates: [{rank, id, file, formula, elements, score (the ranking score\'s distance, lower is better), scoreSigma (null beyond the best 50, and for spectra without σ: FEFF10\'s), rFactor, pearson, cosine, spearman, derivativePearson, ' +
      'shift, broadening: {gamma0Ev, gamma1, gaussianFwhmEv}, scale, rdfChi2, valencePenalty? (with an edge vote; null: no usable BVS), combined (what ranks), overlapsBest, ' +
      'chemistry: {version, summary, meanBvs, ligands, sites} | null, sites, fit? (top 10: {energy, measured, predicted}), g2?}], ' +
      'rejected, composition: null | {filter, read, kept, otherElementSet, lackingElements, notes[]}, chemistry: {sentence, oxidation, coordination}, edgeValence: null | {edgeEv, valence, sigma, label, references, weight, residualSdEv, slopeEvPerValence}, model, confidence, warnings, g2r}',
    202: 'job accepted: {id, status, progress, links: {self, csv}}; poll GET /api/jobs/{id}, cancel with DELETE /api/jobs/{id}',
    ...BODY_ERRORS,
    400: 'unreadable input (PARSE_ERROR, VALIDATION_ERROR), or INPUT_ERROR: an unknown element in `elements`/`contains` (named in the message), E0 outside the data, a range without enough points',
    429: 'too many jobs or requests waiting for a worker (QUEUE_FULL); see Retry-After',
    504: 'a direct (small) ranking took longer than the request time limit (REQUEST_TIMEOUT); its work was stopped',
    422:
      'no candidates (NO_CANDIDATES), unknown pool (UNKNOWN_POOL), too many uploaded candidates (TOO_MANY_CANDIDATES), unsupported absorber, ' +
      'or the composition filter kept no candidate (NO_COMPOSITION_MATCH; the message says what the pool holds)',
    501: 'no forward model on this server (NOT_AVAILABLE)',
  },
};

/** The module implementing rank jobs (run in the worker threads). */
export const RANK_JOB_MODULE = new URL('./rank-job.ts', import.meta.url).href;

/** Whether this server can rank: the forward model is loaded, or pools are ranked by FEFF look-up. */
export function rankAvailable(ctx: ServerContext): boolean {
  return ctx.config.rankPredictor === 'feff' || Boolean(ctx.forward);
}

/** A list field as one comma list: repeated fields and arrays joined; empty → undefined (not given). */
function listText(v: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(v) ? v : v === undefined ? [] : [v]).join(',');
  return text.replaceAll(',', '').trim() === '' ? undefined : text;
}

/**
 * The composition filter of a request (undefined without one), its symbols canonical.
 * @example compositionOf({ elements: 'cu, o' }) // { elements: ['Cu', 'O'] }
 * @throws InputError naming an unknown symbol and the field, or `contains` outside `elements`.
 */
export function compositionOf(v: { elements?: string | string[]; contains?: string | string[] }): CompositionFilter | undefined {
  const elementsText = listText(v.elements);
  const containsText = listText(v.contains);
  const elements = elementsText === undefined ? undefined : parseElementList(elementsText, 'field "elements"');
  const contains = containsText === undefined ? undefined : parseElementList(containsText, 'field "contains"');
  if (!elements && !contains) return undefined;
  const outside = elements && contains ? contains.filter((el) => !elements.includes(el)) : [];
  if (outside.length > 0) throw new InputError(`"contains" ${outside.join(',')} is not among "elements" ${elements!.join(',')}: no candidate could match both`, { elements, contains });
  return { ...(elements ? { elements } : {}), ...(contains ? { contains } : {}) };
}

/** The module reading pool element sets on the sync lane. */
const POOL_JOB_MODULE = new URL('./pool-job.ts', import.meta.url).href;

/** Element sets of each pool's files (null: unreadable), read once per pool folder and server. */
const poolSets = new WeakMap<ServerContext, Map<string, Promise<(string[] | null)[]>>>();

/**
 * 422 `NO_COMPOSITION_MATCH` when `filter` keeps no structure of pool folder `dir` (read on the sync
 * lane the first time, then kept), with the message the ranking itself would give.
 */
async function checkPoolComposition(ctx: ServerContext, c: Context, dir: string, filter: CompositionFilter): Promise<void> {
  let byDir = poolSets.get(ctx);
  if (!byDir) poolSets.set(ctx, (byDir = new Map()));
  let sets = byDir.get(dir);
  if (!sets) {
    sets = runSync(ctx, c, { module: POOL_JOB_MODULE, fn: 'poolElementSets', input: { files: poolFiles(dir) } }) as Promise<(string[] | null)[]>;
    sets.catch(() => byDir.delete(dir)); // a timeout or a client gone: the next request reads the pool again
    byDir.set(dir, sets);
  }
  const tally = new CompositionTally(filter);
  for (const set of await sets) if (set) tally.record(set);
  if (tally.kept === 0) throw new UnsupportedError('NO_COMPOSITION_MATCH', tally.noMatchMessage(), { filter });
}

/**
 * Registers the rank route.
 * @example registerRankRoutes(app, ctx);
 */
export function registerRankRoutes(app: Hono, ctx: ServerContext): void {
  app.post(rankRoute.path, body(rankRoute.body!), async (c) => {
    const json = mediaTypeOf(c) === 'application/json';
    const v = json ? (c.req.valid as (t: 'json') => z.infer<typeof RankJson>)('json') : (c.req.valid as (t: 'form') => z.infer<typeof RankForm>)('form');
    const form = json ? undefined : (v as z.infer<typeof RankForm>);
    const candidates: RankCandidate[] = [];
    const uploaded = form?.candidates === undefined ? [] : Array.isArray(form.candidates) ? form.candidates : [form.candidates];
    const pools = ctx.config.pools;
    // Own names only: "__proto__" or "constructor" name no pool.
    const poolDir = v.pool !== undefined && Object.hasOwn(pools, v.pool) ? pools[v.pool] : undefined;
    if (v.pool !== undefined) {
      if (!poolDir) throw new ApiError(422, 'UNKNOWN_POOL', `no candidate pool "${v.pool}" (configured: ${Object.keys(pools).join(', ') || 'none'})`, { pool: v.pool, pools: Object.keys(pools) });
      for (const path of poolFiles(poolDir)) candidates.push({ name: relative(poolDir, path), path });
    }
    const total = candidates.length + uploaded.length;
    // The absorber's shipped library: asked for, or the default when neither uploads nor a pool are given.
    const library = v.library === true || v.library === 'true' || (v.library === undefined && uploaded.length === 0 && v.pool === undefined);
    if (total === 0 && !library) throw new ApiError(422, 'NO_CANDIDATES', v.pool !== undefined ? `the pool "${v.pool}" holds no candidate structure` : 'give candidate structure files (field "candidates"), a server pool (field "pool") or the shipped library (field "library")', { pool: v.pool ?? null });
    if (library && ctx.config.rankPredictor === 'feff') throw new ApiError(422, 'LIBRARY_NOT_SUPPORTED', "this server ranks with precomputed FEFF spectra (--predictor feff): a shipped library holds forward-model features only; name a pool (field \"pool\")");
    // The limit is on uploads; a server pool is the operator's choice and is never refused for its size.
    if (uploaded.length > ctx.config.maxCandidates) throw new ApiError(422, 'TOO_MANY_CANDIDATES', `${uploaded.length} uploaded candidates; the limit is ${ctx.config.maxCandidates}`, { candidates: uploaded.length, limit: ctx.config.maxCandidates });
    const element = knownElement(v.element);
    const composition = compositionOf(v);
    const preEdge = preEdgeOptions(v);
    if (!rankAvailable(ctx)) throw new ApiError(501, 'NOT_AVAILABLE', `ranking needs the forward model, and there is none in ${ctx.config.modelsDir}/forward (train one with npm run train:forward)`, { modelsDir: ctx.config.modelsDir });
    if (ctx.config.rankPredictor === 'feff' && uploaded.length > 0) throw new ApiError(422, 'UPLOADS_NOT_SUPPORTED', 'this server ranks with precomputed FEFF spectra (--predictor feff): only server pools can be ranked, not uploaded structures');
    const limit = maxInflatedBytes(ctx.config);
    const group = form ? groupOption(form.group) : undefined;
    // The spectrum as received: the worker inflates and reads it.
    const spectrum: RankJobInput['spectrum'] = form
      ? { name: form.spectrum.name || '<upload>', bytes: await fileBytes(form.spectrum), maxInflatedBytes: limit, ...(group !== undefined ? { group } : {}) }
      : { name: (v as z.infer<typeof RankJson>).name ?? '<json>', bytes: new TextEncoder().encode(columnsText((v as z.infer<typeof RankJson>).energy, (v as z.infer<typeof RankJson>).mu)), format: 'columns' };
    for (const f of uploaded) candidates.push({ name: f.name || `candidate-${candidates.length}`, bytes: await fileBytes(f) });
    const input: RankJobInput = {
      spectrum: { ...spectrum, ...(element ? { element } : {}), ...(preEdge ? { preEdge } : {}) },
      candidates,
      ...(library ? { library: true as const } : {}),
      modelsDir: ctx.config.modelsDir,
      predictor: ctx.config.rankPredictor,
      maxAtoms: ctx.config.maxAtoms,
      ...(composition ? { composition } : {}),
      ...(v.score ? { score: v.score as ScoreKind } : {}),
      ...(v.edgeVote === false || v.edgeVote === 'false' ? { edgeVote: false } : {}),
    };
    const task = { module: RANK_JOB_MODULE, fn: 'rankJob', input };
    // Small rankings run on the sync lane under the request's time limit, never behind long jobs.
    const forceAsync = json ? (v as z.infer<typeof RankJson>).async === true : form!.async === 'true';
    // A library's size is known once the job has read the spectrum's element: library rankings are jobs.
    if (!forceAsync && !library && total <= ctx.config.syncRankMax) return sendJsonText(c, ((await runSync(ctx, c, encodedTask('rank', task))) as EncodedResult).$json);
    // Before queueing: an unreadable spectrum is a 400 now, a filter that keeps nothing of a pool a 422 now.
    const read: SpectrumJobInput = { route: 'read', name: spectrum.name, bytes: spectrum.bytes, maxInflatedBytes: limit, modelsDir: ctx.config.modelsDir, ...(spectrum.format ? { format: spectrum.format } : {}), ...(group !== undefined ? { group } : {}), ...(element ? { element } : {}), ...(preEdge ? { preEdge } : {}) };
    await runSync(ctx, c, { module: SPECTRUM_JOB_MODULE, fn: 'spectrumJob', input: read }, { finishWhenClientGone: true });
    if (composition && poolDir && uploaded.length === 0) await checkPoolComposition(ctx, c, poolDir, composition);
    return submitJob(ctx, c, 'rank', task, library ? Math.max(total, ctx.config.syncRankMax + 1) : total);
  });
}
