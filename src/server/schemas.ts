/**
 * @module server/schemas
 * Zod schemas of every request the API accepts. The validators (`validate.ts`) and the OpenAPI
 * document (`openapi.ts`) are both built from these, so the two cannot drift.
 */
import { z } from 'zod';
import { FIT_DEFAULTS, SCORE_KINDS } from '../screen/index.ts';

const elementField = z.string().min(1).max(3).describe('absorbing element symbol, e.g. "Fe" (default: from the file, else guessed from E0)');
const groupField = z.string().max(200).describe('Athena project group: label or 0-based index (default: the first group)');

/** An optional number; in a form an empty field counts as absent ("" would otherwise coerce to 0). */
const optionalEv = (description: string) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().finite().optional()).describe(description);

/**
 * Normalisation overrides (Larch `pre_edge` / Athena): E0 and the pre-edge and normalisation
 * ranges, relative to E0 like Larch's pre1, pre2, norm1, norm2. Absent fields keep the defaults
 * (the `recipe` of an answer says what was used).
 */
const preEdgeShape = {
  e0: optionalEv('edge energy E0, eV (default: maximum of the smoothed derivative)'),
  pre1: optionalEv('start of the pre-edge range, eV relative to E0 (e.g. -150)'),
  pre2: optionalEv('end of the pre-edge range, eV relative to E0 (e.g. -30)'),
  norm1: optionalEv('start of the normalisation (post-edge) range, eV relative to E0 (e.g. 150)'),
  norm2: optionalEv('end of the normalisation range, eV relative to E0 (e.g. 800; negative: from the end of the data)'),
};

type PreEdgeFields = { e0?: number; pre1?: number; pre2?: number; norm1?: number; norm2?: number };

/** Ranges must be ordered (start before end): checked here so a swapped pair is a 400, not a silent swap. */
function checkRanges(v: PreEdgeFields, ctx: z.RefinementCtx): void {
  if (v.e0 !== undefined && !(v.e0 > 0)) ctx.addIssue({ code: 'custom', path: ['e0'], message: `E0 must be a positive energy in eV, got ${v.e0}` });
  if (v.pre1 !== undefined && v.pre2 !== undefined && !(v.pre1 < v.pre2)) ctx.addIssue({ code: 'custom', path: ['pre2'], message: `pre-edge range must start before it ends (pre1 ${v.pre1} < pre2 ${v.pre2} eV)` });
  if (v.norm1 !== undefined && v.norm2 !== undefined && v.norm2 > 0 && !(v.norm1 < v.norm2)) ctx.addIssue({ code: 'custom', path: ['norm2'], message: `normalisation range must start before it ends (norm1 ${v.norm1} < norm2 ${v.norm2} eV)` });
  if (v.pre2 !== undefined && v.norm1 !== undefined && !(v.pre2 < v.norm1)) ctx.addIssue({ code: 'custom', path: ['norm1'], message: `the normalisation range must lie above the pre-edge range (pre2 ${v.pre2} < norm1 ${v.norm1} eV)` });
}

/**
 * The `preEdge` options of `prepareMeasured` for validated overrides (undefined when none is given).
 * @example preEdgeOptions({ e0: 8985, pre1: -150 }) // { e0Ev: 8985, pre1RelE0Ev: -150 }
 */
