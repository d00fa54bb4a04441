/**
 * @module server/validate
 * Request validation at the edge: `@hono/zod-validator` with a hook that answers in the API's error
 * format, plus a content-type switch for routes taking JSON or multipart bodies (415 otherwise).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ApiError } from './http-errors.ts';
import { issuesOf } from './schemas.ts';

type Target = 'json' | 'form' | 'param' | 'query';

/**
 * zod validation of one request part; failures become 400 `VALIDATION_ERROR` with the issues.
 * @example app.get('/api/jobs/:id', check('param', JobParams), handler)
 */
export function check<T extends z.ZodType>(target: Target, schema: T): MiddlewareHandler {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = issuesOf(result.error as unknown as z.ZodError);
      throw new ApiError(400, 'VALIDATION_ERROR', `invalid ${target === 'form' ? 'form field' : target}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
  }) as unknown as MiddlewareHandler;
}

/** Media type of the request without parameters ('' when absent). */
export function mediaTypeOf(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Validates a body that may be JSON or multipart, by schema per media type; any other type is 415.
 * The handler reads `c.req.valid('json' | 'form')` according to {@link mediaTypeOf}.
 * @example app.post('/api/rdf', body({ json: SpectrumJson, form: SpectrumForm }), handler)
 */
export function body(schemas: { json?: z.ZodType; form?: z.ZodType }): MiddlewareHandler {
  const json = schemas.json ? check('json', schemas.json) : undefined;
  const form = schemas.form ? check('form', schemas.form) : undefined;
  const accepted = [json ? 'application/json' : '', form ? 'multipart/form-data' : ''].filter(Boolean);
  return async (c, next) => {
    const type = mediaTypeOf(c);
    if (json && type === 'application/json') return json(c, next);
    if (form && type === 'multipart/form-data') return form(c, next);
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `content type "${type || '(none)'}" is not accepted here; send ${accepted.join(' or ')}`, { accepted, got: type });
  };
}
