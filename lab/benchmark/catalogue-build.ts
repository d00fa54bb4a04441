/**
 * @module lab/benchmark/catalogue-build
 * Builds the catalogue and the excluded list from the inventory (inventory.ts) and the rules
 * (sources.ts): each catalogued spectrum is read with src/io (its element, edge, beamline, mode and
 * temperature from its own header where it says, else from the rule), its structures are parsed
 * and must hold the absorber, and exact copies of a spectrum already catalogued (the same energy
 * grid and the same μ up to an affine scale) are moved to the excluded list as duplicates, keeping
 * the original collection's copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeEnergy, type EdgeName } from '../../src/elements/index.ts';
import type { Spectrum } from '../../src/io/index.ts';
import { normalize } from '../../src/spectrum/index.ts';
import { parseStructure } from '../../src/structure/index.ts';
import { COMPOUNDS } from './compounds.ts';
import { headerFacts, temperatureKelvin } from './header-facts.ts';
import { decide, inventory, refKey, type Candidate } from './inventory.ts';
import { readBenchmarkSpectrum, structurePath } from './load.ts';
import type { CatalogueEntry, DetectionMode, ExcludedEntry, SpectrumRef } from './schema.ts';
import { allRules, type Rule } from './sources.ts';

/** Result of a build. */
export interface BuildResult {
  entries: CatalogueEntry[];
  excluded: ExcludedEntry[];
  notSpectra: { path: string; reason: string }[];
  /** Candidates no rule decides, and other problems that must be fixed before writing. */
  problems: string[];
}

