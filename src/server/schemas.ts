/**
 * @module server/schemas
 * Zod schemas of every request the API accepts. The validators (`validate.ts`) and the OpenAPI
 * document (`openapi.ts`) are both built from these, so the two cannot drift.
 */
import { z } from 'zod';

const elementField = z.string().min(1).max(3).describe('absorbing element symbol, e.g. "Fe" (default: from the file, else guessed from E0)');
const groupField = z.string().max(200).describe('Athena project group: label or 0-based index (default: the first group)');

/** A spectrum upload (multipart/form-data). */
export const SpectrumForm = z.object({
  file: z.file().min(1).describe('spectrum file: XDI, Athena project (.prj), plain columns, FDMNES or FEFF output'),
  group: groupField.optional(),
  element: elementField.optional(),
});

/** A spectrum given as arrays (application/json). */
export const SpectrumJson = z
  .object({
    energy: z.array(z.number()).min(10).max(200_000).describe('photon energies, eV (finite numbers)'),
    mu: z.array(z.number()).min(10).max(200_000).describe('absorption μ(E), same length as energy'),
    element: elementField.optional(),
    name: z.string().max(200).optional().describe('name used in messages'),
  })
  .refine((v) => v.energy.length === v.mu.length, { message: 'energy and mu must have the same length', path: ['mu'] });

/** An uploaded structure (multipart/form-data). */
export const StructureForm = z.object({
  file: z.file().min(1).describe('structure file: CIF, POSCAR, xyz, PDB or MOL2'),
  absorber: elementField.optional().describe('absorbing element (default: the heaviest element present / the heaviest trained absorber)'),
  site: z.coerce.number().int().min(0).optional().describe('predict only this 0-based site index'),
});

const candidateFiles = z.union([z.file(), z.array(z.file()).max(10_000)]);

/** A ranking request (multipart/form-data): a spectrum and candidate structures or a server pool. */
export const RankForm = z.object({
  spectrum: z.file().min(1).describe('measured spectrum file'),
  candidates: candidateFiles.optional().describe('candidate structure files (repeat the field)'),
  pool: z.string().max(100).optional().describe('name of a server-side candidate pool (see GET /api/models → pools)'),
  group: groupField.optional(),
  element: elementField.optional(),
  async: z.enum(['true', 'false']).optional().describe('"true": always answer 202 with a job id'),
});

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
