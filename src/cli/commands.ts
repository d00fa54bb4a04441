/**
 * The registry of `xasinv` sub-commands (frozen; one file per command). The top-level help needs
 * only names and summaries; a command's module, and the libraries it pulls in (ONNX Runtime, the
 * queue, the server), is loaded when that command runs, so `xasinv rank` does not pay for them all.
 */
import type { Command } from './command.ts';

/** A sub-command as the help lists it; `load` imports its module. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = Object.freeze([
  { name: 'inspect', summary: 'Read a spectrum (XDI, Athena .prj, columns, FDMNES, FEFF), find E0 and normalise it.', load: async () => (await import('./inspect.ts')).inspectCommand },
  { name: 'structure', summary: 'Absorber sites of a structure (CIF, POSCAR, xyz, PDB, MOL2): multiplicities, neighbour shells and G2 wACSF.', load: async () => (await import('./structure.ts')).structureCommand },
  { name: 'rdf', summary: 'Pseudo radial distribution (50-term G2) from a measured K-edge spectrum, with calibrated error bars.', load: async () => (await import('./rdf.ts')).rdfCommand },
  { name: 'predict', summary: 'Predict the K-edge XANES of a structure (site-resolved and averaged, with σ).', load: async () => (await import('./predict.ts')).predictCommand },
  { name: 'check', summary: 'Can the models be trusted on this spectrum? Verdict (ok/caution/unreliable), score and reasons.', load: async () => (await import('./check.ts')).checkCommand },
  { name: 'rank', summary: 'Rank candidate structures (files or folders; without any, the shipped library of the absorber) by how well their predicted spectrum fits the measured one.', load: async () => (await import('./rank.ts')).rankCommand },
  { name: 'series', summary: 'A series of spectra (Athena groups, a folder, files): first shell ± σ, verdict and pseudo-RDF per spectrum.', load: async () => (await import('./series.ts')).seriesCommand },
  { name: 'feff', summary: 'Compute the K-edge XANES of a structure with FEFF10 (each inequivalent site, or one).', load: async () => (await import('./feff.ts')).feffCommand },
  { name: 'feff-batch', summary: 'FEFF10 over every inequivalent site of many structures, resumable: in this process or on Redis workers.', load: async () => (await import('./feff-batch.ts')).feffBatchCommand },
  { name: 'worker', summary: 'Take jobs (rank, series, FEFF sites) from a Redis queue (a server or feff-batch started with --redis), and run them.', load: async () => (await import('./worker.ts')).workerCommand },
  { name: 'models', summary: 'List what each element supports (pseudo-RDF, spectrum prediction, candidate library, ranking calibration) and how well.', load: async () => (await import('./models.ts')).modelsCommand },
]);
