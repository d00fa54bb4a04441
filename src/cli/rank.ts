/**
 * `xasinv rank <spectrum> [candidates…] [--element El] [--group LABEL] [--top N] [--json]`: rank
 * candidate structures (files or folders) by the fit of their forward-predicted spectrum to the
 * measured one, with a second vote from the pseudo-RDF. Progress goes to stderr. The forward and
 * inverse models come from `--models` (as in every command); `--forward-model` picks another
 * forward model folder. Old spellings still work: `--absorber` (= `--element`), `--model`
 * (= `--forward-model`), `--models none` (= `--no-rdf-vote`). Without candidates (or with
 * `--library`) the absorber's shipped candidate library (models/library) is ranked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { readLibrary } from '../library/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import { REPO_ROOT } from '../paths.ts';
import {
  describeBroadening,
  FeatureCache,
  feffPredictor,
  FIT_DEFAULTS,
  feffLibraryPredictor,
  forwardPredictor,
  isFeffLibrary,
  libraryCandidates,
  parseCompositionFilter,
  SCORE_KINDS,
  screenCandidates,
  RANK_FINAL_PASS,
  SCREEN_DEFAULTS,
  type ScoreKind,
  type SpectrumPredictor,
} from '../screen/index.ts';
import type { Command } from './command.ts';
import { fmt, progressWithEta, throttledProgress, toJson } from './output.ts';
import { elementOf, elementOption, FORWARD_MODEL_OPTION, forwardModelDirOf, GROUP_OPTION, groupOf, MODELS_OPTION, modelsDirOf } from './shared-options.ts';

/** Default on-disk featurisation cache. */
export const RANK_CACHE_DIR = join(REPO_ROOT, '.cache', 'screen');

