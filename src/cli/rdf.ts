/**
 * `xasinv rdf <spectrum> [--group LABEL] [--element El] [--json]`: the pseudo radial distribution
 * (G2 wACSF) around the absorber, with its calibrated ±2σ band and the first-shell distance, and
 * what the σ means (calibrated on measured spectra, or on theory only: `uncertainty`).
 */
import { problems, rdfWithConfidence } from '../confidence/index.ts';
import { InputError } from '../errors.ts';
import { inverseModelFor } from '../inverse/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import type { Command } from './command.ts';
import { fmt, toJson } from './output.ts';
import { elementOf, elementOption, GROUP_OPTION, groupOf, MODELS_OPTION, modelsDirOf } from './shared-options.ts';

export const rdfCommand: Command = {
  name: 'rdf',
  usage: '<spectrum> [--group LABEL] [--element El] [--models DIR] [--json]',
  options: {
    group: GROUP_OPTION,
    element: elementOption('absorbing element, if the file does not say'),
    models: MODELS_OPTION,
    json: { type: 'boolean', help: 'print JSON {element, edge, e0, r[50], g2:{mean,sigma,lower,upper,sigmaTheory}, coverage, firstShell:{r,sigma,spread,sigmaKind}, uncertainty, …, confidence}' },
  },
  async run({ positionals, options }) {
    if (positionals.length !== 1) throw new InputError('rdf: expected exactly one spectrum file');
    const element = elementOf(options);
    const prepared = prepareMeasured(positionals[0]!, { group: groupOf(options), ...(element ? { element } : {}) });
    const models = modelsDirOf(options);
    const { confidence, ...rdf } = await rdfWithConfidence(prepared, await inverseModelFor(prepared, models ? { modelsDir: models } : {}));
    if (options.json) {
      console.log(toJson({ ...rdf, confidence }, 6));
      return 0;
    }
    console.log(`${prepared.spectrum.meta.source}${prepared.spectrum.meta.label ? ` [${prepared.spectrum.meta.label}]` : ''}: ${rdf.element} ${rdf.edge}, edge (half step) ${fmt(rdf.e0, 1)} eV, model ${rdf.model.id} v${rdf.model.version} (${rdf.members} members)`);
    const fsKind = rdf.firstShell.sigmaKind === 'measured-calibrated' ? '1σ, calibrated on measured spectra' : `members' spread, not a calibrated error`;
    console.log(`first shell: ${fmt(rdf.firstShell.r, 2)} ± ${fmt(rdf.firstShell.sigma, 2)} Å (${fsKind})`);
    console.log(`  ${rdf.uncertainty.firstShellMeaning}`);
    console.log(`σ: ${rdf.uncertainty.sigmaMeaning}`);
    console.log(`\n   r (Å)    G2     ±${rdf.k}σ (${Math.round(rdf.coverage * 100)} % band, ${rdf.uncertainty.calibration === 'measured' ? 'calibrated on measured spectra' : 'calibrated on theory spectra'})`);
    const max = Math.max(...rdf.g2.upper);
    for (let i = 0; i < rdf.r.length; i += 2) {
      const bar = '█'.repeat(Math.max(0, Math.round((rdf.g2.mean[i]! / max) * 40)));
      console.log(`  ${fmt(rdf.r[i], 2)}  ${fmt(rdf.g2.mean[i], 2).padStart(6)}  ${fmt(rdf.k * rdf.g2.sigma[i]!, 2).padStart(5)}  ${bar}`);
    }
    for (const w of rdf.warnings) console.log(`warning: ${w}`);
    console.log(`\nconfidence: ${confidence.verdict} (score ${fmt(confidence.score, 2)})`);
    for (const p of problems(confidence)) console.log(`  ${p.status}: ${p.message}`);
    return 0;
  },
};
