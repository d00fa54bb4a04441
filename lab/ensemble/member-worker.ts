/**
 * @module lab/ensemble/member-worker
 * Entry point of one ensemble worker process (forked by trainEnsemble with the tsx loader).
 * Receives a {@link MemberJob} over IPC, sends `{type:'epoch'}` messages, then `{type:'done'}`
 * and exits. Any failure is sent as `{type:'error', message}` with exit code 1.
 */
import { runMemberJob, type MemberJob } from '../inverse/cnn-member.ts';

process.once('message', (job: MemberJob) => {
  runMemberJob(job, (report) => process.send?.({ type: 'epoch', index: job.index, report }))
    .then((result) => {
      process.send?.({ type: 'done', result }, () => process.exit(0));
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.send?.({ type: 'error', index: job.index, message }, () => process.exit(1));
    });
});
