/**
 * @module support/element-support
 * What each absorbing element supports and how well, read off the shipped models (one row per
 * element): the inverse model (spectrum → pseudo-RDF) with its held-out first-shell error, the
 * forward model (structure → spectrum) with its held-out η, the candidate library, the
 * theory → experiment calibration a ranking uses (and what it was chosen on), and the
 * edge-position → valence line. `xasinv models` prints it; `GET /api/models` returns it as
 * `support`. The measured results behind the numbers are in reports/ (README's table links them).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEdgeValence } from '../chemistry/index.ts';
import { atomicNumber } from '../elements/index.ts';
import { DEFAULT_FORWARD_MODEL_ID, readForwardManifest } from '../forward/index.ts';
import { listInverseModels, readInverseManifest } from '../inverse/index.ts';
import { librarySummaries } from '../library/index.ts';
import { readJsonFile } from '../io/index.ts';
import { MODELS_DIR } from '../paths.ts';
import { readCalibrations } from '../screen/index.ts';
import { z } from 'zod';

/** One element's row. */
export interface ElementSupport {
  element: string;
  /** Spectrum → pseudo-RDF: held-out theory first-shell median error (Å) and, where measured, on measured references. */
  inverse: { id: string; firstShellMedianAngstrom: number | null; measuredFirstShellMedianAngstrom: number | null; measuredReferences: number | null } | null;
  /** Structure → spectrum: η on held-out sites (baseline: the element's mean training spectrum). */
  forward: { id: string; version: string; heldOutSites: number | null; eta: number | null } | null;
  /** The candidate library; `spectra` 'feff': ranked against the project's own FEFF10 spectra of its structures (no forward model needed). */
  library: { structures: number; sites: number; spectra: 'forward' | 'feff' | 'none' } | null;
  /** The theory → experiment calibration of the ranking. */
  calibration: { offsetEv: number; score: string; maxShiftEv: number | null; references: number; chosenOn: string | null } | null;
  /** The edge-position → valence line. */
  edgeValence: { slopeEvPerValence: number; residualSdEv: number; points: number } | null;
  /** The ranking on the measured benchmark's frozen test half (`npm run eval:benchmark -- --report`): spectra with the right phase in the top 5 and with the right top-1 valence, beside a random order's expectation. */
  ranking: { spectra: number; compounds: number; pool: number; top5: number; top5Random: number; valenceRight: number; valenceScored: number; valenceRandom: number } | null;
}

/** Where `npm run eval:benchmark -- --report` records each element's test-half result (read by {@link elementSupport}). */
export const RANKING_BENCHMARK_FILE = join(MODELS_DIR, 'screen', 'ranking-benchmark.json');

const RANKING_SCHEMA = z.looseObject({
  elements: z.record(z.string(), z.looseObject({ spectra: z.number(), compounds: z.number(), pool: z.number(), top5: z.number(), top5Random: z.number(), valenceRight: z.number(), valenceScored: z.number(), valenceRandom: z.number(), predictor: z.string().optional() })),
});

/** The 3d K edges the project aims at: listed even where nothing is shipped yet, so a user sees the gap. */
export const LISTED_ELEMENTS: readonly string[] = Object.freeze(['Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn']);

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The 3d elements and every other element with at least one of the models, by atomic number.
 * @example elementSupport('models').find((r) => r.element === 'Fe')?.forward?.eta // ≈ 24.9
 */
