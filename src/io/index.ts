/**
 * @module io
 * Spectrum readers: XDI, Athena projects (Perl dump and JSON), plain columns, FDMNES and FEFF
 * output, behind one entry point that sniffs the format from the content.
 */
export { readSpectrum, parseSpectrum, listGroups, readSpectrumEntries, type SpectrumEntry } from './read-spectrum.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { parseJson, readJsonFile } from './read-json.ts';
export { sniffFormat } from './sniff.ts';
export { isGzip, gunzipBounded, decodeText, checkLineCount, DECODE_DEFAULTS, type DecodeOptions } from './decode.ts';
export { READ_SPECTRUM_DEFAULTS, limitNote } from './finish-spectrum.ts';
export { HC_EV_ANGSTROM } from './column-roles.ts';
export type { AthenaGroupInfo } from './athena.ts';
export type { Spectrum, SpectrumMeta, SpectrumFormat, ReadSpectrumOptions } from './types.ts';
export { athenaGroupToSpectrum, athenaNormalisation, parseAthenaGroups, type AthenaNormalisation } from './athena.ts';
export { parseFeffXmu } from './feff.ts';
