/**
 * Fits the edge position → oxidation state calibration (src/chemistry/edge-valence.ts) on every
 * measured single-valence reference of src/screen/references.ts, writes it to
 * models/screen/edge-valence.json (what screening uses by default), and judges it leave-one-out by
 * compound in reports/edge-valence.{md,json}: is the valence read off each reference's edge, with
 * its own compound left out of the fit, the right one?
 *
 *   npm run calibrate:edge-valence -- [--data ../shared/data] [--absorbers Cu,Fe] [--out models/screen/edge-valence.json] [--report reports/edge-valence]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EDGE_VALENCE_FILE, fitEdgeValence, valenceFromEdge, type EdgeValenceCalibration } from '../src/chemistry/index.ts';
import { parseScriptArgs, scriptUsageError } from '../src/args.ts';
import { InputError } from '../src/errors.ts';
import { defaultDataDir, REPO_ROOT } from '../src/paths.ts';
import { gitCommit } from '../lab/report/git-commit.ts';
import { calibrateEdgeValence, measureValencePoints, valenceReferences, writeEdgeValence } from '../src/screen/index.ts';

const { options } = parseScriptArgs(process.argv.slice(2), 'npm run calibrate:edge-valence -- [options]', {
  data: { type: 'string', help: 'shared data folder' },
  absorbers: { type: 'string', help: 'comma list of Cu, Fe (default: both)' },
  out: { type: 'string', help: `calibration file (default ${EDGE_VALENCE_FILE})` },
  report: { type: 'string', help: 'report base path (default reports/edge-valence)' },
});
const dataDir = String(options.data ?? defaultDataDir());
const absorbers = String(options.absorbers ?? 'Cu,Fe').split(',');
for (const a of absorbers) if (!['Cu', 'Fe'].includes(a)) scriptUsageError(`--absorbers: no valence references for '${a}' (known: Cu, Fe)`);
const out = String(options.out ?? EDGE_VALENCE_FILE);
const reportBase = String(options.report ?? join(REPO_ROOT, 'reports', 'edge-valence'));
const command = ['npm run calibrate:edge-valence', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
const created = new Date().toISOString();
const commit = gitCommit();

interface LooRow {
  name: string;
  compound: string;
  ligand: string;
  /** false: a ligand the calibration does not cover (read for information, not scored). */
  inDomain: boolean;
  truth: number;
  edgeEv: number;
  /** Valence read with the compound left out of the fit; null when the rest spans one valence only. */
  valence: number | null;
  label: string | null;
  right: boolean | null;
}

const calibrations: Record<string, EdgeValenceCalibration> = {};
const loo: Record<string, LooRow[]> = {};
/** Absorbers whose references do not make a calibration, with the reason (nothing is shipped for them). */
const notCalibrated: Record<string, { reason: string; points: { name: string; compound: string; ligand: string; oxidationState: number; edgeEv: number }[] }> = {};
for (const absorber of absorbers) {
  const points = measureValencePoints(valenceReferences(absorber), dataDir, (m) => console.error(`skipped: ${m}`));
  let cal: EdgeValenceCalibration;
  try {
    cal = fitEdgeValence(absorber, points);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    notCalibrated[absorber] = { reason: err.message, points: points.map(({ name, compound, ligand, oxidationState, edgeEv }) => ({ name, compound, ligand, oxidationState, edgeEv })) };
    console.log(`${absorber}: not calibrated — ${err.message}`);
    continue;
  }
  calibrations[absorber] = { ...cal, command, created, ...(commit ? { commit } : {}) };
  loo[absorber] = points.map((p) => {
    const c = calibrateEdgeValence(absorber, points, p.compound);
    const r = c ? valenceFromEdge(p.edgeEv, c) : null;
    const inDomain = cal.ligands.includes(p.ligand);
    return { name: p.name, compound: p.compound, ligand: p.ligand, inDomain, truth: p.oxidationState, edgeEv: p.edgeEv, valence: r?.valence ?? null, label: r?.label ?? null, right: r && inDomain ? Math.round(r.valence) === p.oxidationState : null };
  });
  const scored = loo[absorber]!.filter((r) => r.right !== null);
  console.log(
    `${absorber}: E½ = ${cal.interceptEv.toFixed(2)} + ${cal.slopeEvPerValence.toFixed(2)}·v eV, residual sd ${cal.residualSdEv.toFixed(2)} eV over ${cal.points.length} ${cal.ligands.join('/')}-coordinated references; leave-one-out valence right ${scored.filter((r) => r.right).length}/${scored.length}`,
  );
}
const path = writeEdgeValence(calibrations, out);
console.log(`wrote ${path}`);