export function preEdgeOptions(v: PreEdgeFields): { e0Ev?: number; pre1RelE0Ev?: number; pre2RelE0Ev?: number; norm1RelE0Ev?: number; norm2RelE0Ev?: number } | undefined {
  const out = {
    ...(v.e0 !== undefined ? { e0Ev: v.e0 } : {}),
    ...(v.pre1 !== undefined ? { pre1RelE0Ev: v.pre1 } : {}),
    ...(v.pre2 !== undefined ? { pre2RelE0Ev: v.pre2 } : {}),
    ...(v.norm1 !== undefined ? { norm1RelE0Ev: v.norm1 } : {}),
    ...(v.norm2 !== undefined ? { norm2RelE0Ev: v.norm2 } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A spectrum upload (multipart/form-data). */
export const SpectrumForm = z
  .object({
    file: z.file().min(1).describe('spectrum file: XDI, Athena project (.prj), plain columns, FDMNES or FEFF output'),
    group: groupField.optional(),
    element: elementField.optional(),
    ...preEdgeShape,
  })
  .superRefine(checkRanges);

/** A spectrum given as arrays (application/json). */
export const SpectrumJson = z
  .object({
    energy: z.array(z.number()).min(10).max(200_000).describe('photon energies, eV (finite numbers)'),
    mu: z.array(z.number()).min(10).max(200_000).describe('absorption μ(E), same length as energy'),
    element: elementField.optional(),
    name: z.string().max(200).optional().describe('name used in messages'),
    ...preEdgeShape,
  })
  .refine((v) => v.energy.length === v.mu.length, { message: 'energy and mu must have the same length', path: ['mu'] })
  .superRefine(checkRanges);

/** An uploaded structure (multipart/form-data). */
export const StructureForm = z.object({
  file: z.file().min(1).describe('structure file: CIF, POSCAR, xyz, PDB or MOL2'),
  absorber: elementField.optional().describe('absorbing element (default: the heaviest element present / the heaviest trained absorber)'),
  site: z.coerce.number().int().min(0).optional().describe('predict only this 0-based site index'),
});

const candidateFiles = z.union([z.file(), z.array(z.file()).max(10_000)]);

/** An element list: "Cu,O", or the field repeated (form), or an array (JSON). */
const elementList = (description: string) => z.union([z.string().max(200), z.array(z.string().max(200)).max(30)]).optional().describe(description);

/** The ranking options shared by the multipart and the JSON form. */
const rankOptionsShape = {
  pool: z.string().max(100).optional().describe('name of a server-side candidate pool (see GET /api/models → pools)'),
  library: z
    .union([z.enum(['true', 'false']), z.boolean()])
    .optional()
    .describe("rank the absorber's shipped candidate library (see GET /api/models → libraries); the default when neither candidates nor a pool is given"),
  elements: elementList('keep candidates whose element set is exactly this, e.g. "Cu,O" (as `xasinv rank --elements`)'),
  contains: elementList('keep candidates that contain all of these elements, e.g. "Cu,S" (as `xasinv rank --contains`)'),
  score: z.enum(SCORE_KINDS as [string, ...string[]]).optional().describe(`ranking score (default: the one the absorber's calibration chose on measured references, else ${FIT_DEFAULTS.score}): ${SCORE_KINDS.join(', ')}`),
  edgeVote: z
    .union([z.enum(['true', 'false']), z.boolean()])
    .optional()
    .describe('"false": rank without the measured edge position\'s vote on the oxidation state (as `xasinv rank --no-edge-vote`; for a spectrum whose energy axis is not calibrated)'),
  ...preEdgeShape,
};

/** A ranking request (multipart/form-data): a spectrum and candidate structures or a server pool. */
export const RankForm = z
  .object({
    spectrum: z.file().min(1).describe('measured spectrum file'),
    candidates: candidateFiles.optional().describe('candidate structure files (repeat the field)'),
    group: groupField.optional(),
    element: elementField.optional(),
    async: z.enum(['true', 'false']).optional().describe('"true": always answer 202 with a job id'),
    ...rankOptionsShape,
  })
  .superRefine(checkRanges);

/** A ranking request (application/json): a spectrum as arrays against a server pool. */
export const RankJson = z
  .object({
    energy: z.array(z.number()).min(10).max(200_000).describe('photon energies, eV (finite numbers)'),
    mu: z.array(z.number()).min(10).max(200_000).describe('absorption μ(E), same length as energy'),
    element: elementField.optional(),
    name: z.string().max(200).optional().describe('name used in messages'),
    async: z.boolean().optional().describe('true: always answer 202 with a job id'),
    ...rankOptionsShape,
    pool: rankOptionsShape.pool.describe("name of a server-side candidate pool (see GET /api/models → pools); JSON requests rank pools or, without one, the absorber's shipped library"),
  })
  .refine((v) => v.energy.length === v.mu.length, { message: 'energy and mu must have the same length', path: ['mu'] })
  .superRefine(checkRanges);

/** A series (multipart/form-data): one Athena project (a spectrum per group) or several spectrum files. */
export const SeriesForm = z.object({
  files: z.union([z.file().min(1), z.array(z.file().min(1)).min(1).max(10_000)]).describe('an Athena project, or spectrum files in series order (repeat the field)'),
  element: elementField.optional(),
});

/** Path parameter of the job routes. */
export const JobParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).describe('job id from a 202 answer') });

/** The error body of every non-2xx answer. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. PARSE_ERROR, NO_INVERSE_MODEL, PAYLOAD_TOO_LARGE'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** A job as reported by GET /api/jobs/:id. */
export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  progress: z.object({ done: z.number(), total: z.number(), message: z.string().optional() }),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  result: z.unknown().optional(),
  error: ErrorSchema.shape.error.optional(),
  links: z.object({ self: z.string(), csv: z.string() }),
});

/** Flattened validation issues for error details. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
