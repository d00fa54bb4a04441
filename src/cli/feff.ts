/**
 * `xasinv feff <structure> [--absorber El] [--site N] [--preset NAME] [--out DIR] [--json]`: run FEFF10
 * on the absorber's inequivalent sites (or one site) and print or write each site's spectrum with the
 * `feff.inp` it came from. The binaries come from `--feff-bin DIR` or `$XASINV_FEFF`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getElement } from '../elements/index.ts';
import { InputError } from '../errors.ts';
import { DEFAULT_FEFF_PRESET, FEFF_ENV, FEFF_PRESETS, feffInput, feffPreset, feffSiteSpectrum, findFeffBin, RUN_FEFF_DEFAULTS, type FeffSiteSpectrum } from '../feff/index.ts';
import { checkSite, defaultAbsorber, inequivalentSites, readStructure } from '../structure/index.ts';
import type { Command } from './command.ts';
import { ensureOutputDir } from './output-dir.ts';
import { fmt, toJson } from './output.ts';

export const feffCommand: Command = {
  name: 'feff',
  usage: '<structure> [--absorber El] [--site N] [--preset NAME] [--out DIR] [--json] [--feff-bin DIR]',
  options: {
    absorber: { type: 'string', help: 'absorbing element (default: the element of --site, else the heaviest element present)' },
    site: { type: 'number', help: 'compute only this 0-based site index' },
    preset: { type: 'string', help: `card set: ${Object.keys(FEFF_PRESETS).join(', ')} (default ${DEFAULT_FEFF_PRESET})` },
    radius: { type: 'number', help: 'cluster radius in Å (default: the preset’s)' },
    out: { type: 'string', help: 'write <site>_<El>/feff.inp, xmu.dat and feff.json into this folder' },
    json: { type: 'boolean', help: 'print JSON (sites with input text, energy and μ)' },
    'feff-bin': { type: 'string', help: `folder of the FEFF10 modules (default $${FEFF_ENV})` },
    timeout: { type: 'number', help: `timeout per site in s (default ${RUN_FEFF_DEFAULTS.timeoutS})` },
    'dry-run': { type: 'boolean', help: 'write or print feff.inp without running FEFF' },
  },
  async run({ positionals, options }) {
    if (positionals.length !== 1) throw new InputError('feff: expected exactly one structure file');
    // Checked before FEFF runs: a folder that cannot be written is an error now, not after minutes of work.
    const out = typeof options.out === 'string' ? ensureOutputDir(options.out, '--out') : undefined;
    const structure = readStructure(positionals[0]!);
    const preset = feffPreset(typeof options.preset === 'string' ? options.preset : undefined, typeof options.radius === 'number' ? { radiusAngstrom: options.radius } : {});
    let absorber = typeof options.absorber === 'string' ? getElement(options.absorber).symbol : undefined;
    let sites: { index: number; multiplicity: number }[];
    if (typeof options.site === 'number') {
      checkSite(structure, options.site);
      const el = structure.species[options.site]!;
      if (absorber && absorber !== el) throw new InputError(`--site ${options.site} is ${el}, not the --absorber ${absorber}`);
      absorber = el;
      const group = inequivalentSites(structure, el).find((g) => g.members.includes(options.site as number));
      sites = [{ index: options.site, multiplicity: group?.multiplicity ?? 1 }];
    } else {
      absorber ??= defaultAbsorber(structure);
      sites = inequivalentSites(structure, absorber);
      if (sites.length === 0) throw new InputError(`${structure.source}: no ${absorber} atom in the structure`);
    }
    const binDir = options['dry-run'] ? undefined : findFeffBin(typeof options['feff-bin'] === 'string' ? { feffBin: options['feff-bin'] } : {});
    const results: (FeffSiteSpectrum & { multiplicity: number })[] = [];
    const inputs: { site: number; multiplicity: number; text: string; warnings: string[] }[] = [];
    for (const { index, multiplicity } of sites) {
      if (!binDir) {
        const inp = feffInput(structure, index, preset);
        inputs.push({ site: index, multiplicity, text: inp.text, warnings: inp.warnings });
        continue;
      }
      if (!options.json) console.error(`site ${index} (${absorber}, ×${multiplicity}): running FEFF (${preset.name}) …`);
      const r = await feffSiteSpectrum(structure, index, { preset, binDir, ...(typeof options.timeout === 'number' ? { timeoutS: options.timeout } : {}) });
      results.push({ ...r, multiplicity });
      inputs.push({ site: index, multiplicity, text: r.input.text, warnings: r.input.warnings });
    }
    const summary = {
      source: structure.source,
      absorber,
      preset: preset.name,
      cards: preset.cards,
      radiusAngstrom: preset.radiusAngstrom,
      sites: inputs.map((inp, k) => {
        const r = results[k];
        return {
          site: inp.site,
          multiplicity: inp.multiplicity,
          warnings: inp.warnings,
          input: inp.text,
          ...(r ? { feffVersion: r.feffVersion, wallTimeS: r.wallTimeS, cpuTimeS: r.cpuTimeS, energyEv: r.spectrum.energyEv, mu: r.spectrum.mu } : {}),
        };
      }),
    };
    if (out) {
      try {
        inputs.forEach((inp, k) => {
          const dir = join(out, `${String(inp.site).padStart(3, '0')}_${absorber}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'feff.inp'), inp.text);
          if (results[k]) writeFileSync(join(dir, 'xmu.dat'), results[k]!.xmuText, 'latin1');
        });
        writeFileSync(join(out, 'feff.json'), `${toJson(summary, 8)}\n`);
      } catch (err) {
        throw new InputError(`--out ${out}: cannot write the results (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    if (options.json) {
      console.log(toJson(summary, 8));
      return 0;
    }
    console.log(`${structure.source}: ${absorber} K edge, preset ${preset.name} (${preset.description}), ${sites.length} site(s)`);
    for (const [k, inp] of inputs.entries()) {
      const r = results[k];
      console.log(`\nsite ${inp.site} ×${inp.multiplicity}${r ? `: ${r.feffVersion}, ${fmt(r.wallTimeS, 1)} s wall, ${fmt(r.cpuTimeS, 1)} s CPU` : ''}`);
      for (const w of inp.warnings) console.log(`warning: ${w}`);
      if (out) console.log(`written to ${join(out, `${String(inp.site).padStart(3, '0')}_${absorber}`)}/`);
      if (!r) {
        if (!out) console.log(inp.text);
        continue;
      }
      if (out) continue;
      const head = inp.text.slice(0, inp.text.indexOf('\nATOMS'));
      console.log(`${head}\nATOMS … (${r.input.cluster.species.length} atoms; the full input with --json or --out)\n`);
      console.log(`${'E/eV'.padStart(12)}${'mu'.padStart(12)}`);
      const e = r.spectrum.energyEv;
      for (let i = 0; i < e.length; i++) console.log(`${fmt(e[i], 3).padStart(12)}${fmt(r.spectrum.mu[i], 5).padStart(12)}`);
    }
    return 0;
  },
};