export const rankCommand: Command = {
  name: 'rank',
  usage: '<spectrum> [candidates…] [--library] [--element El] [--group LABEL] [--elements Cu,O] [--contains Cu] [--top N] [--models DIR] [--json]',
  options: {
    element: elementOption('absorbing element (default: from the spectrum file)'),
    group: GROUP_OPTION,
    top: { type: 'number', help: `candidates shown / given fit arrays (default ${SCREEN_DEFAULTS.top})` },
    elements: { type: 'string', help: 'keep candidates whose element set is exactly this, e.g. Cu,O' },
    contains: { type: 'string', help: 'keep candidates that contain all of these elements, e.g. Cu,S' },
    score: { type: 'string', help: `ranking score: ${SCORE_KINDS.join(', ')} (default: the calibration's, else ${FIT_DEFAULTS.score})` },
    'max-shift': { type: 'number', help: `largest extra energy shift per candidate on top of the calibrated alignment, eV (default ${FIT_DEFAULTS.maxShiftEv})` },
    'shift-penalty': { type: 'number', help: `distance × (1 + p·(shift/max)²) (default ${FIT_DEFAULTS.shiftPenalty})` },
    json: { type: 'boolean', help: 'print JSON {absorber, scoreKind, scoreValidated, candidates[], rejected[], model, confidence, warnings}' },
    models: { ...MODELS_OPTION, help: `${MODELS_OPTION.help}; 'none' is the old spelling of --no-rdf-vote` },
    'forward-model': FORWARD_MODEL_OPTION,
    'no-rdf-vote': { type: 'boolean', help: 'rank by the spectrum fit alone, without the inverse model\'s pseudo-RDF vote' },
    'no-edge-vote': { type: 'boolean', help: 'rank without the measured edge position\'s vote on the oxidation state (for a spectrum whose energy axis is not calibrated)' },
    predictor: { type: 'string', help: "'forward' (default) or 'feff' (FEFF spectra stored beside each POSCAR)" },
    cache: { type: 'string', help: `featurisation cache folder, or 'none' (default ${RANK_CACHE_DIR})` },
    quiet: { type: 'boolean', help: 'no progress on stderr' },
    library: { type: 'boolean', help: "also rank the absorber's shipped candidate library (the default when no candidate is given)" },
  },
  async run({ positionals, options }) {
    if (positionals.length < 1) throw new InputError('rank: expected a spectrum file, then candidate structure files or folders (none: the shipped library of the absorber)');
    const [spectrumPath, ...candidates] = positionals as [string, ...string[]];
    const missing = candidates.filter((c) => !existsSync(c));
    if (candidates.length > 0 && missing.length === candidates.length) throw new InputError(`rank: none of the candidates exists: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? `, … (${missing.length} in all)` : ''}`);
    const top = options.top === undefined ? SCREEN_DEFAULTS.top : Number(options.top);
    if (!Number.isInteger(top) || top < 0) throw new InputError(`--top expects a non-negative integer, got ${options.top}`);
    const kind = options.predictor === undefined ? 'forward' : String(options.predictor);
    if (kind !== 'forward' && kind !== 'feff') throw new InputError(`--predictor must be 'forward' or 'feff', got '${kind}'`);
    const group = groupOf(options);
    const absorber = elementOf(options);
    const composition = parseCompositionFilter({
      ...(typeof options.elements === 'string' ? { elements: options.elements } : {}),
      ...(typeof options.contains === 'string' ? { contains: options.contains } : {}),
    });
    const scoreOf = (v: string, what: string): ScoreKind => {
      if (!(SCORE_KINDS as readonly string[]).includes(v)) throw new InputError(`${what}: unknown score '${v}' (known: ${SCORE_KINDS.join(', ')})`);
      return v as ScoreKind;
    };
    const score = typeof options.score === 'string' ? scoreOf(options.score, '--score') : undefined;
    const maxShift = options['max-shift'] === undefined ? undefined : Number(options['max-shift']);
    if (maxShift !== undefined && !(maxShift >= 0 && maxShift <= 30)) throw new InputError(`--max-shift expects a number of eV in 0…30, got ${options['max-shift']}`);
    const shiftPenalty = options['shift-penalty'] === undefined ? undefined : Number(options['shift-penalty']);
    if (shiftPenalty !== undefined && !(shiftPenalty >= 0)) throw new InputError(`--shift-penalty expects a number ≥ 0, got ${options['shift-penalty']}`);
    const prepared = prepareMeasured(spectrumPath, { group, ...(absorber ? { element: absorber } : {}) });
    const cacheDir = options.cache === 'none' ? undefined : typeof options.cache === 'string' ? options.cache : RANK_CACHE_DIR;
    const noVote = options['no-rdf-vote'] === true || options.models === 'none';
    const modelsDir = options.models === 'none' ? undefined : modelsDirOf(options);
    const models = noVote ? false : modelsDir;
    const forwardDir = options.models === 'none' ? (typeof options['forward-model'] === 'string' ? options['forward-model'] : undefined) : forwardModelDirOf(options);
    const useLibrary = candidates.length === 0 || options.library === true;
    if (useLibrary && kind === 'feff') throw new InputError('rank: the FEFF predictor needs candidate structures with FEFF spectra beside them; a library holds forward-model features only');
    const libraryAbsorber = absorber ?? prepared.element;
    if (useLibrary && !libraryAbsorber) throw new InputError(`rank: which element's library? The spectrum does not say; ${HOW_TO_SET_ELEMENT}`);
    const library = useLibrary ? readLibrary(libraryAbsorber!) : undefined;
    // A library of FEFF spectra (the absorbers no forward model covers yet) is ranked with them.
    const predictor: SpectrumPredictor =
      kind === 'feff' ? feffPredictor([absorber ?? prepared.element ?? 'Cu']) : library && isFeffLibrary(library) ? feffLibraryPredictor(library) : await forwardPredictor(forwardDir);
    try {
      const result = await screenCandidates(prepared, candidates, {
        predictor,
        ...(library ? { library: await libraryCandidates(library, predictor) } : {}),
        top,
        cache: new FeatureCache(cacheDir ? { dir: cacheDir } : {}),
        ...(absorber ? { absorber } : {}),
        ...(models !== undefined ? { inverseModelsDir: models } : {}),
        ...(composition ? { composition } : {}),
        ...(options['no-edge-vote'] === true ? { edgeValence: false as const } : {}),
        fit: { ...(score ? { score } : {}), ...(maxShift !== undefined ? { maxShiftEv: maxShift } : {}), ...(shiftPenalty !== undefined ? { shiftPenalty } : {}) },
        onProgress: options.quiet ? undefined : throttledProgress(progressWithEta((p) => `rank: ${p.done}/${p.total} candidates${p.rejected ? `, ${p.rejected} rejected` : ''}`, { finalPass: RANK_FINAL_PASS })),
      });
      // Nothing ranked (every candidate missing, unreadable or rejected): said, and a failure status.
      const noneRanked = result.candidates.length === 0;
      const whyNone = () => `rank: no candidate could be ranked: ${result.rejected.length} rejected${result.rejected.length ? ` (${result.rejected.slice(0, 3).map((r) => `${r.file}: ${r.reason}`).join('; ')}${result.rejected.length > 3 ? '; …' : ''})` : ''}`;
      if (options.json) {
        const { cache: _cache, timing: _timing, ...rest } = result;
        console.log(toJson(rest, 6));
        if (noneRanked) console.error(`error: ${whyNone()}`);
        return noneRanked ? 1 : 0;
      }
      const m = result.measured;
      console.log(`${m.source}${m.label ? ` [${m.label}]` : ''}: ${result.absorber} K, E0 ${fmt(m.e0, 1)} eV; ${result.candidates.length} candidates ranked, ${result.rejected.length} rejected (${fmt(result.timing.seconds, 1)} s)`);
      const spectraFrom =
        library && isFeffLibrary(library)
          ? `spectra: the library's own FEFF10 spectra (${result.model.forward.id}, ${result.model.forward.version}; no forward model covers ${library.meta.absorber} yet)`
          : `forward model ${result.model.forward.id} ${result.model.forward.version}`;
      console.log(`${spectraFrom}; inverse ${result.model.inverse ? `${result.model.inverse.id} ${result.model.inverse.version}` : 'none'}`);
      const a = result.alignment;
      console.log(`alignment: ${a.description}; window ${fmt(a.windowEv[0], 1)}…${fmt(a.windowEv[1], 1)} eV; shift ≤ ±${a.maxShiftEv} eV (penalty ${a.shiftPenalty}); broadening ${a.broadeningMode === 'per-candidate' ? `per candidate out of ${a.broadenings.length}` : `${a.broadeningMode} (out of ${a.broadenings.length}): ${a.broadening ? describeBroadening(a.broadening) : '—'}`}`);
      if (result.composition) {
        console.log(`composition filter: kept ${result.composition.kept} of ${result.composition.read} candidates read`);
        for (const note of result.composition.notes) console.log(`  ${note}`);
      }
      console.log(`score: ${result.combination}${result.scoreValidated ? '' : ' (NOT validated on measured references)'}; ≈ = not distinguishable from the best within σ`);
      console.log(`pool fit: ${result.poolFit.verdict} — ${result.poolFit.reasons.join('; ')}`);
      console.log(`chemistry: ${result.chemistry.sentence}`);
      const ev = result.edgeValence;
      if (ev) console.log(`edge position: ½ step at ${fmt(ev.edgeEv, 1)} eV → ${ev.label} (valence ${fmt(ev.valence, 2)} ± ${fmt(ev.sigma, 2)}, ${ev.references} measured references; weight ${ev.weight} in the score)`);
      const shown = result.candidates.slice(0, top);
      // Library entries carry a mineral or material name: a column for it only when one is shown.
      const named = shown.some((c) => c.name !== undefined && c.name !== c.formula);
      const head = ['rank', 'id', ...(named ? ['name'] : []), 'formula', 'score', '±σ', 'R', 'pearson', 'shift/eV', 'chemistry', ''];
      // Ids, names and formulas are shown in full: their columns are as wide as the longest one.
      const widths = [5, Math.max(18, ...shown.map((c) => c.id.length)), ...(named ? [Math.max(12, ...shown.map((c) => (c.name ?? '').length))] : []), Math.max(16, ...shown.map((c) => c.formula.length)), 9, 9, 8, 8, 9, 0, 0];
      console.log(head.map((h, i) => h.padStart(widths[i]!)).join(' '));
      for (const c of shown) {
        const row = [String(c.rank), c.id, ...(named ? [c.name && c.name !== c.formula ? c.name : '—'] : []), c.formula, fmt(c.score, 5), c.scoreSigma === null ? '—' : fmt(c.scoreSigma, 5), fmt(c.rFactor, 4), fmt(c.pearson, 4), fmt(c.shift, 2), c.chemistry?.summary ?? '—', c.overlapsBest ? '≈' : ''];
        console.log(row.map((v, i) => v.padStart(widths[i]!)).join(' '));
      }
      if (library) console.log(`candidates: the ${library.meta.absorber} library (${library.meta.entries.length} structures: ${Object.entries(library.meta.sources).map(([db, s]) => `${db} ${s.count}`).join(', ')}; licences in --json, sources in models/library/${library.meta.absorber}/)`);
      const best = result.candidates[0];
      if (best) console.log(`best fit broadening: ${describeBroadening(best.broadening)}`);
      if (result.rejected.length) {
        console.log(`\nrejected (${result.rejected.length}):`);
        for (const r of result.rejected.slice(0, 20)) console.log(`  ${r.file}: ${r.reason}`);
        if (result.rejected.length > 20) console.log(`  … ${result.rejected.length - 20} more (see --json)`);
      }
      for (const w of result.warnings) console.log(`warning: ${w}`);
      if (noneRanked) {
        console.error(`error: ${whyNone()}`);
        return 1;
      }
      console.log(`confidence: ${result.confidence.verdict} (score ${fmt(result.confidence.score, 2)})`);
      for (const r of result.confidence.reasons) if (r.status !== 'ok') console.log(`  ${r.status}: ${r.message}`);
      return 0;
    } finally {
      await predictor.close?.();
    }
  },
};
