/**
 * @module lab/benchmark/header-facts
 * Beamline, detection mode and temperature as a spectrum's own header states them: XDI fields
 * (Facility.name, Beamline.name, Sample.temperature, the μ column), the `#%Beamline:` / `#%Det:` /
 * `#%Temp:` lines of the ALS library, the `#%beam:` / `#%det:` / `#%temp:` lines of larch `.xmu`
 * files, and Athena's record of how μ was computed (`ln(numerator/denominator)` is transmission).
 * Each fact says where it came from; what a header does not say is `null` (the rule may supply it).
 */
import type { Spectrum } from '../../src/io/index.ts';
import type { DetectionMode } from './schema.ts';

/** What a header says. */
export interface HeaderFacts {
  beamline: string | null;
  mode: DetectionMode | null;
  /** Raw temperature text. */
  temperature: string | null;
  /** Where each fact came from. */
  evidence: string[];
}

/** `# Key: value` and `#%key: value` lines of the raw text (keys lower-cased). */
export function commentFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/, 400)) {
    const m = /^\s*[#;]\s*%?\s*([A-Za-z][\w. /&-]{0,40}?)\s*:\s*(.*?)\s*$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!);
  }
  return out;
}

const lower = (h: Record<string, string>): Map<string, string> => new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));

/** Clean a beamline field: keep the part before the first comma ("ALS 10.3.2, HxV slits = …" → "ALS 10.3.2"). */
function cleanBeamline(s: string): string {
  return s.split(',')[0]!.replace(/\s+/g, ' ').trim();
}

/** Detection mode named in free text. */
export function modeFromText(s: string): DetectionMode | null {
  if (/HERFD/i.test(s)) return 'HERFD';
  if (/\bTEY\b|electron yield/i.test(s)) return 'TEY';
  if (/fluoresc|fluo\b|\bfluor\b/i.test(s)) return 'fluorescence';
  if (/transmission|\btrans\b/i.test(s)) return 'transmission';
  return null;
}

/**
 * The facts a spectrum's header states.
 *
 * @param text the file's raw text (undefined for Athena groups and CSV rows)
 */
export function headerFacts(spectrum: Spectrum, text: string | undefined): HeaderFacts {
  const evidence: string[] = [];
  const h = lower(spectrum.meta.headers);
  const c = text !== undefined ? commentFields(text) : new Map<string, string>();
  let beamline: string | null = null;
  let mode: DetectionMode | null = null;
  let temperature: string | null = null;

  if (spectrum.meta.format === 'xdi') {
    const bl = h.get('beamline.name');
    const fac = h.get('facility.name');
    if (bl) {
      beamline = fac && !bl.toUpperCase().includes(fac.toUpperCase()) ? `${fac} ${bl}` : bl;
      beamline = beamline.replace(/\s+/g, ' ').trim();
      evidence.push('beamline from XDI Facility/Beamline.name');
    }
    const mu = spectrum.meta.muSource ?? '';
    if (/itrans|mutrans|\bit\b|i1/i.test(mu)) mode = 'transmission';
    else if (/fluor|\bif\b/i.test(mu)) mode = 'fluorescence';
    if (mode) evidence.push(`mode from the μ column used (${mu})`);
    const t = h.get('sample.temperature');
    if (t) {
      temperature = t;
      evidence.push('temperature from XDI Sample.temperature');
    }
  } else if (spectrum.meta.format === 'athena') {
    const bl = h.get('beamline');
    if (bl && bl !== '') {
      beamline = bl;
      evidence.push('beamline from the Athena record');
    }
    if (beamline === null) {
      const titles = h.get('titles') ?? '';
      const prefix = /scan prefix\s*=\s*(13BMD|13IDE|13IDC|13BMC):/i.exec(titles);
      const mrcat = /created at APS Sector (\d+-[IB][DM])/i.exec(titles);
      const names: Record<string, string> = { '13BMD': 'APS 13-BM-D', '13IDE': 'APS 13-ID-E', '13IDC': 'APS 13-ID-C', '13BMC': 'APS 13-BM-C' };
      if (prefix) {
        beamline = names[prefix[1]!.toUpperCase()]!;
        evidence.push(`beamline from the Epics scan prefix (${prefix[1]}) in the group titles`);
      } else if (mrcat) {
        beamline = `APS ${mrcat[1]}`;
        evidence.push('beamline from the group titles ("created at APS Sector …")');
      }
    }
    if (h.get('ln') === '1' && (h.get('numerator') ?? '') !== '') {
      mode = 'transmission';
      evidence.push('mode: the Athena record computes μ as ln(numerator/denominator)');
    }
  }
  if (beamline === null) {
    const bl = c.get('beamline') ?? c.get('beam');
    if (bl && bl.trim() !== '') {
      beamline = cleanBeamline(bl);
      evidence.push('beamline from the header (#%Beamline / #%beam)');
    }
  }
  if (mode === null) {
    const det = c.get('det') ?? c.get('detector');
    const m = det ? modeFromText(det) : null;
    if (m) {
      mode = m;
      evidence.push(`mode from the header detector line ("${det!.slice(0, 60)}")`);
    }
  }
  if (temperature === null) {
    const t = c.get('temp');
    if (t && t.trim() !== '') {
      temperature = t.trim();
      evidence.push('temperature from the header (#%Temp)');
    }
  }
  return { beamline, mode, temperature, evidence };
}

/**
 * Kelvin from a temperature text: "10K", "100 K" → K; "28 degC", "28C" → +273.15; room temperature
 * and anything else → null.
 *
 * @example temperatureKelvin('Room temp (28 degC)') // 301.15
 */
export function temperatureKelvin(text: string): number | null {
  const c = /(-?\d+(?:\.\d+)?)\s*(?:deg\s*C|°\s*C|C)\b/i.exec(text);
  if (c) return Math.round((Number(c[1]) + 273.15) * 100) / 100;
  const k = /(\d+(?:\.\d+)?)\s*K\b/.exec(text);
  if (k) return Number(k[1]);
  return null;
}
