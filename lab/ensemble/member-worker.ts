/**
 * @module lab/ensemble/member-worker
 * Entry point of one ensemble worker process (forked by {@link runMembers} with the tsx loader).
 * Receives `{kind, index, job}` over IPC, runs the kind's member function (member-kinds.ts), sends
 * `{type:'epoch'}` messages, then `{type:'done', result}` and exits. Any failure is sent as
 * `{type:'error', message}` with exit code 1.
 */
import { memberFunction } from './member-kinds.ts';

process.once('message', (msg: { kind: string; index: number; job: unknown }) => {
  memberFunction(msg.kind)
    .then((train) => train(msg.job, (report) => process.send?.({ type: 'epoch', index: msg.index, report })))
    .then((result) => {
      process.send?.({ type: 'done', result }, () => process.exit(0));
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.send?.({ type: 'error', index: msg.index, message }, () => process.exit(1));
    });
});
