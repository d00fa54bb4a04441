/**
 * @module io/read-json
 * One way to read the JSON files xasinv writes (manifests, calibrations, OOD references, recipes):
 * parsed and checked against a zod schema, so a damaged or foreign file is a {@link ParseError}
 * naming the file and the first field that does not fit, never a crash further on.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ParseError } from '../errors.ts';

/**
 * Parse `text` (the contents of `file`) as JSON and check it against `schema`; returns the parsed
 * value itself (schemas here only check: no defaults or transforms).
 *
 * @example parseJson('{"id":"cu-k"}', 'manifest.json', z.object({ id: z.string() })) // { id: 'cu-k' }
 */
export function parseJson<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ParseError(file, undefined, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    throw new ParseError(file, undefined, `${at}: ${issue.message}`, { cause: checked.error });
  }
  // The value as written, not zod's copy: the same keys in the same order (fingerprints hash it,
  // the API serves it), with fields the schema does not list kept.
  return value as z.output<S>;
}

/**
 * Read `file` as JSON checked against `schema` (see {@link parseJson}); a missing or unreadable
 * file is a ParseError too.
 *
 * @example const m = readJsonFile('models/forward/universal-k-v3/manifest.json', FORWARD_MANIFEST_SCHEMA);
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ParseError(file, undefined, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return parseJson(text, file, schema);
}
