/**
 * PROVENANCE.md of a batch folder, regenerated from the plan and the records: the command, FEFF's
 * version, the card set, and per structure file its source path, sha256 and how many sites are done.
 */
import type { BatchPlan } from './batch-plan.ts';
import type { FeffPreset } from './presets.ts';
import { cardsHash, errorSummary, type BatchRecord } from './records.ts';

/** What the provenance says besides the plan and the records. */
export interface ProvenanceInfo {
  /** The command line that runs (and resumes) the batch. */
  command: string;
  preset: FeffPreset;
  /** Root that `source` paths are relative to, as the reader should find it (e.g. `../shared/data`). */
  sourceRoot: string;
  /** Commit of the code that ran, when known. */
  commit?: string;
  /** Records file name inside the folder. */
  recordsFile: string;
}

/**
 * The markdown text of PROVENANCE.md.
 *
 * @example
 * writeFileSync('data/feff-fe-crystals/PROVENANCE.md', batchProvenance(plan, records, { command, preset, sourceRoot: '../shared/data', recordsFile: 'records.jsonl' }));
 */
export function batchProvenance(plan: BatchPlan, records: readonly BatchRecord[], info: ProvenanceInfo): string {
  const cardsSha256 = cardsHash(info.preset.cards, info.preset.radiusAngstrom);
  const mine = records.filter((r) => r.cardsSha256 === cardsSha256);
  const last = new Map<string, BatchRecord>();
  for (const r of mine) last.set(`${r.structureSha256}:${r.site}`, r);
  const ok = [...last.values()].filter((r) => r.status === 'ok');
  const failed = [...last.values()].filter((r) => r.status === 'failed');
  const versions = [...new Set(ok.map((r) => (r.status === 'ok' ? r.feffVersion : '')))].filter(Boolean);
  const cpu = ok.map((r) => (r.status === 'ok' ? r.cpuTimeS : 0));
  const wall = ok.map((r) => r.wallTimeS);
  const mean = (xs: number[]) => (xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0) : '—');
  const lines: string[] = [];
  lines.push('# Provenance', '');
  lines.push(`FEFF10 K-edge XANES of every inequivalent ${plan.jobs[0]?.absorber ?? ''} site of the structure files below, one JSON line per site in \`${info.recordsFile}\`.`, '');
  lines.push(`- Command (run it again to resume; sites already recorded are skipped): \`${info.command}\``);
  lines.push(`- FEFF version: ${versions.length ? versions.join(', ') : '(no site finished yet)'}; binaries built with \`../shared/tools/build-feff10.sh\`${info.commit ? `; xasinv commit ${info.commit}` : ''}`);
  lines.push(`- Preset \`${info.preset.name}\`: ${info.preset.description}; cluster radius ${info.preset.radiusAngstrom} Å; cards \`${Object.entries(info.preset.cards).map(([k, v]) => `${k} ${v}`).join(', ')}\` (plus EDGE K, POTENTIALS one per element with ipot 0 the absorber, ATOMS); cards sha256 \`${cardsSha256}\``);
  lines.push(`- Progress: ${ok.length} of ${plan.jobs.length} sites done, ${failed.length} failed; mean ${mean(cpu)} s CPU, ${mean(wall)} s wall per site`);
  lines.push(`- Record fields: source (path under \`${info.sourceRoot}\`), structureSha256 (of the file's bytes), site (0-based index in the structure as read by src/structure), multiplicity, label, preset, cards, cardsSha256, radiusAngstrom, clusterAtoms, feffVersion, wallTimeS, cpuTimeS, warnings (mixed sites resolved, partial occupancies), worker (host:pid of the process that ran FEFF; records from 2026-12-07 on), spectrum {energyEv (FEFF's omega grid, 3 decimals), mu (5 decimals), e0FeffEv (omega − e)}; failed sites carry error (the last run's, with FEFF's log tail) and attempts (runs of FEFF: a crash is run again) instead of the spectrum.`);
  lines.push('');
  lines.push('## Structure files', '');
  lines.push(`| source (under \`${info.sourceRoot}\`) | sha256 | formula | sites done / planned |`, '|---|---|---|---|');
  const byFile = new Map<string, { sha: string; formula: string; planned: number }>();
  for (const j of plan.jobs) {
    const e = byFile.get(j.source) ?? { sha: j.structureSha256, formula: j.formula, planned: 0 };
    e.planned++;
    byFile.set(j.source, e);
  }
  for (const [source, e] of byFile) {
    const done = ok.filter((r) => r.structureSha256 === e.sha).length;
    lines.push(`| ${source} | \`${e.sha}\` | ${e.formula} | ${done} / ${e.planned} |`);
  }
  if (plan.skipped.length) {
    lines.push('', '## Left out', '');
    for (const s of plan.skipped) lines.push(`- \`${s.source}\`${s.site !== undefined ? ` site ${s.site}` : ''}: ${s.reason}`);
  }
  if (failed.length) {
    lines.push('', '## Failed sites', '');
    for (const r of failed) lines.push(`- \`${r.source}\` site ${r.site}: ${r.status === 'failed' ? errorSummary(r.error) : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
