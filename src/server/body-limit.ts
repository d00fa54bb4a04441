/**
 * @module server/body-limit
 * Request bodies: the size limit (413) and draining. An early answer (413, 415, 403, …) is sent only
 * after the rest of the body has been read and discarded — up to `maxDrainBytes` and
 * `drainTimeoutMs` — so a client that is still sending sees the JSON answer instead of EPIPE or a
 * connection reset. Past that bound the connection is closed (`Connection: close`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './http-errors.ts';

/** How much of an unwanted body is read and thrown away before the connection is given up. */
export interface DrainBudget {
  maxDrainBytes: number;
  drainTimeoutMs: number;
}

/**
 * Reads and discards what is left of a body. Resolves `true` when the body ended within the
 * budget, `false` when the budget ran out (the stream is then cancelled).
 * @example await discard(request.body!.getReader(), { maxDrainBytes: 1 << 28, drainTimeoutMs: 10_000 })
 */
export async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: DrainBudget): Promise<boolean> {
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

/**
 * The body size limit: a declared `Content-Length` above `maxBytes` is refused at once, a streamed
 * body as soon as it passes `maxBytes`; either way the rest is drained first, then 413
 * `PAYLOAD_TOO_LARGE`. A body within the limit is buffered for the route.
 * @example app.use('/api/*', limitBody(20 * 1048576, config));
 */
export function limitBody(maxBytes: number, budget: DrainBudget): MiddlewareHandler {
  const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body larger than ${(maxBytes / 1048576).toFixed(1)} MB`, { limitBytes: maxBytes });
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get('content-length');
    if (declared !== null && !raw.headers.has('transfer-encoding')) {
      if (Number(declared) <= maxBytes) return next();
      await drainRest(c, raw.body.getReader(), budget);
      throw tooLarge();
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await drainRest(c, reader, budget);
        throw tooLarge();
      }
      chunks.push(value);
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