/** Collections in the order a duplicate keeps its copy (the original source first). */
const SOURCE_ORDER: [RegExp, string][] = [
  [/^experimental\/xaslib\//, 'xaslib'],
  [/^experimental\/als-fe-references\//, 'als'],
  [/^experimental\/larch\/xafsdata\/(?!AthenaProjectFiles\/)[^/]+$/, 'larch'],
  [/^experimental\/larch\/fdmnes-zno\//, 'larch'],
  [/^experimental\/demeter-standards\//, 'demeter'],
  [/^experimental\/pyfitit\//, 'pyfitit'],
  [/^experimental\/larch\/xafsdata\/beamlines\//, 'larch'],
  [/^experimental\/larch\//, 'larch'],
  [/^experimental\/maml-rfxas\//, 'maml'],
];

function sourceOf(path: string): { tag: string; rank: number } {
  const i = SOURCE_ORDER.findIndex(([re]) => re.test(path));
  return { tag: i >= 0 ? SOURCE_ORDER[i]![1] : 'other', rank: i >= 0 ? i : SOURCE_ORDER.length };
}

/** Catalogue id: collection tag, path within it, Athena group (index-label) or CSV row. */
export function entryId(ref: SpectrumRef): string {
  const { tag } = sourceOf(ref.path);
  const within = ref.path.replace(/^experimental\/(xaslib|als-fe-references|larch\/xafsdata|larch|demeter-standards\/data|demeter-standards|pyfitit\/Pyfitit Feature List\/data|pyfitit|maml-rfxas)\//, '');
  const g = ref.groupIndex !== undefined ? `#${ref.groupIndex}-${(ref.group ?? '').trim()}` : '';
  const r = ref.row !== undefined ? `@${ref.row}` : '';
  return `${tag}:${within}${g}${r}`.replace(/[^A-Za-z0-9._:#/+-]/g, '_');
}

/** The edge whose tabulated energy lies inside the measured range (the header's when it names one). */
function edgeOf(element: string, spectrum: Spectrum): EdgeName | null {
  const e = spectrum.energyEv;
  const lo = e[0]!;
  const hi = e[e.length - 1]!;
  const stated = spectrum.meta.element === element && spectrum.meta.edge && ['K', 'L1', 'L2', 'L3'].includes(spectrum.meta.edge);
  const candidates: EdgeName[] = stated ? [spectrum.meta.edge as EdgeName] : ['K', 'L3', 'L2', 'L1'];
  for (const edge of candidates) {
    try {
      const ev = edgeEnergy(element, edge);
      if (ev > lo && ev < hi) return edge;
    } catch {
      /* no such edge */
    }
  }
  return null;
}

/** An E0 further than this from the tabulated edge gets a note (chemical shifts of oxides reach ≈ 20 eV). */
export const E0_OFFSET_NOTE_EV = 25;

/** Largest |Δ| of edge-step-normalised μ (src/spectrum normalize) for two spectra on the same grid to count as one measurement: copies and re-processings of one scan differ by < 1e-5, replicate scans of one sample by > 2e-3 (measured on xaslib Cr2O3, SrO, ZnSe, Ni, CdS and the NiO.prj scans). */
export const DUPLICATE_NORM_TOLERANCE = 1e-4;

/** True when `a` and `b` are on the same energy grid (same length, every energy within 0.01 eV). */
function sameGrid(a: Spectrum, b: Spectrum): boolean {
  if (a.energyEv.length !== b.energyEv.length) return false;
  for (let i = 0; i < a.energyEv.length; i++) if (Math.abs(a.energyEv[i]! - b.energyEv[i]!) > 0.01) return false;
  return true;
}

/**
 * Largest |Δ| between the edge-step-normalised μ of two spectra on one grid, from 30 eV below to
 * 100 eV above the first one's E0; null when either cannot be normalised.
 */
function normalisedDifference(a: Spectrum, b: Spectrum): number | null {
  try {
    const na = normalize(a.energyEv, a.mu);
    const nb = normalize(b.energyEv, b.mu);
    let max = 0;
    for (let i = 0; i < a.energyEv.length; i++) {
      const e = a.energyEv[i]!;
      if (e < na.e0Ev - 30 || e > na.e0Ev + 100) continue;
      max = Math.max(max, Math.abs(na.norm[i]! - nb.norm[i]!));
    }
    return max;
  } catch {
    return null;
  }
}

/** Everything a rule-included candidate becomes, before duplicate removal. */
interface Included {
  candidate: Candidate;
  entry: CatalogueEntry;
  spectrum: Spectrum;
  rank: number;
}

function describeRule(r: Rule): string {
  return `${String(r.when.path)}${r.when.group ? ` group ${String(r.when.group)}` : ''}${r.when.row ? ` row ${String(r.when.row)}` : ''}`;
}

/**
 * Build the catalogue from the shared data folder.
 *
 * @param log progress / per-entry messages
 */
export function buildCatalogue(dataDir: string, log: (m: string) => void = () => {}): BuildResult {
  const rules = allRules();
  const problems: string[] = [];
  const excluded: ExcludedEntry[] = [];
  const notSpectra: { path: string; reason: string }[] = [];
  const included: Included[] = [];
  const used = new Set<Rule>();
  const cands = inventory(dataDir);
  log(`${cands.length} candidates under ${join(dataDir, 'experimental')}`);

  for (const c of cands) {
    const rule = decide(rules, c.ref);
    if (!rule) {
      problems.push(`no rule decides ${refKey(c.ref)}${c.ref.group !== undefined ? ` (group "${c.ref.group}")` : ''}${c.listProblem ? ` [${c.listProblem}]` : ''}: add one to lab/benchmark/sources.ts`);
      continue;
    }
    used.add(rule);
    if ('notSpectrum' in rule) {
      if (c.ref.group !== undefined || c.ref.row !== undefined) problems.push(`${refKey(c.ref)}: a "not a spectrum" rule matched a group/row`);
      notSpectra.push({ path: c.ref.path, reason: rule.notSpectrum });
      continue;
    }
    let spectrum: Spectrum | null = null;
    let readProblem: string | null = null;
    try {
      spectrum = readBenchmarkSpectrum(c.ref, dataDir);
    } catch (err) {
      readProblem = (err as Error).message;
    }
    if ('exclude' in rule) {
      excluded.push({
        spectrum: c.ref,
        element: spectrum?.meta.element ?? c.athenaElement ?? null,
        edge: spectrum?.meta.edge ?? null,
        label: spectrum?.meta.label ?? c.ref.group ?? null,
        category: rule.exclude,
        reason: rule.reason + (readProblem && rule.exclude !== 'unreadable' ? ` (also: src/io cannot read it: ${readProblem.slice(0, 160)})` : ''),
      });
      continue;
    }
    // A catalogue entry.
    const def = COMPOUNDS[rule.compound];
    if (!def) {
      problems.push(`${refKey(c.ref)}: unknown compound "${rule.compound}" (rule ${describeRule(rule)})`);
      continue;
    }
    if (!spectrum) {
      problems.push(`${refKey(c.ref)}: src/io cannot read it: ${readProblem}`);
      continue;
    }
    const absorbers = Object.keys(def.valence);
    const element = rule.element ?? (spectrum.meta.element && absorbers.includes(spectrum.meta.element) ? spectrum.meta.element : absorbers.length === 1 ? absorbers[0]! : spectrum.meta.element);
    if (!element || def.valence[element] === undefined) {
      problems.push(`${refKey(c.ref)}: absorber ${element ?? '?'} is not one of ${rule.compound}'s (${absorbers.join(', ')})`);
      continue;
    }
    const elementNotes: string[] = [];
    if (spectrum.meta.element && spectrum.meta.element !== element) {
      if (spectrum.meta.format !== 'athena') {
        problems.push(`${refKey(c.ref)}: the file says element ${spectrum.meta.element}, the rule says ${element}`);
        continue;
      }
      elementNotes.push(`the Athena record names ${spectrum.meta.element} (a mislabelled bkg_z); the energies span the ${element} edge`);
    }
    const edge = edgeOf(element, spectrum);
    if (!edge) {
      problems.push(`${refKey(c.ref)}: no ${element} edge inside ${spectrum.energyEv[0]!.toFixed(0)}–${spectrum.energyEv[spectrum.energyEv.length - 1]!.toFixed(0)} eV`);
      continue;
    }
    for (const s of def.structures) {
      const p = structurePath(s, dataDir);
      if (!existsSync(p)) {
        problems.push(`${rule.compound}: structure ${s.path} does not exist`);
        continue;
      }
      try {
        const st = parseStructure(readFileSync(p, 'utf8'), { name: s.path });
        if (!st.species.includes(element)) problems.push(`${rule.compound}: structure ${s.path} holds no ${element}`);
      } catch (err) {
        problems.push(`${rule.compound}: structure ${s.path} does not parse: ${(err as Error).message}`);
      }
    }
    const text = c.ref.groupIndex === undefined && c.ref.row === undefined ? readFileSync(join(dataDir, c.ref.path), 'latin1') : undefined;
    const facts = headerFacts(spectrum, text);
    const beamline = rule.beamline ?? facts.beamline ?? 'unknown';
    const mode: DetectionMode = rule.mode ?? facts.mode ?? 'unknown';
    const tText = rule.temperature ?? facts.temperature ?? 'unknown';
    const temperature = { text: tText, kelvin: temperatureKelvin(tText) };
    const notes = [...(def.notes ?? []), ...(rule.notes ?? []), ...elementNotes, ...facts.evidence.filter((e) => !(rule.beamline && e.startsWith('beamline')) && !(rule.mode && e.startsWith('mode')) && !(rule.temperature && e.startsWith('temperature')))];
    if (spectrum.meta.isNormalized) notes.push('the file holds already-normalised μ');
    try {
      const e0 = normalize(spectrum.energyEv, spectrum.mu).e0Ev;
      const tab = edgeEnergy(element, edge);
      if (Math.abs(e0 - tab) > E0_OFFSET_NOTE_EV) notes.push(`E0 (maximum of dμ/dE, src/spectrum normalize) is ${e0.toFixed(1)} eV, ${(e0 - tab).toFixed(1)} eV from the tabulated ${element} ${edge} edge (${tab.toFixed(0)} eV): check the energy calibration before comparing edge positions`);
    } catch (err) {
      notes.push(`src/spectrum normalize fails on it: ${(err as Error).message.slice(0, 120)}`);
    }
    const { tag, rank } = sourceOf(c.ref.path);
    const tKey = temperature.kelvin !== null ? `${Math.round(temperature.kelvin)}K` : tText.toLowerCase().includes('room') ? 'RT' : tText;
    included.push({
      candidate: c,
      spectrum,
      rank,
      entry: {
        id: entryId(c.ref),
        spectrum: c.ref,
        source: tag,
        element,
        edge,
        compound: rule.compound,
        formula: def.formula,
        phase: def.phase,
        valence: def.valence[element]!,
        structures: def.structures,
        beamline,
        mode,
        temperature,
        replicateGroup: `${rule.compound}|${element}-${edge}|${tag}|${beamline}|${mode}|${tKey}`,
        notes,
      },
    });
  }

  // Rules that decided nothing (a typo in a path or label).
  for (const r of rules) if (!used.has(r)) problems.push(`rule ${describeRule(r)} matches no candidate: fix or remove it`);

  // The same measurement twice (a copy or a re-processing on the same grid): keep the original collection's.
  included.sort((a, b) => a.rank - b.rank || (refKey(a.candidate.ref) < refKey(b.candidate.ref) ? -1 : 1));
  const kept: Included[] = [];
  for (const inc of included) {
    let dup: { id: string; diff: number } | null = null;
    for (const k of kept) {
      if (k.entry.element !== inc.entry.element || !sameGrid(k.spectrum, inc.spectrum)) continue;
      const d = normalisedDifference(k.spectrum, inc.spectrum);
      if (d !== null && d <= DUPLICATE_NORM_TOLERANCE) {
        dup = { id: k.entry.id, diff: d };
        break;
      }
    }
    if (dup) {
      excluded.push({
        spectrum: inc.candidate.ref,
        element: inc.entry.element,
        edge: inc.entry.edge,
        label: inc.spectrum.meta.label ?? inc.candidate.ref.group ?? null,
        category: 'duplicate',
        reason: `the same measurement as catalogue entry ${dup.id}: the same energy grid, and edge-step-normalised μ within ${dup.diff.toExponential(1)} (tolerance ${DUPLICATE_NORM_TOLERANCE}) from E0 − 30 to E0 + 100 eV`,
      });
      continue;
    }
    kept.push(inc);
  }
  const entries = kept.map((k) => k.entry).sort((a, b) => (a.element < b.element ? -1 : a.element > b.element ? 1 : a.compound < b.compound ? -1 : a.compound > b.compound ? 1 : a.id < b.id ? -1 : 1));
  excluded.sort((a, b) => (refKey(a.spectrum) < refKey(b.spectrum) ? -1 : 1));
  notSpectra.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { entries, excluded, notSpectra, problems };
}
