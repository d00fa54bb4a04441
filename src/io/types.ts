/**
 * Shared types of the spectrum readers.
 */

/** Formats `readSpectrum` recognises. */
export type SpectrumFormat = 'xdi' | 'athena' | 'columns' | 'fdmnes' | 'feff';

export interface SpectrumMeta {
  /** Format the content was recognised as. */
  format: SpectrumFormat;
  /** File path, or the name given with the text (`<text>` when none). */
  source: string;
  /** Absorbing element symbol when the file says it (XDI `Element.symbol`, Athena group, …). */
  element?: string;
  /** Edge name when the file says it (`K`, `L3`, …). */
  edge?: string;
  /** Sample name / Athena group label. */
  label?: string;
  /** Athena project: the 0-based index of the group read and how many groups the project holds. */
  group?: { index: number; count: number };
  /** True when the file already holds normalised μ (e.g. `.nor`, XDI `normtrans`). */
  isNormalized?: boolean;
  /** How μ was obtained, e.g. `mutrans`, `ln(i0/itrans)`, `ifluor/i0`, `column 2`. */
  muSource?: string;
  /** Column labels as read (lower-cased where the format is case-insensitive). */
  columns?: string[];
  /** Every header field, verbatim keys (XDI `Element.symbol`, `Column.1`, extension namespaces, Athena args …). */
  headers: Record<string, string>;
  /** Free-text comment lines. */
  comments?: string[];
  /** Athena calibration shift (`bkg_eshift`, eV) recorded in the project; not applied to `energyEv`. */
  energyShiftEv?: number;
}

/** A measured or calculated absorption spectrum as read from a file. */
export interface Spectrum {
  /** Photon energies in eV, strictly increasing. */
  energyEv: Float64Array;
  /** Absorption μ(E) in the file's units (or normalised, see `meta.isNormalized`). */
  mu: Float64Array;
  meta: SpectrumMeta;
  /** Recoverable problems fixed while reading (sorted energies, merged duplicates, keV→eV …). */
  warnings: string[];
}

/** Options of `readSpectrum`. */
export interface ReadSpectrumOptions {
  /** Athena project group: label (case-insensitive) or 0-based index. Default: the first group. */
  group?: string | number;
  /** Skip content sniffing. */
  format?: SpectrumFormat;
  /** Name used in error messages when text (not a path) is given. */
  name?: string;
  /** Minimum number of points a usable spectrum must have (default 10, `READ_SPECTRUM_DEFAULTS`). */
  minPoints?: number;
  /** Read the reference channel (XDI `murefer`, or ln(itrans/irefer)) instead of the sample. */
  reference?: boolean;
}
