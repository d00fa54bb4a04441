/**
 * @module server/inputs
 * Validated request data → domain objects: a prepared measured spectrum (from an upload, gzip
 * inflated within a limit, or from JSON arrays); structures are parsed in the workers
 * (structure-job.ts). Element symbols are checked here so that a symbol that is not an element is a
 * 422 `UNKNOWN_ELEMENT`, like an element without a model.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Context } from 'hono';
import type { z } from 'zod';
import { getElement } from '../elements/index.ts';
import { ParseError, UnsupportedError, XasinvError } from '../errors.ts';
import { prepareMeasured, prepareSpectrum, type PreparedSpectrum } from '../measured/index.ts';
import { isGzip, parseSpectrum } from '../io/index.ts';
import { ApiError } from './http-errors.ts';
import { mediaTypeOf } from './validate.ts';
import { preEdgeOptions, type SpectrumForm, type SpectrumJson } from './schemas.ts';
import type { PreEdgeOptions } from '../spectrum/index.ts';

/**
 * A checked element symbol (or undefined).
 * @example knownElement('fe') // 'Fe'
 */
export function knownElement(symbol: string | undefined): string | undefined {
  if (symbol === undefined || symbol === '') return undefined;
  try {
    return getElement(symbol).symbol;
  } catch (err) {
    throw new UnsupportedError('UNKNOWN_ELEMENT', err instanceof XasinvError ? err.message : `unknown element "${symbol}"`, { element: symbol });
  }
}

/** Athena group option: digits are an index, anything else a label. */
export function groupOption(group: string | undefined): string | number | undefined {
  return group === undefined || group === '' ? undefined : /^\d+$/.test(group) ? Number(group) : group;
}

/** Bytes of an uploaded file. */
export async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

const gunzipAsync = promisify(gunzip);

/**
 * Bytes of an uploaded spectrum file, inflated when gzip'd (Athena projects are): the inflation
 * runs off the event loop and stops at `maxInflatedBytes` — more is 413 `INFLATED_TOO_LARGE`, so a
 * small "gzip bomb" costs at most that much memory and time. A broken stream is 400 `PARSE_ERROR`.
 * @example const bytes = await spectrumBytes(file, 200 * 1048576);
 */
export async function spectrumBytes(file: File, maxInflatedBytes: number): Promise<Uint8Array> {
  const bytes = await fileBytes(file);
  if (!isGzip(bytes)) return bytes;
  const name = file.name || '<upload>';
  try {
    return new Uint8Array(await gunzipAsync(bytes, { maxOutputLength: maxInflatedBytes }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ApiError(413, 'INFLATED_TOO_LARGE', `${name}: gzip data inflates to more than ${(maxInflatedBytes / 1048576).toFixed(1)} MB (the limit: upload limit × inflate factor); not read`, { file: name, limitBytes: maxInflatedBytes });
    }
    throw new ParseError(name, undefined, `corrupt gzip data (${(err as Error).message})`);
  }
}

/**
 * The prepared spectrum of a validated `SpectrumForm` or `SpectrumJson` body.
 * @example const prepared = await spectrumFromRequest(c, maxInflatedBytes(ctx.config));
 */
export async function spectrumFromRequest(c: Context, maxInflatedBytes: number): Promise<PreparedSpectrum> {
  if (mediaTypeOf(c) === 'application/json') {
    const v = (c.req.valid as (t: 'json') => z.infer<typeof SpectrumJson>)('json');
    return spectrumFromArrays(v.energy, v.mu, v.name ?? '<json>', knownElement(v.element), preEdgeOptions(v));
  }
  const v = (c.req.valid as (t: 'form') => z.infer<typeof SpectrumForm>)('form');
  return spectrumFromFile(v.file, maxInflatedBytes, v.group, v.element, preEdgeOptions(v));
}

/** Prepared spectrum of an uploaded file (gzip inflated by {@link spectrumBytes}); `preEdge` overrides E0 and the ranges. */
export async function spectrumFromFile(file: File, maxInflatedBytes: number, group?: string, element?: string, preEdge?: PreEdgeOptions): Promise<PreparedSpectrum> {
  const el = knownElement(element);
  return prepareMeasured(await spectrumBytes(file, maxInflatedBytes), { name: file.name || '<upload>', group: groupOption(group), ...(el ? { element: el } : {}), ...(preEdge ? { preEdge } : {}) });
}

/** The text of energy/μ arrays as plain columns (what {@link spectrumFromArrays} reads). */
export function columnsText(energy: readonly number[], mu: readonly number[]): string {
  const lines = ['# energy mu'];
  for (let i = 0; i < energy.length; i++) lines.push(`${energy[i]} ${mu[i]}`);
  return lines.join('\n');
}

/** Prepared spectrum of energy/μ arrays (read through the plain-columns reader: sorting, duplicates, checks). */
export function spectrumFromArrays(energy: readonly number[], mu: readonly number[], name: string, element?: string, preEdge?: PreEdgeOptions): PreparedSpectrum {
  const spectrum = parseSpectrum(columnsText(energy, mu), name, { format: 'columns' });
  return prepareSpectrum(spectrum, { ...(element ? { element } : {}), ...(preEdge ? { preEdge } : {}) });
}
