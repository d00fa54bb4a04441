/**
 * @module server/inputs
 * Validated request data → job inputs. The event loop only receives uploads and checks element
 * symbols (a symbol that is not an element is a 422 `UNKNOWN_ELEMENT`, like an element without a
 * model); every spectrum and structure is inflated, read and normalised in the workers, under the
 * request's time limit. {@link inflateUploads} is that inflation: it runs in the workers and counts
 * the inflated bytes of all files of one request against one limit.
 */
import { gunzipSync } from 'node:zlib';
import { getElement } from '../elements/index.ts';
import { ParseError, UnsupportedError, XasinvError } from '../errors.ts';
import { isGzip } from '../io/index.ts';
import { ApiError } from './http-errors.ts';

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

/** The text of energy/μ arrays as plain columns (what the column reader reads for the JSON routes). */
export function columnsText(energy: readonly number[], mu: readonly number[]): string {
  const lines = ['# energy mu'];
  for (let i = 0; i < energy.length; i++) lines.push(`${energy[i]} ${mu[i]}`);
  return lines.join('\n');
}

const MB = 1048576;

/**
 * The files of one request with gzip'd ones inflated, all of them together holding at most
 * `maxInflatedBytes` (each inflation stops at what is left of the limit, so a bomb costs at most the
 * limit per request, however many files it is split into). Run in a worker. More is 413
 * `INFLATED_TOO_LARGE`; a broken gzip stream is 400 `PARSE_ERROR`.
 * @example const [spectrum] = inflateUploads([{ name: 'a.prj', bytes }], 200 * 1048576);
 */
export function inflateUploads<T extends { name: string; bytes: Uint8Array }>(files: readonly T[], maxInflatedBytes: number): T[] {
  let left = maxInflatedBytes;
  return files.map((f) => {
    let bytes = f.bytes;
    if (isGzip(bytes)) {
      try {
        bytes = gunzipSync(bytes, { maxOutputLength: Math.max(1, left) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          const what = files.length > 1 ? `with the other ${files.length - 1} files of the request, gzip data inflate to more than ${(maxInflatedBytes / MB).toFixed(1)} MB` : `gzip data inflates to more than ${(maxInflatedBytes / MB).toFixed(1)} MB`;
          throw new ApiError(413, 'INFLATED_TOO_LARGE', `${f.name}: ${what} (the limit per request: upload limit × inflate factor); not read`, { file: f.name, limitBytes: maxInflatedBytes });
        }
        throw new ParseError(f.name, undefined, `corrupt gzip data (${(err as Error).message})`);
      }
    }
    left -= bytes.length;
    if (left < 0) throw new ApiError(413, 'INFLATED_TOO_LARGE', `${f.name}: the files of the request hold more than ${(maxInflatedBytes / MB).toFixed(1)} MB once inflated (the limit per request: upload limit × inflate factor); not read`, { file: f.name, limitBytes: maxInflatedBytes });
    return bytes === f.bytes ? f : { ...f, bytes };
  });
}
