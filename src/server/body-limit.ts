/**
 * @module server/body-limit
 * Request bodies: the size limit (413) and draining. An early answer (413, 415, 403, …) is sent only
 * after the rest of the body has been read and discarded — up to `maxDrainBytes` and
 * `drainTimeoutMs` — so a client that is still sending sees the JSON answer instead of EPIPE or a
 * connection reset. Past that bound the connection is closed (`Connection: close`).
 *
 * Every body is read here, within the request's time limit: a body still arriving when the limit
 * passes (a client trickling a chunked upload) is 408 `REQUEST_TIMEOUT` and the connection is
 * closed; a client that goes away mid-upload ends its request quietly (`CLIENT_GONE`, no 500).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './http-errors.ts';

/** How much of an unwanted body is read and thrown away before the connection is given up. */
export interface DrainBudget {
  maxDrainBytes: number;
  drainTimeoutMs: number;
  /** The request time limit, ms (for the message of a body that arrives too slowly). */
  requestTimeoutMs: number;
}

/**
 * Reads and discards what is left of a body. Resolves `true` when the body ended within the
 * budget, `false` when the budget ran out (the stream is then cancelled).
 * @example await discard(request.body!.getReader(), { maxDrainBytes: 1 << 28, drainTimeoutMs: 10_000 })
 */
export async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: Pick<DrainBudget, 'maxDrainBytes' | 'drainTimeoutMs'>): Promise<boolean> {
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budget.drainTimeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') break;
      if (next.done) return true;
      bytes += next.value.byteLength;
      if (bytes > budget.maxDrainBytes) break;
    }
    await reader.cancel().catch(() => {});
    return false;
  } catch {
    return false; // the client went away: nothing left to drain
  } finally {
    clearTimeout(timer);
  }
}

/** Drains the unread rest of the request body; on a blown budget the answer closes the connection. */
async function drainRest(c: Context, reader: ReadableStreamDefaultReader<Uint8Array>, budget: DrainBudget): Promise<void> {
  if (!(await discard(reader, budget))) c.header('connection', 'close');
}

/**
 * Outermost middleware: after the answer is ready, a body nobody read (a 415, a 403, a route that
 * takes none) is drained before the answer goes out.
 * @example app.use('*', drainUnreadBody(config));
 */
export function drainUnreadBody(budget: DrainBudget): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const raw = c.req.raw;
    if (!raw.body || raw.bodyUsed || raw.body.locked) return;
    await drainRest(c, raw.body.getReader(), budget);
  };
}

/** Time left until `deadline` (ms since the epoch) for reading a body. */
function remaining(deadline: number | undefined): number {
  return deadline === undefined ? Infinity : Math.max(0, deadline - Date.now());
}

/**
 * The body size limit: a declared `Content-Length` above `maxBytes` is refused at once, a streamed
 * body as soon as it passes `maxBytes`; either way the rest is drained first, then 413
 * `PAYLOAD_TOO_LARGE`. A body within the limit is buffered for the route, until `deadlineOf(c)`
 * (the request's time limit): a slower body is 408 `REQUEST_TIMEOUT`, the connection closed.
 * @example app.use('/api/*', limitBody(20 * 1048576, config, deadlineOf));
 */
export function limitBody(maxBytes: number, budget: DrainBudget, deadlineOf: (c: Context) => number | undefined = () => undefined): MiddlewareHandler {
  const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body larger than ${(maxBytes / 1048576).toFixed(1)} MB`, { limitBytes: maxBytes });
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get('content-length');
    if (declared !== null && !raw.headers.has('transfer-encoding') && Number(declared) > maxBytes) {
      await drainRest(c, raw.body.getReader(), budget);
      throw tooLarge();
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      const ms = remaining(deadlineOf(c));
      if (Number.isFinite(ms)) timer = setTimeout(() => resolve('late'), ms);
    });
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array> | 'late';
        try {
          next = await Promise.race([reader.read(), late]);
        } catch {
          // The client went away mid-upload: nobody is left to answer.
          throw new ApiError(400, 'CLIENT_GONE', 'the client closed the connection before its request body arrived');
        }
        if (next === 'late') {
          await reader.cancel().catch(() => {});
          c.header('connection', 'close');
          throw new ApiError(408, 'REQUEST_TIMEOUT', `the request body had not arrived after ${budget.requestTimeoutMs / 1000} s (the request time limit); send it faster or in a smaller request`, { limitMs: budget.requestTimeoutMs, receivedBytes: size });
        }
        if (next.done) break;
        size += next.value.byteLength;
        if (size > maxBytes) {
          await drainRest(c, reader, budget);
          throw tooLarge();
        }
        chunks.push(next.value);
      }
    } finally {
      clearTimeout(timer);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    return next();
  };
}
