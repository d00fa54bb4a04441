/**
 * @module lab/inverse/recalibrate
 * Refitting the uncertainty of a trained inverse model without retraining it (calibrate:inverse):
 * the new manifest from the old one and the refitted error model and calibration, and what the
 * out-of-bag fit says about the ensemble's seeds.
 */
import type { ErrorModel } from '../../src/inverse/index.ts';
import type { InverseManifest } from '../../src/inverse/index.ts';
import { metricsSummary, type InverseMetrics } from '../../src/inverse/index.ts';

/**
 * The manifest after a recalibration: the old error model dropped (none if the refit has none),
 * the refitted `errorModel` and `calibration`, and the test metrics summary over the old metrics
 * (keys the summary does not have, e.g. measured-spectrum errors, are kept).
 *
 * @example
 * const next = recalibratedManifest(manifest, await calibrateInverseModel(model, train, calib), testMetrics);
 */
export function recalibratedManifest(
  manifest: InverseManifest,
  fitted: { errorModel?: ErrorModel; calibration: InverseManifest['calibration'] },
  test: InverseMetrics,
): InverseManifest {
  const { errorModel: _old, ...rest } = manifest;
  const next: InverseManifest = { ...rest, ...fitted };
  next.metrics = { ...manifest.metrics, ...metricsSummary(test) };
  return next;
}

/**
 * One line on an out-of-bag error-model fit: rows, members per row, in-bag vs out-of-bag member
 * MSE (with a warning when the members do not fit their own rows better, i.e. the seeds are not
 * the training seeds) and the ln-MSE Pearson on the calibration split; undefined for a fit
 * without member check (calibration-split fit).
 *
 * @example
 * describeOutOfBagFit(fitted.errorModel); // 'error model fitted on 3609 out-of-bag training rows (median 5 members); …'
 */
export function describeOutOfBagFit(em: ErrorModel | undefined): string | undefined {
  if (!em?.fit.memberMse) return undefined;
  const { inBag, outOfBag } = em.fit.memberMse;
  return `error model fitted on ${em.fit.samples} out-of-bag training rows (median ${em.fit.medianOutOfBagMembers} members); member MSE in-bag ${inBag.toPrecision(3)} vs out-of-bag ${outOfBag.toPrecision(3)}${outOfBag > inBag ? '' : ' — WARNING: not larger out-of-bag, are the training seeds the default ones?'}; ln-MSE Pearson on the calibration split ${em.fit.calibrationPearsonLogMse!.toFixed(2)}`;
}
