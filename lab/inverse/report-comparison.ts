/**
 * @module lab/inverse/report-comparison
 * Two eval:inverse reports side by side (`npm run eval:inverse -- --compare <earlier>.json`): the
 * first-shell error of each measured reference under both models, their medians (all references,
 * and those whose mineral no crystal-trained member saw), and the test-split metrics, so a model
 * that wins on measured spectra cannot lose on theory unnoticed.
 */

/** The fields of an eval:inverse report JSON that the comparison reads. */
export interface InverseReportSummary {
  element: string;
  model: { id: string; version: string; created: string };
  training?: { data?: string; command?: string };
  metrics: {
    mse: { median: number; mean: number };
    firstShellError: { median: number; mean: number };
    peakError1to3p5: { median: number };
    peakError3p5to6: { median: number };
    coverageCalibrated: { median: number };
    pearsonSigmaMse: { calibrated: number };
  };
  testSplit: { source: string; samples: number };
  calibrationSplit?: { samples: number; medianMse: number; firstShellErrorMedian: number };
  measured: { compound: string; spectrum: string; group: string | null; predictedAngstrom?: number; crystallographicAngstrom?: number; errorAngstrom?: number; feffCrystalSplit?: string | null }[];
  extraTestSplits?: { source: string; trainedOn: boolean; samples: number; medianMse: number; firstShellErrorMedianAngstrom: number; firstShellErrorMeanAngstrom: number }[];
}

const fmt = (x: number | undefined, d = 3): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(d) : '—');

function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = Math.floor(v.length / 2);
  return v.length % 2 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
}

const modelName = (r: InverseReportSummary): string => `\`${r.model.id}\` v${r.model.version} of ${r.model.created.slice(0, 10)}${r.training?.data ? ` (${r.training.data})` : ''}`;

/**
 * Markdown lines comparing report `before` (read from `beforePath`) with `after`, on the measured
 * references both scored (matched by spectrum and group).
 *
 * @example lines.push(...buildComparison(JSON.parse(readFileSync('reports/inverse-fe.json', 'utf8')), report, 'reports/inverse-fe.json'));
 */
export function buildComparison(before: InverseReportSummary, after: InverseReportSummary, beforePath: string): string[] {
  const key = (m: { spectrum: string; group: string | null }) => `${m.spectrum}#${m.group ?? ''}`;
  const old = new Map(before.measured.map((m) => [key(m), m]));
  const rows = after.measured.filter((m) => old.has(key(m))).map((m) => ({ now: m, then: old.get(key(m))! }));
  const both = rows.filter((r) => Number.isFinite(r.now.errorAngstrom) && Number.isFinite(r.then.errorAngstrom));
  const unseen = both.filter((r) => r.now.feffCrystalSplit !== 'train');
  const better = both.filter((r) => r.now.errorAngstrom! < r.then.errorAngstrom!).length;
  const out = [
    `## Compared with \`${beforePath}\``,
    '',
    `Before: ${modelName(before)}. After: ${modelName(after)}. First-shell error = |predicted first G2 maximum − crystallographic G2 peak| (Å), on the ${both.length} measured spectra both reports scored.`,
    '',
    '| compound | FEFF crystal split of the mineral | crystallographic (Å) | before: predicted / error (Å) | after: predicted / error (Å) | change of error (Å) |',
    '|---|---|---|---|---|---|',
    ...rows.map(({ now, then }) => `| ${now.compound} | ${now.feffCrystalSplit ?? '—'} | ${fmt(now.crystallographicAngstrom, 2)} | ${fmt(then.predictedAngstrom, 2)} / ${fmt(then.errorAngstrom)} | ${fmt(now.predictedAngstrom, 2)} / ${fmt(now.errorAngstrom)} | ${fmt((now.errorAngstrom ?? NaN) - (then.errorAngstrom ?? NaN))} |`),
    `| **median, all ${both.length}** | | | ${fmt(median(both.map((r) => r.then.errorAngstrom!)))} | ${fmt(median(both.map((r) => r.now.errorAngstrom!)))} | |`,
    `| **median, the ${unseen.length} whose mineral is not a crystal training site** | | | ${fmt(median(unseen.map((r) => r.then.errorAngstrom!)))} | ${fmt(median(unseen.map((r) => r.now.errorAngstrom!)))} | |`,
    '',
    `After is closer to the crystallographic first shell on ${better} of ${both.length} spectra.`,
    '',
    '| test split | before | after |',
    '|---|---|---|',
    `| \`${after.testSplit.source}\` (${after.testSplit.samples}): median / mean MSE of G2 | ${before.metrics.mse.median.toPrecision(3)} / ${before.metrics.mse.mean.toPrecision(3)} | ${after.metrics.mse.median.toPrecision(3)} / ${after.metrics.mse.mean.toPrecision(3)} |`,
    `| first-shell error median / mean (Å) | ${fmt(before.metrics.firstShellError.median)} / ${fmt(before.metrics.firstShellError.mean)} | ${fmt(after.metrics.firstShellError.median)} / ${fmt(after.metrics.firstShellError.mean)} |`,
    `| peak position 1–3.5 Å / 3.5–6 Å, median (Å) | ${fmt(before.metrics.peakError1to3p5.median)} / ${fmt(before.metrics.peakError3p5to6.median)} | ${fmt(after.metrics.peakError1to3p5.median)} / ${fmt(after.metrics.peakError3p5to6.median)} |`,
    `| median ±2σ coverage (calibrated); Pearson(σ̄, MSE) | ${fmt(before.metrics.coverageCalibrated.median, 2)}; ${fmt(before.metrics.pearsonSigmaMse.calibrated, 2)} | ${fmt(after.metrics.coverageCalibrated.median, 2)}; ${fmt(after.metrics.pearsonSigmaMse.calibrated, 2)} |`,
  ];
  for (const e of after.extraTestSplits ?? []) {
    const b = before.extraTestSplits?.find((x) => x.source === e.source);
    out.push(`| \`${e.source}\` held-out materials (${e.samples} sites): median MSE; first-shell error median / mean (Å) | ${b ? `${b.medianMse.toPrecision(3)}; ${fmt(b.firstShellErrorMedianAngstrom)} / ${fmt(b.firstShellErrorMeanAngstrom)}${b.trainedOn ? '' : ' (never trained on the source)'}` : '—'} | ${e.medianMse.toPrecision(3)}; ${fmt(e.firstShellErrorMedianAngstrom)} / ${fmt(e.firstShellErrorMeanAngstrom)} |`);
  }
  out.push('');
  return out;
}
