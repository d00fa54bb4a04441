/**
 * @module server/http-errors
 * The one place where errors become HTTP answers: `{error: {code, message, details}}` with a status
 * chosen from the error's class and code. User input never yields a 500 or a stack trace; anything
 * unexpected is logged on the server and answered with a generic 500.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InputError, ParseError, UnsupportedError, XasinvError } from '../errors.ts';
import { pathScrubber, scrubDeep } from './scrub-paths.ts';

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** An error raised by the server itself with its HTTP status (e.g. 415, 501). */
export class ApiError extends XasinvError {
  readonly status: ContentfulStatusCode;
  constructor(status: ContentfulStatusCode, code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * A route whose module is not part of this build yet.
 * @example throw notAvailable('rank', 'src/screen');
 */
export function notAvailable(feature: string, module: string): ApiError {
  return new ApiError(501, 'NOT_AVAILABLE', `${feature} is not available in this build (module ${module} is missing)`, { feature, module });
}

/** Status of an error from the domain code, by class and code. */
export function statusOf(err: unknown): ContentfulStatusCode {
  if (err instanceof ApiError) return err.status;
  if (err instanceof HTTPException) return err.status as ContentfulStatusCode;
  if (err instanceof ParseError || err instanceof InputError) return 400;
  if (err instanceof UnsupportedError) return 422;
  if (err instanceof XasinvError) return 422;
  return 500;
}

/** The JSON body for an error (messages only, never stacks). */
export function errorBody(err: unknown): ErrorBody {
  if (err instanceof XasinvError) return { error: { code: err.code, message: err.message, details: { ...err.details } } };
  if (err instanceof HTTPException) {
    const code = err.status === 400 ? 'BAD_REQUEST' : err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 504 ? 'REQUEST_TIMEOUT' : `HTTP_${err.status}`;
    return { error: { code, message: err.message || 'request failed', details: {} } };
  }
  return { error: { code: 'INTERNAL', message: 'internal server error (logged on the server)', details: {} } };
}

/**
 * A Hono `onError` handler whose messages and details pass through `scrub` (server paths → names,
 * see scrub-paths.ts); a 429 or 503 carries `Retry-After` from `details.retryAfterS`. A request
 * whose client has gone (`CLIENT_GONE`) is not logged: nobody is left to answer.
 * @example app.onError(errorHandler(pathScrubber([{ path: modelsDir, name: 'models' }])));
 */
export function errorHandler(scrub: (text: string) => string = pathScrubber()): (err: Error, c: Context) => Response {
  return (err, c) => {
    const status = statusOf(err);
    // A bug (500) is logged with its stack; an unavailable queue (503) is one line: the operator's business, not a bug.
    if (status === 500) console.error(`[xasinv server] ${c.req.method} ${c.req.path}:`, err);
    else if (status === 503) console.warn(`[xasinv server] ${c.req.method} ${c.req.path}: ${(err as Error).message}`);
    const body = scrubDeep(errorBody(err), scrub);
    const retryAfterS = body.error.details.retryAfterS;
    if ((status === 429 || status === 503) && typeof retryAfterS === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterS))));
    return c.json(body, status);
  };
}

/** The default error handler (temp paths scrubbed). @example app.onError(onError); */
export const onError: (err: Error, c: Context) => Response = errorHandler();

/** Answer for unknown routes. @example app.notFound(notFound); */
export function notFound(c: Context): Response {
  return c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}`, details: {} } } satisfies ErrorBody, 404);
}
