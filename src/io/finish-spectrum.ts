/**
 * Last step shared by every reader: check the points are finite and plausible, put energies in
 * increasing order (with a warning), merge repeated energies (averaging μ, with a warning) and
 * enforce the minimum number of points.
 */
import { ParseError } from '../errors.ts';
import type { Spectrum, SpectrumMeta } from './types.ts';

/** Defaults of the readers, written once. */
export const READ_SPECTRUM_DEFAULTS = Object.freeze({
  /** Fewest points a usable spectrum may have. */
  minPoints: 10,
  /** Photon energies outside this range (eV) are rejected as not being absolute X-ray energies. */
  minEnergyEv: 50,
  maxEnergyEv: 200_000,
  /**
   * Most points one spectrum (one Athena group, one column file) may hold, checked before the points
   * are stored. Real scans hold 200–10 000 points, quick-EXAFS a few 10 000; the JSON routes of the
   * server take arrays of at most this length too.
   */
  maxPoints: 200_000,
  /** Most lines of a text file, counted before the text is split (a spectrum file with this limit of points has a few header lines more). */
  maxLines: 1_000_000,
  /**
   * Most numbers one file may hold: every column of a column file, every array of every group of an
   * Athena project. The largest real project seen (500 groups) holds ≈ 2 million.
   */
  maxValues: 5_000_000,
  /** Deepest nesting of brackets in an Athena project (real ones nest 2–3 levels). */
  maxNesting: 32,
});

/**
 * The reader limits as a sentence fragment, for messages: which limit a file passed.
 * @example limitNote('maxPoints') // 'the limit is 200000 points per spectrum'
 */
export function limitNote(limit: 'maxPoints' | 'maxLines' | 'maxValues' | 'maxNesting'): string {
  const n = READ_SPECTRUM_DEFAULTS[limit];
  const what = { maxPoints: 'points per spectrum', maxLines: 'lines per file', maxValues: 'numbers per file', maxNesting: 'levels of nested brackets' }[limit];
  return `the limit is ${n} ${what}`;
}

export interface RawSpectrum {
  energyEv: ArrayLike<number>;
  mu: ArrayLike<number>;
  /** 1-based source line of each point, for error messages. */
  lineNumbers?: ArrayLike<number>;
  meta: SpectrumMeta;
  warnings: string[];
}

/**
 * Validate and tidy a spectrum read from a file.
 *
 * @example
 * finishSpectrum({ energyEv: [3, 1, 2], mu: [0.3, 0.1, 0.2], meta, warnings: [] }, 3).energyEv // Float64Array [1, 2, 3]
 */
export function finishSpectrum(raw: RawSpectrum, minPoints: number = READ_SPECTRUM_DEFAULTS.minPoints): Spectrum {
  const { meta, warnings } = raw;
  const src = meta.source;
  const n = raw.energyEv.length;
  const lineOf = (i: number): number | undefined => (raw.lineNumbers ? raw.lineNumbers[i] : undefined);
  if (raw.mu.length !== n) throw new ParseError(src, undefined, `energy has ${n} values but μ has ${raw.mu.length}`);
  if (n === 0) throw new ParseError(src, undefined, `no data points (at least ${minPoints} needed)`);

  if (n < minPoints) throw new ParseError(src, undefined, `only ${n} data points (at least ${minPoints} needed)`);
  if (n > READ_SPECTRUM_DEFAULTS.maxPoints) throw new ParseError(src, undefined, `${n} data points; ${limitNote('maxPoints')}`);
  let eMin = Infinity;
  let eMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = raw.energyEv[i]!;
    const m = raw.mu[i]!;
    if (!Number.isFinite(e)) throw new ParseError(src, lineOf(i), `energy is not finite (${e})`);
    if (!Number.isFinite(m)) throw new ParseError(src, lineOf(i), `μ is not finite (${m}${meta.muSource ? ` from ${meta.muSource}` : ''})`);
    eMin = Math.min(eMin, e);
    eMax = Math.max(eMax, e);
  }
  if (eMin < READ_SPECTRUM_DEFAULTS.minEnergyEv || eMax > READ_SPECTRUM_DEFAULTS.maxEnergyEv) {
    throw new ParseError(
      src,
      undefined,
      `energies run from ${fmt(eMin)} to ${fmt(eMax)} eV: not absolute X-ray photon energies ` +
        `(${READ_SPECTRUM_DEFAULTS.minEnergyEv}–${READ_SPECTRUM_DEFAULTS.maxEnergyEv} eV expected; relative to the edge, or k/χ data?)`,
    );
  }

  // Order: reverse a decreasing scan, sort anything else.
  let order = Array.from({ length: n }, (_, i) => i);
  let firstBad = -1;
  for (let i = 1; i < n && firstBad < 0; i++) if (raw.energyEv[i]! < raw.energyEv[i - 1]!) firstBad = i;
  if (firstBad >= 0) {
    let decreasing = true;
    for (let i = 1; i < n && decreasing; i++) if (raw.energyEv[i]! >= raw.energyEv[i - 1]!) decreasing = false;
    if (decreasing) {
      order.reverse();
      warnings.push('energies were decreasing; reversed to increasing order');
    } else {
      order = order.sort((a, b) => raw.energyEv[a]! - raw.energyEv[b]! || a - b);
      const at = lineOf(firstBad);
      warnings.push(`energies were not in increasing order${at ? ` (first drop at line ${at})` : ''}; sorted`);
    }
  }

  // Merge exact repeats, averaging μ.
  const energyEv: number[] = [];
  const mu: number[] = [];
  const count: number[] = [];
  let repeats = 0;
  let firstRepeatLine: number | undefined;
  for (const i of order) {
    const e = raw.energyEv[i]!;
    const last = energyEv.length - 1;
    if (last >= 0 && energyEv[last] === e) {
      mu[last]! += raw.mu[i]!;
      count[last]!++;
      repeats++;
      firstRepeatLine ??= lineOf(i);
    } else {
      energyEv.push(e);
      mu.push(raw.mu[i]!);
      count.push(1);
    }
  }
  if (repeats > 0) {
    if (repeats > n / 2) {
      throw new ParseError(src, undefined, `${repeats} of ${n} energies are repeats: the energy column does not look like an energy scan`);
    }
    for (let k = 0; k < mu.length; k++) mu[k]! /= count[k]!;
    warnings.push(`merged ${repeats} repeated energ${repeats === 1 ? 'y' : 'ies'} by averaging μ${firstRepeatLine ? ` (first at line ${firstRepeatLine})` : ''}`);
  }

  if (energyEv.length < minPoints) {
    throw new ParseError(src, undefined, `only ${energyEv.length} data points (at least ${minPoints} needed)`);
  }
  let muMin = Infinity;
  let muMax = -Infinity;
  for (const m of mu) {
    muMin = Math.min(muMin, m);
    muMax = Math.max(muMax, m);
  }
  if (muMin === muMax) throw new ParseError(src, undefined, `μ is constant (${muMin})${meta.muSource ? ` in ${meta.muSource}` : ''}: not a spectrum`);

  return { energyEv: Float64Array.from(energyEv), mu: Float64Array.from(mu), meta, warnings };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}
