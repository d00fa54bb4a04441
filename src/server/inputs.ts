/**
 * @module server/inputs
 * Validated request data → domain objects: a prepared measured spectrum (from an upload or from
 * JSON arrays) and a parsed structure. Element symbols are checked here so that a symbol that is
 * not an element is a 422 `UNKNOWN_ELEMENT`, like an element without a model.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { getElement } from '../elements/index.ts';
import { UnsupportedError, XasinvError } from '../errors.ts';
import { prepareMeasured, prepareSpectrum, type PreparedSpectrum } from '../measured/index.ts';
import { parseSpectrum } from '../io/index.ts';
import { parseStructure, type Structure } from '../structure/index.ts';
import { mediaTypeOf } from './validate.ts';
import type { SpectrumForm, SpectrumJson, StructureForm } from './schemas.ts';

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

/**
 * The prepared spectrum of a validated `SpectrumForm` or `SpectrumJson` body.
 * @example const prepared = await spectrumFromRequest(c);
 */
export async function spectrumFromRequest(c: Context): Promise<PreparedSpectrum> {
  if (mediaTypeOf(c) === 'application/json') {
    const v = (c.req.valid as (t: 'json') => z.infer<typeof SpectrumJson>)('json');
    return spectrumFromArrays(v.energy, v.mu, v.name ?? '<json>', knownElement(v.element));
  }
  const v = (c.req.valid as (t: 'form') => z.infer<typeof SpectrumForm>)('form');
  return spectrumFromFile(v.file, v.group, v.element);
}

/** Prepared spectrum of an uploaded file. */
export async function spectrumFromFile(file: File, group?: string, element?: string): Promise<PreparedSpectrum> {
  const el = knownElement(element);
  return prepareMeasured(await fileBytes(file), { name: file.name || '<upload>', group: groupOption(group), ...(el ? { element: el } : {}) });
}

/** Prepared spectrum of energy/μ arrays (read through the plain-columns reader: sorting, duplicates, checks). */
export function spectrumFromArrays(energy: readonly number[], mu: readonly number[], name: string, element?: string): PreparedSpectrum {
  const lines = ['# energy mu'];
  for (let i = 0; i < energy.length; i++) lines.push(`${energy[i]} ${mu[i]}`);
  const spectrum = parseSpectrum(lines.join('\n'), name, { format: 'columns' });
  return prepareSpectrum(spectrum, element ? { element } : {});
}

/**
 * The structure of a validated `StructureForm` body.
 * @example const { structure, absorber } = await structureFromRequest(c);
 */
export async function structureFromRequest(c: Context): Promise<{ structure: Structure; absorber?: string; site?: number }> {
  const v = (c.req.valid as (t: 'form') => z.infer<typeof StructureForm>)('form');
  const structure = await structureFromFile(v.file);
  const absorber = knownElement(v.absorber);
  return { structure, ...(absorber ? { absorber } : {}), ...(v.site !== undefined ? { site: v.site } : {}) };
}

/** Parsed uploaded structure file (format sniffed from content and name). */
export async function structureFromFile(file: File): Promise<Structure> {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await fileBytes(file));
  return parseStructure(text, { name: file.name || '<upload>' });
}
