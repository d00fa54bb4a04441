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

/** Answers at least this large are streamed in {@link STREAM_CHUNK_BYTES} pieces (see {@link sendBytes}). */
export const STREAM_ABOVE_BYTES = 1 << 20;
export const STREAM_CHUNK_BYTES = 256 * 1024;

/**
 * An answer made of byte parts (a stored job result and the job's view around it), sent without
 * copying them into one string: small answers as one buffer, large ones as a stream of 256 KB
 * pieces, each written when the socket has taken the last — so ten clients fetching a 4 MB result
 * at once share the event loop with everything else instead of holding it for one write each.
 * @example return sendBytes(c, [head, result, tail], 'application/json; charset=utf-8');
 */
export function sendBytes(c: Context, parts: readonly Uint8Array[], contentType: string, headers: Record<string, string> = {}): Response {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  const all = { ...headers, 'content-type': contentType, 'content-length': String(length) };
  if (length < STREAM_ABOVE_BYTES) return c.body(Buffer.concat(parts) as Uint8Array<ArrayBuffer>, 200, all);
  let part = 0;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      while (part < parts.length && at >= parts[part]!.byteLength) (part++, (at = 0));
      if (part === parts.length) return controller.close();
      const p = parts[part]!;
      controller.enqueue(p.subarray(at, Math.min(p.byteLength, at + STREAM_CHUNK_BYTES)));
      at += STREAM_CHUNK_BYTES;
    },
  });
  return c.body(stream, 200, all);
}

