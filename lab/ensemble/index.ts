/**
 * @module lab/ensemble
 * The one ensemble trainer of both models: member jobs (member-kinds.ts names each kind's module,
 * as src/server/job-kinds.ts does for server jobs) run in parallel worker processes
 * (run-members.ts, member-worker.ts), with progress lines. The models' own ensemble code calls it:
 * lab/inverse/train-ensemble.ts (kind `inverse-cnn`), lab/forward/train-forward.ts (`forward-mlp`).
 */
export { runMembers, type RunMembersOptions, type MembersRun } from './run-members.ts';
export { MEMBER_KINDS, memberFunction, type MemberKind, type MemberFunction, type MemberEpoch } from './member-kinds.ts';
export { formatProgress, formatDuration, type EnsembleProgress } from './progress.ts';
