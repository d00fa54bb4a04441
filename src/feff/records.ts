/**
 * The batch's JSON-lines file: one record per (structure file, site, card set), appended with a
 * single `write` per record. A crash can at worst leave a torn last line, which
 * {@link readBatchRecords} cuts off (and reports) before the batch resumes.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { ParseError } from '../errors.ts';
import type { FeffCards } from './presets.ts';

/** Decimals kept in a record: energies (eV) and μ. */
export const RECORD_DECIMALS = Object.freeze({ energyEv: 3, mu: 5 });

/** What every record says about the job. */
interface RecordBase {
  /** Structure file, relative to the shared data folder when inside it. */
  source: string;
  /** sha256 of the structure file's bytes. */
  structureSha256: string;
  absorber: string;
  /** 0-based site index in the structure as read (the representative of its group). */
  site: number;
  /** Size of the group of equivalent sites the spectrum stands for. */
  multiplicity: number;
  /** Site label from the file (CIF `_atom_site_label`), when there is one. */
  label?: string;
  preset: string;
  /** Hash of the cards and cluster radius: a record counts as done only for the same card set. */
  cardsSha256: string;
  /** ISO time the job ended. */
  finishedAt: string;
}

/** A computed site. */
export interface OkRecord extends RecordBase {
  status: 'ok';
  name?: string;
  formula: string;
  cards: FeffCards;
  radiusAngstrom: number;
  clusterAtoms: number;
  feffVersion: string;
  wallTimeS: number;
  cpuTimeS: number;
  warnings: string[];
  /** `<host>:<pid>` of the process that ran FEFF (a queue worker, or the batch itself); absent in records written before 2026-12-07. */
  worker?: string;
  /** FEFF's grid (xmu.dat `omega`, eV) and μ, rounded to {@link RECORD_DECIMALS}; `e0FeffEv` = omega − e (FEFF's edge/Fermi reference). */
  spectrum: { energyEv: number[]; mu: number[]; e0FeffEv: number };
}

/** A site FEFF could not compute (the error names the module and quotes its log tail). */
export interface FailedRecord extends RecordBase {
  status: 'failed';
  error: string;
  wallTimeS: number;
  /** Runs of FEFF on the site (more than 1 when a crash was retried); absent in records written before 2026-12-07. */
  attempts?: number;
  /** Process that ran the last attempt, when FEFF ran. */
  worker?: string;
}

export type BatchRecord = OkRecord | FailedRecord;

/**
 * Hash of a card set and radius (keys sorted), the resume key's third part.
 * @example cardsHash({ FMS: '6.0 0' }, 8).length // 64
 */
export function cardsHash(cards: FeffCards, radiusAngstrom: number): string {
  const sorted = Object.fromEntries(Object.entries(cards).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(JSON.stringify({ cards: sorted, radiusAngstrom })).digest('hex');
}

/** Resume key of a job or record. @example recordKey({ structureSha256: 'ab…', site: 3, cardsSha256: 'cd…' }) // 'ab…:3:cd…' */
export function recordKey(r: { structureSha256: string; site: number; cardsSha256: string }): string {
  return `${r.structureSha256}:${r.site}:${r.cardsSha256}`;
}

/**
 * One line for a failure: the error's first line and, when there is more, its last line other than
 * FEFF's "Done with module" (the log tail's last line usually says why: "… pot will exit now.").
 * @example errorSummary('FEFF module pot stopped on an error; last lines of its output:\n  a\n  b') // 'FEFF module pot stopped on an error; last lines of its output: … b'
 */
export function errorSummary(error: string): string {
  const lines = error.split('\n').map((l) => l.trim()).filter((l) => l && !/^Done with module/.test(l));
  return lines.length > 1 ? `${lines[0]} … ${lines[lines.length - 1]}` : (lines[0] ?? '');
}

/** Round to `d` decimals (as a number, for compact JSON). */
export const roundTo = (x: number, d: number): number => Number(x.toFixed(d));

/**
 * Records of a JSON-lines file, repairing a torn last line (a crash mid-write) by truncating the file
 * after its last complete line. A malformed complete line is a ParseError naming the line.
 * Readers that do not own the file (reports, predictors: a batch may be appending to it right now)
 * pass `repair: false`: a torn last line is then left out and the file is not touched.
 *
 * @example
 * const { records, repaired } = readBatchRecords('data/feff-fe-crystals/records.jsonl');
 * readBatchRecords(liveFile, { repair: false }).records // never truncates
 */
export function readBatchRecords(path: string, { repair = true }: { repair?: boolean } = {}): { records: BatchRecord[]; repaired: boolean } {
  if (!existsSync(path)) return { records: [], repaired: false };
  let text = readFileSync(path, 'utf8');
  let repaired = false;
  if (text.length > 0 && !text.endsWith('\n') && !repair) text = text.slice(0, text.lastIndexOf('\n') + 1);
  if (text.length > 0 && !text.endsWith('\n')) {
    const keep = text.lastIndexOf('\n') + 1;
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, keep)));
    } finally {
      closeSync(fd);
    }
    text = text.slice(0, keep);
    repaired = true;
  }
  const records: BatchRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new ParseError(path, i + 1, 'not a JSON record (edit or remove the line, then resume)');
    }
    const rec = r as Partial<BatchRecord>;
    if (typeof rec !== 'object' || rec === null || (rec.status !== 'ok' && rec.status !== 'failed') || typeof rec.structureSha256 !== 'string' || typeof rec.site !== 'number' || typeof rec.cardsSha256 !== 'string') {
      throw new ParseError(path, i + 1, 'record lacks status, structureSha256, site or cardsSha256');
    }
    records.push(rec as BatchRecord);
  });
  return { records, repaired };
}

