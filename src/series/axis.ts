/**
 * @module series/axis
 * What a series is plotted against: the time of each scan (XDI `Scan.start_time`, Athena
 * `date`/`Scan.start_time` headers), else its temperature (XDI `Sample.temperature` such as `10K`,
 * `100 K`, `25 C`; or an Athena label ending in one, e.g. `cu010k.dat` → 10 K), else the index.
 * Only values that every readable spectrum carries, and that are not all equal, are used:
 * a partly filled axis would silently mix orders.
 */
import type { Spectrum } from '../io/index.ts';

/** The quantity along a series. */
export type SeriesAxisKind = 'index' | 'time' | 'temperature';

/** The axis chosen for a series, with one value per entry (null for unreadable entries). */
export interface SeriesAxis {
  kind: SeriesAxisKind;
  /** Axis title with unit, e.g. `time since the first scan (s)`. */
  label: string;
  unit: string;
  values: (number | null)[];
  /** Where the values came from, e.g. `Scan.start_time`, `label`. */
  source: string;
}

const TIME_KEYS = ['Scan.start_time', 'scan.start_time', 'Scan.end_time', 'date'];
const TEMPERATURE_KEYS = ['Sample.temperature', 'sample.temperature'];

/**
 * Start time of a scan, ms since 1970 (headers read as UTC when they carry no zone).
 * @example scanTimeMs(spectrum) // 853683136000 for `Scan.start_time: 1997-01-19 14:12:16`
 */
export function scanTimeMs(s: Spectrum): number | undefined {
  for (const k of TIME_KEYS) {
    const v = s.meta.headers[k]?.trim();
    if (!v) continue;
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
    if (!m) continue;
    const zone = m[7] && m[7] !== 'Z' ? (m[7].startsWith('-') ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(-2))) : 0;
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), 0) + Number(m[6] ?? 0) * 1000 - zone * 60_000;
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/**
 * A temperature in kelvin from text such as `10K`, `100 K`, `25 C`, `25 °C`; undefined for
 * anything else (`room temperature` is not a number).
 * @example parseTemperatureK('25 C') // 298.15
 */
export function parseTemperatureK(text: string): number | undefined {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*(k|kelvin|c|°c|degc|deg c|celsius)\s*$/i.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  const kelvin = /^k/i.test(m[2]!) ? v : v + 273.15;
  return kelvin >= 0 && kelvin < 5000 ? kelvin : undefined;
}

/**
 * Temperature of a scan, K: the `Sample.temperature` header, else a label ending in a temperature
 * (`cu010k.dat`, `run_300K`).
 * @example scanTemperatureK(spectrumOfCu010k) // 10
 */
export function scanTemperatureK(s: Spectrum, label: string): number | undefined {
  for (const k of TEMPERATURE_KEYS) {
    const v = s.meta.headers[k];
    if (v !== undefined) {
      const t = parseTemperatureK(v);
      if (t !== undefined) return t;
    }
  }
  const stem = label.replace(/\.(dat|xdi|xmu|nor|txt|csv|\d{3})$/i, '');
  const m = /(?:^|[^\d.])(\d+(?:\.\d+)?)\s*(k|c)$/i.exec(stem);
  return m ? parseTemperatureK(`${m[1]} ${m[2]}`) : undefined;
}

/**
 * The axis of a series (see the module note for the order of preference).
 * @example seriesAxis(entries).kind // 'temperature' for cu.prj (10, 50, 150 K)
 */
export function seriesAxis(entries: readonly { label: string; spectrum?: Spectrum }[]): SeriesAxis {
  const readable = entries.filter((e) => e.spectrum);
  const pick = (f: (e: { label: string; spectrum?: Spectrum }) => number | undefined): (number | null)[] | undefined => {
    const values = entries.map((e) => (e.spectrum ? (f(e) ?? null) : null));
    const got = values.filter((v): v is number => v !== null);
    return got.length === readable.length && got.length > 1 && new Set(got).size > 1 ? values : undefined;
  };
  const times = pick((e) => scanTimeMs(e.spectrum!));
  if (times) {
    const t0 = Math.min(...times.filter((v): v is number => v !== null));
    return { kind: 'time', label: 'time since the first scan (s)', unit: 's', values: times.map((v) => (v === null ? null : (v - t0) / 1000)), source: 'Scan.start_time' };
  }
  const temps = pick((e) => scanTemperatureK(e.spectrum!, e.label));
  if (temps) return { kind: 'temperature', label: 'temperature (K)', unit: 'K', values: temps, source: 'Sample.temperature or label' };
  return { kind: 'index', label: 'scan index', unit: '', values: entries.map((_, i) => i), source: 'index' };
}
