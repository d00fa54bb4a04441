/**
 * `xasinv predict <structure> [--element El] [--site N] [--models DIR | --forward-model DIR] [--json]`:
 * K-edge XANES of the absorber's inequivalent sites and their multiplicity-weighted average, each
 * with a calibrated ensemble σ, from the universal forward model (`<models>/forward/<id>`), on the
 * absorber's valid range of the model's grid (JSON: grid.validRangeEv). For an absorber the model
 * was not trained on, the same phase's FEFF10 spectrum from the absorber's library when it holds
 * one (JSON: `source`, screen/same-phase.ts); otherwise an error. `--absorber` and `--model` are
 * the old spellings of `--element` and `--forward-model`.
 */
import { join } from 'node:path';
import { assessForward } from '../confidence/index.ts';
import { closeForwardModel, loadForwardModel } from '../forward/index.ts';
import { InputError } from '../errors.ts';
import { predictionCalibration, predictOrSamePhase } from '../screen/index.ts';
import { readStructure } from '../structure/index.ts';
import type { Command } from './command.ts';
import { fmt, toJson } from './output.ts';
import { elementOf, elementOption, FORWARD_MODEL_OPTION, forwardModelDirOf, MODELS_OPTION, modelsDirOf } from './shared-options.ts';

export const predictCommand: Command = {
  name: 'predict',
  usage: '<structure> [--element El] [--site N] [--models DIR | --forward-model DIR] [--json]',
  options: {
    element: elementOption('absorbing element (default: the heaviest trained absorber present)'),
    site: { type: 'number', help: 'predict only this 0-based site index' },
    models: MODELS_OPTION,
    'forward-model': FORWARD_MODEL_OPTION,
    json: { type: 'boolean', help: 'print JSON' },
  },
  async run({ positionals, options }) {
    if (positionals.length !== 1) throw new InputError('predict: expected exactly one structure file');
    const structure = readStructure(positionals[0]!);
    const model = await loadForwardModel(forwardModelDirOf(options));
    const absorber = elementOf(options);
    try {
      const models = modelsDirOf(options);
      const p = await predictOrSamePhase(model, structure, {
        ...(models !== undefined ? { dir: join(models, 'library') } : {}),
        ...(absorber ? { absorber } : {}),
        ...(typeof options.site === 'number' ? { site: options.site } : {}),
      });
      const fromLibrary = 'source' in p;
      const confidence = fromLibrary ? p.confidence : assessForward(structure, p, model);
      if (options.json) {
        console.log(toJson(fromLibrary ? p : { ...p, calibration: predictionCalibration(model.dir, p.absorber), confidence }, 6));
        return 0;
      }
      const e = p.grid.energy;
      if (fromLibrary) {
        const { entry, g2Cosine } = p.source;
        console.log(`${structure.source}: ${p.absorber} K edge (E_edge ${p.grid.edge} eV): no forward model covers ${p.absorber}; the ${p.absorber} library's ${entry.name} (${entry.id}, ${entry.source}) is the same phase (G2 cosine ${fmt(g2Cosine, 3)}): its FEFF10 spectrum (${p.model.id}), σ not estimated`);
      } else console.log(`${structure.source}: ${p.absorber} K edge (E_edge ${p.grid.edge} eV), ${p.sites.length} inequivalent site(s), model ${p.model.id} ${p.model.version}`);
      const [lo, hi] = p.grid.modelRangeEv;
      const cut = e[0] !== lo || e[e.length - 1] !== hi ? `: ${p.absorber}'s valid range, where its training spectra have data, of the model's ${fmt(lo, 2)}…${fmt(hi, 2)} eV grid` : '';
      console.log(`energies are relative to the aligned edge (${fmt(e[0], 2)}…${fmt(e[e.length - 1], 2)} eV, ${e.length} points${fromLibrary ? '' : cut})${fromLibrary ? '' : '; σ is the calibrated ensemble sd'}`);
      const cols = ['E_rel/eV', 'average', 'σ', ...p.sites.map((s) => `site ${s.index} ×${s.multiplicity}`)];
      console.log(cols.map((c) => c.padStart(12)).join(''));
      for (let k = 0; k < e.length; k += 4) {
        const row = [fmt(e[k], 2), fmt(p.average.mu[k], 4), fmt(p.average.sigma[k], 4), ...p.sites.map((s) => fmt(s.mu[k], 4))];
        console.log(row.map((c) => c.padStart(12)).join(''));
      }
      for (const w of p.warnings) console.log(`warning: ${w}`);
      console.log(`confidence: ${confidence.verdict} (score ${fmt(confidence.score, 2)})`);
      for (const r of confidence.reasons) if (r.status !== 'ok') console.log(`  ${r.status}: ${r.message}`);
      return 0;
    } finally {
      await closeForwardModel(model);
    }
  },
};
