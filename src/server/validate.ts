/**
 * @module server/validate
 * Request validation at the edge: zod schemas with answers in the API's error format, one switch for
 * routes taking JSON or multipart bodies (415 otherwise), and one vocabulary: a field a route does
 * not know is 400 `UNKNOWN_FIELD` naming it and listing what the route takes, and an old field name
 * (`file` for `spectrum`, `absorber` for `element`, …) is read as the new one with a `deprecation`
 * note in the answer (see {@link deprecationsOf}).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError } from './http-errors.ts';
import { issuesOf } from './schemas.ts';

type Target = 'json' | 'form' | 'param' | 'query';

/** The answer to a body that fails its schema. */
function invalid(target: Target, error: z.ZodError): ApiError {
  const issues = issuesOf(error);
  return new ApiError(400, 'VALIDATION_ERROR', `invalid ${target === 'form' ? 'form field' : target}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * zod validation of one request part; failures become 400 `VALIDATION_ERROR` with the issues.
 * @example app.get('/api/jobs/:id', check('param', JobParams), handler)
 */
export function check<T extends z.ZodType>(target: Target, schema: T): MiddlewareHandler {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(target, result.error as unknown as z.ZodError);
  }) as unknown as MiddlewareHandler;
}

/** Media type of the request without parameters ('' when absent). */
export function mediaTypeOf(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Old field names of a route → the names that replaced them. */
export type FieldAliases = Readonly<Record<string, string>>;

const DEPRECATIONS = new WeakMap<Context, string[]>();

/**
 * The deprecation notes of a request (old field names it used), empty when none; answers carry
 * them as `deprecation` (route-spec.ts).
 */
export function deprecationsOf(c: Context): readonly string[] {
  return DEPRECATIONS.get(c) ?? [];
}

/** The field names a schema takes (its object shape). */
function fieldsOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * The body with old names renamed and unknown names refused.
 * @throws ApiError 400 `UNKNOWN_FIELD` naming the fields the route does not take; 400
 *   `VALIDATION_ERROR` when a field is given under both its old and its new name.
 */
function renameFields(c: Context, value: unknown, schema: z.ZodType, aliases: FieldAliases, route: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value; // the schema says what is wrong
  const known = fieldsOf(schema);
  if (known.length === 0) return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const unknown: string[] = [];
  const notes: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = Object.hasOwn(aliases, key) ? aliases[key]! : key;
    if (!known.includes(name)) {
      unknown.push(key);
      continue;
    }
    if (name !== key) {
      if (Object.hasOwn(value, name)) throw new ApiError(400, 'VALIDATION_ERROR', `give "${name}" or its old name "${key}", not both`, { issues: [{ path: key, message: `the old name of "${name}", which is given too` }] });
      notes.push(`field "${key}" is deprecated: send "${name}" (the old name is still read)`);
    }
    out[name] = v;
  }
  if (unknown.length > 0) {
    const list = unknown.map((k) => `"${k}"`).join(', ');
    throw new ApiError(400, 'UNKNOWN_FIELD', `${route} does not take the field${unknown.length > 1 ? 's' : ''} ${list}; it takes ${known.join(', ')}`, { fields: unknown, accepted: known });
  }
  if (notes.length > 0) DEPRECATIONS.set(c, notes);
  return out;
}

/** One body validator: old names renamed, unknown names refused, then the schema. */
function bodyValidator(target: 'json' | 'form', schema: z.ZodType, aliases: FieldAliases): MiddlewareHandler {
  return validator(target, (value, c) => {
    const renamed = renameFields(c, value, schema, aliases, `${c.req.method} ${c.req.path}`);
    const result = schema.safeParse(renamed);
    if (!result.success) throw invalid(target, result.error);
    return result.data as Record<string, unknown>;
  }) as unknown as MiddlewareHandler;
}

/**
 * Validates a body that may be JSON or multipart, by schema per media type; any other type is 415.
 * The handler reads `c.req.valid('json' | 'form')` according to {@link mediaTypeOf}.
 * @example app.post('/api/rdf', body({ json: SpectrumJson, form: SpectrumForm }, { file: 'spectrum' }), handler)
 */
export function body(schemas: { json?: z.ZodType; form?: z.ZodType }, aliases: FieldAliases = {}): MiddlewareHandler {
  const json = schemas.json ? bodyValidator('json', schemas.json, aliases) : undefined;
  const form = schemas.form ? bodyValidator('form', schemas.form, aliases) : undefined;
  const accepted = [json ? 'application/json' : '', form ? 'multipart/form-data' : ''].filter(Boolean);
  return async (c, next) => {
    const type = mediaTypeOf(c);
    if (json && type === 'application/json') return json(c, next);
    if (form && type === 'multipart/form-data') return form(c, next);
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `content type "${type || '(none)'}" is not accepted here; send ${accepted.join(' or ')}`, { accepted, got: type });
  };
}