/**
 * Append one record as one line with a single `write` (O_APPEND), so that concurrent appends of whole
 * lines never interleave and a crash leaves at most one torn line.
 *
 * @example appendBatchRecord('records.jsonl', record)
 */
export function appendBatchRecord(path: string, record: BatchRecord): void {
  appendFileSync(path, `${JSON.stringify(record)}\n`);
}

/** What {@link splitStaleRecords} needs of a planned job. */
export interface PlannedSite {
  /** Structure file as records name it (relative to the data folder when inside it). */
  source: string;
  structureSha256: string;
  absorber: string;
  site: number;
  multiplicity: number;
  formula: string;
}

/**
 * Split records into the ones that still describe a planned job and the stale ones. Only records of
 * this plan's business are judged: the same card set, the plan's absorber, and a structure file the
 * plan looked at (a file with a planned job, or one of `alsoLookedAt`, e.g. the plan's files without
 * the absorber); every other record is kept, so a batch run over a few files does not prune the
 * records of all the others. A judged record is stale when no job has its key — the file changed, or
 * its site is no longer an inequivalent absorber site as the structure reads today — or when the
 * structure now reads with a different formula or multiplicity for that site (e.g. after a change in
 * how partial occupancy is read), so FEFF saw another cluster than the one the record would be taken for.
 *
 * @example
 * splitStaleRecords(plan.jobs, readBatchRecords(path).records, cardsHash(preset.cards, preset.radiusAngstrom), plan.withoutAbsorber)
 * // { current: [...], stale: [{ record, reason: 'site 16 is not an inequivalent Fe site of the structure as read now' }] }
 */
export function splitStaleRecords(
  jobs: readonly PlannedSite[],
  records: readonly BatchRecord[],
  cardsSha256: string,
  alsoLookedAt: readonly string[] = [],
): { current: BatchRecord[]; stale: { record: BatchRecord; reason: string }[] } {
  const byKey = new Map(jobs.map((j) => [recordKey({ ...j, cardsSha256 }), j]));
  const shaOf = new Map(jobs.map((j) => [j.source, j.structureSha256]));
  const lookedAt = new Set([...shaOf.keys(), ...alsoLookedAt]);
  const absorbers = new Set(jobs.map((j) => j.absorber));
  const current: BatchRecord[] = [];
  const stale: { record: BatchRecord; reason: string }[] = [];
  for (const r of records) {
    if (r.cardsSha256 !== cardsSha256 || !lookedAt.has(r.source) || (absorbers.size > 0 && !absorbers.has(r.absorber))) {
      current.push(r); // another card set, file or absorber: not this plan's business
      continue;
    }
    const job = byKey.get(recordKey(r));
    const sha = shaOf.get(r.source);
    if (!job && sha !== undefined && sha !== r.structureSha256) stale.push({ record: r, reason: `${r.source} changed since FEFF ran on it` });
    else if (!job) stale.push({ record: r, reason: `site ${r.site} is not an inequivalent ${r.absorber} site of the structure as read now` });
    else if (r.status === 'ok' && r.formula !== job.formula) stale.push({ record: r, reason: `the structure reads as ${job.formula} now, FEFF saw ${r.formula}` });
    else if (r.multiplicity !== job.multiplicity) stale.push({ record: r, reason: `site ${r.site} stands for ${job.multiplicity} sites now, ${r.multiplicity} when computed` });
    else current.push(r);
  }
  return { current, stale };
}
