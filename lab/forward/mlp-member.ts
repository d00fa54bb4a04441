/**
 * @module lab/forward/mlp-member
 * The member function of kind `forward-mlp` (lab/ensemble/member-kinds.ts): train and save one
 * member of a forward ensemble. In a worker process it builds the run's plan (the dataset comes
 * from .cache/forward), as the main process did; in the main process it reuses the main plan.
 */
import { forwardPlan, type ForwardPlanInput } from './plan.ts';

/** One forward member: the run's plan input and the member (0-based over all views). */
export interface MlpMemberJob {
  plan: ForwardPlanInput;
  member: number;
}

/**
 * Train member `job.member` into the run's member folder.
 *
 * @example await trainMlpMember({ plan: { recipe, dataDir }, member: 0 });
 */
export async function trainMlpMember(job: MlpMemberJob): Promise<{ member: number }> {
  const started = performance.now();
  const log = (msg: string): void => {
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
  };
  await forwardPlan(job.plan, log).trainMember(job.member);
  return { member: job.member };
}
