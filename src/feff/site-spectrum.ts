/**
 * One absorbing site, end to end: structure → `feff.inp` → FEFF10 → spectrum, with what it cost.
 */
import type { Spectrum } from '../io/index.ts';
import type { Structure } from '../structure/index.ts';
import { feffInput, type FeffInput } from './input.ts';
import type { FeffPreset } from './presets.ts';
import { runFeff, type RunFeffOptions } from './run.ts';

/** A computed site spectrum. */
export interface FeffSiteSpectrum {
  site: number;
  absorber: string;
  input: FeffInput;
  spectrum: Spectrum;
  /** FEFF's version string (`FEFF 10.0.0`). */
  feffVersion: string;
  wallTimeS: number;
  cpuTimeS: number;
  /** `xmu.dat` as written by FEFF. */
  xmuText: string;
}

/**
 * Compute the K-edge spectrum of site `site` with FEFF10.
 *
 * @example
 * const r = await feffSiteSpectrum(readStructure('Hematite.cif'), 0, { preset: 'noscf', binDir: findFeffBin() });
 * r.spectrum.energyEv.length // ≈ 105 points on FEFF's grid
 * @throws InputError for a bad site or preset; FeffRunError / FeffNotFoundError from the run.
 */
export async function feffSiteSpectrum(
  structure: Structure,
  site: number,
  { preset, title, ...run }: RunFeffOptions & { preset?: string | FeffPreset; title?: string } = {},
): Promise<FeffSiteSpectrum> {
  const input = feffInput(structure, site, preset, title === undefined ? {} : { title });
  const r = await runFeff(input.text, run);
  return {
    site,
    absorber: input.cluster.species[0]!,
    input,
    spectrum: r.spectrum,
    feffVersion: r.version,
    wallTimeS: r.wallTimeS,
    cpuTimeS: r.cpuTimeS,
    xmuText: r.xmuText,
  };
}
