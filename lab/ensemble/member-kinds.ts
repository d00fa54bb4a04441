/**
 * @module lab/ensemble/member-kinds
 * The kinds of ensemble member, each a module and an exported function
 * `(job, onEpoch) => summary` (see {@link MemberFunction}) that a member worker runs, as
 * src/server/job-kinds.ts lists the kinds of server job. A member job names its kind and the
 * worker finds the module here, so the generic trainer (run-members.ts, member-worker.ts)
 * imports no model code: the modules are named by their path in the repository.
 *
 * Adding a model: write its member function (one member trained and saved from a JSON job) and
 * add a line here.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../src/paths.ts';

/** One epoch of one member, as a member function reports it. */
export interface MemberEpoch {
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss?: number;
}

/** What a member module exports: train member `job` (JSON, sent over IPC), report each epoch, return a JSON summary. */
export type MemberFunction = (job: never, onEpoch: (report: MemberEpoch) => void) => Promise<unknown>;

/** One kind of member. */
export interface MemberKind {
  /** Module path inside the repository. */
  module: string;
  /** Exported {@link MemberFunction}. */
  fn: string;
}

/** Every member kind, by the name jobs carry. */
export const MEMBER_KINDS: Readonly<Record<string, Readonly<MemberKind>>> = Object.freeze({
  /** A bootstrap member of the inverse CNN (spectrum → G2). */
  'inverse-cnn': Object.freeze({ module: 'lab/inverse/cnn-member.ts', fn: 'runMemberJob' }),
  /** A member of the forward MLP ensemble (site descriptor → spectrum). */
  'forward-mlp': Object.freeze({ module: 'lab/forward/mlp-member.ts', fn: 'trainMlpMember' }),
});

/**
 * The member function of a kind, loaded from its module.
 * @example const train = await memberFunction('inverse-cnn'); await train(job, (e) => console.log(e.epoch));
 */
export async function memberFunction(name: string): Promise<(job: unknown, onEpoch: (report: MemberEpoch) => void) => Promise<unknown>> {
  const kind = Object.hasOwn(MEMBER_KINDS, name) ? MEMBER_KINDS[name] : undefined;
  if (!kind) throw new Error(`unknown ensemble member kind "${name}" (known: ${Object.keys(MEMBER_KINDS).join(', ')})`);
  const mod = (await import(pathToFileURL(join(REPO_ROOT, kind.module)).href)) as Record<string, unknown>;
  const fn = mod[kind.fn];
  if (typeof fn !== 'function') throw new Error(`${kind.module} does not export a function ${kind.fn}`);
  return fn as (job: unknown, onEpoch: (report: MemberEpoch) => void) => Promise<unknown>;
}