export function elementSupport(modelsDir: string): ElementSupport[] {
  const rows = new Map<string, ElementSupport>();
  const row = (el: string) => {
    let r = rows.get(el);
    if (!r) rows.set(el, (r = { element: el, inverse: null, forward: null, library: null, calibration: null, edgeValence: null, ranking: null }));
    return r;
  };
  for (const el of LISTED_ELEMENTS) row(el);
  for (const [el, dir] of listInverseModels(modelsDir)) {
    const m = readInverseManifest(dir);
    const metrics = m.metrics as Record<string, unknown>;
    row(el).inverse = { id: m.id, firstShellMedianAngstrom: num(metrics['firstShellErrorMedianAngstrom']), measuredFirstShellMedianAngstrom: num(metrics['measuredFirstShellErrorMedianAngstrom']), measuredReferences: num(metrics['measuredReferences']) };
  }
  const forwardDir = join(modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID);
  if (existsSync(join(forwardDir, 'manifest.json'))) {
    const f = readForwardManifest(forwardDir);
    const validation = ((f.metrics as Record<string, unknown>)['validation'] ?? {}) as Record<string, { n?: number; eta?: number }>;
    for (const el of f.elements) row(el).forward = { id: f.id, version: f.version, heldOutSites: num(validation[el]?.n), eta: num(validation[el]?.eta) };
    for (const [el, c] of Object.entries(readCalibrations(forwardDir) ?? {})) {
      row(el).calibration = { offsetEv: c.offsetEv, score: c.score, maxShiftEv: c.maxShiftEv ?? null, references: c.references.length, chosenOn: c.chosenOn ?? null };
    }
  }
  const summaries = librarySummaries(join(modelsDir, 'library'));
  for (const l of summaries) {
    row(l.absorber).library = { structures: l.structures, sites: l.sites, spectra: l.spectra };
    if (l.spectra !== 'feff') continue;
    // A FEFF library is ranked with its own spectra and its own calibration (screen/library-predictor.ts).
    const c = readCalibrations(join(modelsDir, 'library', l.absorber))?.[l.absorber];
    row(l.absorber).calibration = c && c.predictor === l.predictorId ? { offsetEv: c.offsetEv, score: c.score, maxShiftEv: c.maxShiftEv ?? null, references: c.references.length, chosenOn: c.chosenOn ?? null } : null;
  }
  const edge = join(modelsDir, 'screen', 'edge-valence.json');
  if (existsSync(edge)) for (const [el, c] of Object.entries(readEdgeValence(edge))) row(el).edgeValence = { slopeEvPerValence: c.slopeEvPerValence, residualSdEv: c.residualSdEv, points: c.points.length };
  const ranking = join(modelsDir, 'screen', 'ranking-benchmark.json');
  const predictorOf = new Map(summaries.map((l) => [l.absorber, l.predictorId]));
  if (existsSync(ranking)) {
    for (const [el, v] of Object.entries(readJsonFile(ranking, RANKING_SCHEMA).elements)) {
      // Only for the library ranked today: not a removed one, not one rebuilt since (another predictor id).
      const now = predictorOf.get(el);
      if (rows.get(el)?.library && (v.predictor === undefined || now === null || now === undefined || v.predictor === now)) row(el).ranking = { spectra: v.spectra, compounds: v.compounds, pool: v.pool, top5: v.top5, top5Random: v.top5Random, valenceRight: v.valenceRight, valenceScored: v.valenceScored, valenceRandom: v.valenceRandom };
    }
  }
  return [...rows.values()].sort((a, b) => atomicNumber(a.element) - atomicNumber(b.element));
}

/** What the table's numbers mean (printed under it). */
export const SUPPORT_NOTE = "η = median squared error of the element's mean training spectrum ÷ the model's (higher is better). Test spectra: the measured benchmark's frozen test half ranked against the library (reports/benchmark-ranking.md); in brackets what a random order of the same pool would give. Measured results: reports/README.md.";

/**
 * The table's header and one row of cells per element (what `xasinv models` prints, what
 * `GET /api/models` returns as `supportTable` for the UI's Elements tab).
 * @example supportCells(elementSupport('models')).head[0] // 'element'
 */
export function supportCells(rows: readonly ElementSupport[]): { head: string[]; body: string[][] } {
  const f = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
  const head = ['element', 'pseudo-RDF (1st shell, held-out / measured)', 'spectrum prediction (η held-out)', 'library', 'ranking calibration', 'measured test spectra: right phase in top 5; top-1 valence (random)', 'edge → valence'];
  const body = rows.map((r) => [
    r.element,
    r.inverse ? `${f(r.inverse.firstShellMedianAngstrom, 3)} Å / ${r.inverse.measuredFirstShellMedianAngstrom === null ? '—' : `${f(r.inverse.measuredFirstShellMedianAngstrom, 3)} Å${r.inverse.measuredReferences === null ? '' : ` (${r.inverse.measuredReferences})`}`}` : 'no model',
    r.forward ? `η ${f(r.forward.eta, 1)} (${r.forward.heldOutSites ?? '?'} sites)` : r.library?.spectra === 'feff' ? "no model; a library phase's FEFF10 spectrum" : 'no model',
    r.library ? `${r.library.structures} structures${r.library.spectra === 'feff' ? ' (FEFF10 spectra)' : ''}` : r.forward ? 'none' : '—',
    r.calibration ? `${r.calibration.score}, ±${r.calibration.maxShiftEv ?? 1} eV, ${r.calibration.references} spectra` : r.forward || r.library ? 'none: edge position does not count' : '—',
    r.ranking ? `${r.ranking.top5}/${r.ranking.spectra} (${f(r.ranking.top5Random, 1)}); ${r.ranking.valenceScored ? `${r.ranking.valenceRight}/${r.ranking.valenceScored} (${f(r.ranking.valenceRandom, 1)})` : '—'}` : r.library ? 'not measured' : '—',
    r.edgeValence ? `${f(r.edgeValence.slopeEvPerValence, 2)} eV/valence ± ${f(r.edgeValence.residualSdEv, 2)} (${r.edgeValence.points})` : r.forward || r.library ? 'none' : '—',
  ]);
  return { head, body };
}

/**
 * The table as text lines (what `xasinv models` prints).
 * @example supportTable(elementSupport('models'))[0] // 'element  pseudo-RDF …'
 */
export function supportTable(rows: readonly ElementSupport[]): string[] {
  const { head, body } = supportCells(rows);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
