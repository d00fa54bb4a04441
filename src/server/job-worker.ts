/**
 * @module server/job-worker
 * Entry point of a worker thread of {@link WorkerPool}: imports the task's module (cached by Node),
 * calls the named function with a throttled progress callback, and posts the result or the error
 * (code, message, details — never a stack). A `{type: 'stop'}` message makes the running task's
 * next progress report throw, so it ends between two steps (the pool terminates the thread then),
 * and aborts the signal the task got as its third argument (a task waiting on a child process kills it).
 * Marks its ONNX Runtime calls in the state the pool shares with it (onnx/native-guard.ts).
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { XasinvError } from '../errors.ts';
import { inNative, installNativeState } from '../onnx/index.ts';
import { statusOf } from './http-errors.ts';
import type { JobFunction, TaskProgress, WorkerTask } from './worker-pool.ts';

const port = parentPort!;
// Native ONNX Runtime calls are marked, so the pool never terminates this thread inside one.
const native = (workerData as { native?: Int32Array } | undefined)?.native;
if (native) installNativeState(native);
/** Set when the pool asks the running task to stop: its next progress report throws. */
let stop = false;
/** Aborted on the same request, for tasks that wait on something else than JavaScript (a FEFF run in a child process). */
let controller = new AbortController();

/** Run one task (or note a stop request); never rejects: every failure is posted as an error message. */
async function onMessage(task: WorkerTask | { type: 'stop' }): Promise<void> {
  if ('type' in task) {
    stop = true;
    controller.abort(new XasinvError('ABORTED', 'the task was stopped'));
    return;
  }
  stop = false;
  controller = new AbortController();
  const signal = controller.signal;
  let last = 0;
  const progress = (p: TaskProgress) => {
    if (stop) throw new XasinvError('ABORTED', 'the task was stopped');
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    port.postMessage({ type: 'progress', progress: p });
  };
  try {
    const url = task.module.startsWith('file:') ? task.module : pathToFileURL(task.module).href;
    // A task module's first import may load native addons: not to be interrupted either.
    const mod = (await inNative(() => import(url))) as Record<string, unknown>;
    const fn = mod[task.fn];
    if (typeof fn !== 'function') throw new XasinvError('BAD_JOB', `${task.module} has no exported function ${task.fn}`);
    const result = await (fn as JobFunction)(task.input, progress, signal);
    port.postMessage({ type: 'done', result });
  } catch (err) {
    const status = statusOf(err);
    const e = err instanceof XasinvError ? { status, code: err.code, message: err.message, details: err.details } : { status, code: 'INTERNAL', message: `job failed: ${(err as Error)?.message ?? String(err)}`, details: {} };
    port.postMessage({ type: 'error', error: e });
  }
}
port.on('message', (task: WorkerTask | { type: 'stop' }) => void onMessage(task));
