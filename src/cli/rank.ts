/**
 * `xasinv rank <spectrum> <candidates…> [--absorber El] [--group LABEL] [--top N] [--json]`: rank
 * candidate structures (files or folders) by the fit of their forward-predicted spectrum to the
 * measured one, with a second vote from the pseudo-RDF. Progress goes to stderr.
 */
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { prepareMeasured } from '../measured/index.ts';
import { REPO_ROOT } from '../paths.ts';
import { FeatureCache, feffPredictor, forwardPredictor, screenCandidates, SCREEN_DEFAULTS, type SpectrumPredictor } from '../screen/index.ts';
import type { Command } from './command.ts';
import { fmt, toJson } from './output.ts';

/** Default on-disk featurisation cache. */
export const RANK_CACHE_DIR = join(REPO_ROOT, '.cache', 'screen');

export const rankCommand: Command = {
  name: 'rank',
  usage: '<spectrum> <candidates…> [--absorber El] [--group LABEL] [--top N] [--json]',
  summary: 'Rank candidate structures (files or folders) by how well their predicted spectrum fits the measured one.',
  options: {
    absorber: { type: 'string', help: 'absorbing element (default: from the spectrum file)' },
    group: { type: 'string', help: 'Athena project group: label or 0-based index' },
    top: { type: 'number', help: `candidates shown / given fit arrays (default ${SCREEN_DEFAULTS.top})` },
    json: { type: 'boolean', help: 'print JSON {absorber, primaryScore, candidates[], rejected[], model, confidence, warnings}' },
    model: { type: 'string', help: 'forward model folder (default: the shipped model)' },
    predictor: { type: 'string', help: "'forward' (default) or 'feff' (FEFF spectra stored beside each POSCAR)" },
    models: { type: 'string', help: "models folder for the inverse (pseudo-RDF) vote, or 'none'" },
    cache: { type: 'string', help: `featurisation cache folder, or 'none' (default ${RANK_CACHE_DIR})` },
    quiet: { type: 'boolean', help: 'no progress on stderr' },
  },
  async run({ positionals, options }) {
    if (positionals.length < 2) throw new InputError('rank: expected a spectrum file and at least one candidate structure file or folder');
    const [spectrumPath, ...candidates] = positionals as [string, ...string[]];
    const top = options.top === undefined ? SCREEN_DEFAULTS.top : Number(options.top);
    if (!Number.isInteger(top) || top < 0) throw new InputError(`--top expects a non-negative integer, got ${options.top}`);
    const kind = options.predictor === undefined ? 'forward' : String(options.predictor);
    if (kind !== 'forward' && kind !== 'feff') throw new InputError(`--predictor must be 'forward' or 'feff', got '${kind}'`);
    const group = typeof options.group === 'string' && /^\d+$/.test(options.group) ? Number(options.group) : (options.group as string | undefined);
    const absorber = typeof options.absorber === 'string' ? options.absorber : undefined;
    const prepared = prepareMeasured(spectrumPath, { group, ...(absorber ? { element: absorber } : {}) });
    const cacheDir = options.cache === 'none' ? undefined : typeof options.cache === 'string' ? options.cache : RANK_CACHE_DIR;
    const models = options.models === 'none' ? false : typeof options.models === 'string' ? options.models : undefined;
    const predictor: SpectrumPredictor = kind === 'feff' ? feffPredictor([absorber ?? prepared.element ?? 'Cu']) : await forwardPredictor(typeof options.model === 'string' ? options.model : undefined);
    let last = 0;
    try {
      const result = await screenCandidates(prepared, candidates, {
        predictor,
        top,
        cache: new FeatureCache(cacheDir ? { dir: cacheDir } : {}),
        ...(absorber ? { absorber } : {}),
        ...(models !== undefined ? { inverseModelsDir: models } : {}),
        onProgress: options.quiet
          ? undefined
          : (p) => {
              const now = performance.now();
              if (p.done === p.total || now - last > 1000) {
                last = now;
                console.error(`rank: ${p.done}/${p.total} candidates${p.rejected ? `, ${p.rejected} rejected` : ''}`);
              }
            },
      });
      if (options.json) {
        const { cache: _cache, timing: _timing, ...rest } = result;
        console.log(toJson(rest, 6));
        return 0;
      }
      const m = result.measured;
      console.log(`${m.source}${m.label ? ` [${m.label}]` : ''}: ${result.absorber} K, E0 ${fmt(m.e0, 1)} eV; ${result.candidates.length} candidates ranked, ${result.rejected.length} rejected (${fmt(result.timing.seconds, 1)} s)`);
      console.log(`forward model ${result.model.forward.id} ${result.model.forward.version}; inverse ${result.model.inverse ? `${result.model.inverse.id} ${result.model.inverse.version}` : 'none'}`);
      console.log(`primary score: R-factor Σ(y−ŷ)²/Σy² (± σ from the predictor's σ); final rank: ${result.combination}; ≈ = not distinguishable from the best R`);
      const head = ['rank', 'id', 'formula', 'R', '±σ', 'rdfχ²', 'shift/eV', 'broad/eV', 'scale', 'pearson', 'cosine', ''];
      const widths = [5, 16, 16, 9, 9, 9, 9, 9, 7, 8, 8, 2];
      console.log(head.map((h, i) => h.padStart(widths[i]!)).join(' '));
      for (const c of result.candidates.slice(0, top)) {
        const row = [String(c.rank), c.id.slice(0, 16), c.formula.slice(0, 16), fmt(c.score, 5), fmt(c.scoreSigma, 5), c.rdfChi2 === null ? '—' : fmt(c.rdfChi2, 2), fmt(c.shift, 2), fmt(c.broadening, 2), fmt(c.scale, 3), fmt(c.pearson, 4), fmt(c.cosine, 4), c.overlapsBest ? '≈' : ''];
        console.log(row.map((v, i) => v.padStart(widths[i]!)).join(' '));
      }
      if (result.rejected.length) {
        console.log(`\nrejected (${result.rejected.length}):`);
        for (const r of result.rejected.slice(0, 20)) console.log(`  ${r.file}: ${r.reason}`);
        if (result.rejected.length > 20) console.log(`  … ${result.rejected.length - 20} more (see --json)`);
      }
      for (const w of result.warnings) console.log(`warning: ${w}`);
      console.log(`confidence: ${result.confidence.verdict} (score ${fmt(result.confidence.score, 2)})`);
      for (const r of result.confidence.reasons) if (r.status !== 'ok') console.log(`  ${r.status}: ${r.message}`);
      return 0;
    } finally {
      await predictor.close?.();
    }
  },
};
