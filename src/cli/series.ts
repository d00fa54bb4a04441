/**
 * `xasinv series <athena.prj | folder | files…> [--element Fe] [--models DIR] [--json | --csv]`:
 * one row per spectrum of a series — label, E0, edge step, first shell ± σ, the verdict and the
 * pseudo-RDF — against time, temperature (from the file headers or labels) or the scan index.
 */
import { InputError } from '../errors.ts';
import { runSeries, SERIES_FINAL_PASS, seriesCsv, seriesEntries, seriesFilesFromPaths } from '../series/index.ts';
import type { Command } from './command.ts';
import { fmt, progressWithEta, throttledProgress, toJson } from './output.ts';

export const seriesCommand: Command = {
  name: 'series',
  usage: '<athena.prj | folder | files…> [--element El] [--models DIR] [--json | --csv] [--quiet]',
  options: {
    element: { type: 'string', help: 'absorbing element, if the files do not say' },
    models: { type: 'string', help: 'models folder (default: the shipped models/)' },
    json: { type: 'boolean', help: 'print JSON {element, model, r[50], axis, rows: [{label, axis, e0, edgeStep, firstShell, verdict, flagged, g2}], summary}' },
    csv: { type: 'boolean', help: 'print CSV: one line per spectrum, the pseudo-RDF as columns g2_<r>' },
    quiet: { type: 'boolean', help: 'no progress on stderr' },
  },
  async run({ positionals, options }) {
    if (positionals.length === 0) throw new InputError('series: expected an Athena project, a folder or spectrum files');
    if (options.json && options.csv) throw new InputError('series: give --json or --csv, not both');
    const element = typeof options.element === 'string' ? options.element : undefined;
    const entries = seriesEntries(seriesFilesFromPaths(positionals));
    if (!options.quiet) console.error(`series: normalising ${entries.length} spectra …`);
    const result = await runSeries(entries, {
      ...(element ? { element } : {}),
      ...(typeof options.models === 'string' ? { modelsDir: options.models } : {}),
      onProgress: options.quiet ? undefined : throttledProgress(progressWithEta((p) => `series: ${p.done}/${p.total} spectra`, { finalPass: SERIES_FINAL_PASS })),
    });
    if (options.json) {
      console.log(toJson(result, 6));
      return 0;
    }
    if (options.csv) {
      console.log(seriesCsv(result).replace(/\r\n$/, ''));
      return 0;
    }
    const s = result.summary;
    console.log(`${result.element} ${result.edge} series, ${s.spectra} spectra (${s.ok} ok, ${s.caution} caution, ${s.unreliable} unreliable${s.errors ? `, ${s.errors} not analysed` : ''}); model ${result.model.id} ${result.model.version}; axis: ${result.axis.label}`);
    const axisHead = result.axis.kind === 'index' ? '' : result.axis.kind === 'time' ? 't/s' : 'T/K';
    console.log(['  #', 'label'.padEnd(28), axisHead.padStart(8), 'E0/eV'.padStart(9), 'step'.padStart(8), 'shell/Å'.padStart(8), '±σ'.padStart(6), 'verdict'].join(' '));
    for (const r of result.rows) {
      const cells = [String(r.index).padStart(3), r.label.slice(0, 28).padEnd(28), result.axis.kind === 'index' ? '' : fmt(r.axis ?? undefined, r.axis !== null && Math.abs(r.axis) >= 100 ? 0 : 1).padStart(8), fmt(r.e0 ?? undefined, 1).padStart(9), (r.edgeStep === null ? '—' : r.edgeStep.toPrecision(3)).padStart(8), fmt(r.firstShell.r ?? undefined, 2).padStart(8), fmt(r.firstShell.sigma ?? undefined, 2).padStart(6), `${r.verdict}${r.flagged ? ' !' : ''}`];
      console.log(cells.join(' '));
      if (r.error) console.log(`      error: ${r.error}`);
    }
    for (const w of result.warnings) console.log(`warning: ${w}`);
    console.log('! = flagged: unreliable verdict, no first shell, or not analysed (see --json for the reasons)');
    return 0;
  },
};