/** Why some rows are not scored: outside the calibration's ligands, or no refit without their compound. */
function notScoredText(rows: readonly LooRow[]): string {
  const outside = rows.filter((r) => !r.inDomain).length;
  const noRefit = rows.filter((r) => r.inDomain && r.right === null).length;
  const parts = [outside > 0 ? `${outside} outside the fitted ligands` : '', noRefit > 0 ? `${noRefit} without a refit (the rest spans one valence)` : ''].filter(Boolean);
  return parts.length > 0 ? `; not scored: ${parts.join(', ')}` : '';
}

const f = (x: number | null, d = 2): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));
const lines = [
  '# Oxidation state from the measured edge position',
  '',
  `Generated by \`${command}\` (${created}${commit ? `, commit ${commit}` : ''}). Logic: src/chemistry/edge-valence.ts, src/screen/edge-valence.ts; references: src/screen/references.ts (\`valenceReferences\`).`,
  '',
  'Only references whose absorber is coordinated by the calibration\'s ligands (O) are fitted, and only such candidates are penalised in screening: sulfides sit ≈ 2 eV lower at the same valence and their bond valence sums are unreliable (pyrite\'s persulfide). Their edges are listed below for information, read off the O line (so they read low), and not scored.',
  '',
  'E½ is the energy where the normalised μ first reaches half the edge step (spectrum/edge-position.ts), read from each measured spectrum as a user\'s upload is read. The fit E½ = a + b·v over the references of known formal valence v is what screening uses to weigh each candidate\'s bond-valence state against the measured edge (src/screen/combine.ts). "Leave-one-out" reads each reference\'s valence with every spectrum of its compound left out of the fit; "right" means the rounded valence is the true one.',
  '',
];
for (const absorber of absorbers) {
  const skipped = notCalibrated[absorber];
  if (skipped) {
    lines.push(`## ${absorber} K`, '', `**Not calibrated, nothing shipped** (screening ranks ${absorber} without the edge vote): ${skipped.reason}.`, '', '| reference | ligand | truth | E½ / eV |', '|---|---|---|---|');
    for (const p of skipped.points) lines.push(`| ${p.name} | ${p.ligand} | ${p.oxidationState} | ${f(p.edgeEv)} |`);
    lines.push('');
    continue;
  }
  const c = calibrations[absorber]!;
  const rows = loo[absorber]!;
  const scored = rows.filter((r) => r.right !== null);
  lines.push(
    `## ${absorber} K`,
    '',
    `Fit over the ${c.points.length} ${c.ligands.join('/')}-coordinated references (${new Set(c.points.map((p) => p.compound)).size} compounds): E½ = ${f(c.interceptEv)} + ${f(c.slopeEvPerValence)}·v eV, residual standard deviation ${f(c.residualSdEv)} eV (= ${f(c.residualSdEv / c.slopeEvPerValence)} valence units). Leave-one-out: valence right (rounded) for **${scored.filter((r) => r.right).length}/${scored.length}** references, ${scored.filter((r) => r.right && !/\//.test(r.label ?? '')).length} of them with a single-state label (the others read as between two states, e.g. Fe(II/III))${notScoredText(rows)}.`,
    '',
    '| reference | ligand | truth | E½ / eV | residual / eV | leave-one-out valence | read as |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const p = c.points.find((q) => q.name === r.name);
    lines.push(`| ${r.name} | ${r.ligand} | ${r.truth} | ${f(r.edgeEv)} | ${f(p?.residualEv ?? null)} | ${f(r.valence)} | ${r.label ?? '—'}${r.right === null ? (r.inDomain ? '' : ' (not fitted, not scored)') : r.right ? ' ✓' : ' ✗'} |`);
  }
  lines.push('');
}
mkdirSync(dirname(reportBase), { recursive: true });
writeFileSync(`${reportBase}.md`, lines.join('\n'));
writeFileSync(`${reportBase}.json`, JSON.stringify({ command, created, commit, calibrations, leaveOneOut: loo, notCalibrated }, null, 1) + '\n');
console.log(`wrote ${reportBase}.md and .json`);
