/**
 * @module server/route-spec
 * The description of one API route: method, path, summary, request schemas and documented
 * answers. Routes build their validators from it and `openapi.ts` builds the document from it.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { deprecationsOf, type FieldAliases } from './validate.ts';

export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  /** Hono path (`/api/jobs/:id`). */
  path: string;
  summary: string;
  description?: string;
  body?: { json?: z.ZodType; form?: z.ZodType };
  /** Old field names still read (old → new); an answer to a request using one carries a `deprecation` note. */
  aliases?: FieldAliases;
  params?: z.ZodObject;
  /** Documented statuses → description (error statuses answer with `ErrorSchema`). */
  responses: Partial<Record<number, string>>;
  /** Schema of the 200 answer, when it is small enough to state (e.g. a job). */
  result?: z.ZodType;
  /** Media type of the 200 answer (default application/json). */
  produces?: string;
}

/** Error statuses every body-taking route can answer. */
export const BODY_ERRORS = Object.freeze({
  400: 'unreadable input (PARSE_ERROR, VALIDATION_ERROR, INPUT_ERROR)',
  413: 'request body larger than the configured limit (PAYLOAD_TOO_LARGE)',
  415: 'content type not accepted (UNSUPPORTED_MEDIA_TYPE)',
  504: 'request took longer than the configured limit (REQUEST_TIMEOUT)',
});

const round = (x: number): number | null => (!Number.isFinite(x) ? null : Number.isInteger(x) ? x : Number(x.toPrecision(6)));

/**
 * The compact JSON text of an answer: typed arrays as arrays, non-integers at 6 significant digits
 * (as the CLI's --json), integers exact, NaN/±∞ as null. Workers build it (the text crosses to the
 * main thread cheaper than the object).
 * @example jsonText({ r: new Float32Array([1.1]) }) // '{"r":[1.1]}'
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, round);
    return typeof v === 'number' ? round(v) : v;
  });
}

/**
 * A compact JSON answer ({@link jsonText}).
 * @example return sendJson(c, rdf);
 */
export function sendJson(c: Context, value: unknown, status: ContentfulStatusCode = 200): Response {
  return sendJsonText(c, jsonText(value), status);
}

/**
 * An answer whose JSON text is ready (from a worker, the result cache or a job store). A request
 * that used old field names gets `deprecation` (one sentence per name) as the first field.
 * @example return sendJsonText(c, text);
 */
export function sendJsonText(c: Context, text: string, status: ContentfulStatusCode = 200, headers: Record<string, string> = {}): Response {
  const notes = deprecationsOf(c);
  if (notes.length > 0 && text.startsWith('{')) {
    const note = `"deprecation":${JSON.stringify(notes.join(' '))}`;
    text = /^\{\s*\}$/.test(text) ? `{${note}}` : `{${note},${text.slice(1)}`;
  }
  return c.body(text, status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
}
