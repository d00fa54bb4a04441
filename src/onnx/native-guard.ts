/**
 * @module onnx/native-guard
 * Stopping a worker thread safely while it may be inside ONNX Runtime. `worker.terminate()` during
 * a native call aborts the whole process once the call returns ("terminate called after throwing an
 * instance of 'Napi::Error'"; onnxruntime-node 1.30 on Node 20, 2026-12: the first abort of a task
 * looping over the inverse model killed the process, exit status 134). Pure JavaScript can be
 * terminated at any point, so only the native calls need care:
 *
 * - the worker marks them in a shared Int32 — 0 JavaScript, 1 inside native code, 2 being stopped —
 *   with {@link inNative} (session.ts wraps every ONNX Runtime call in it);
 * - the thread that stops the worker waits until the mark is 0, swaps in 2 atomically
 *   ({@link stopWhenOutOfNative}) and only then terminates it; a worker that finds 2 enters no
 *   further native call (it throws `ABORTED`, which nobody is waiting for any more).
 *
 * On the main thread, or in a worker started without a state, {@link inNative} only runs the call.
 */
import { XasinvError } from '../errors.ts';

const JS = 0;
const NATIVE = 1;
const STOPPING = 2;

let state: Int32Array | undefined;
let depth = 0;

/**
 * A fresh shared state for one worker (pass it in `workerData`, install it there).
 * @example const native = newNativeState(); new Worker(file, { workerData: { native } });
 */
export function newNativeState(): Int32Array {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  // A worker starts "in native code": its imports load the ONNX Runtime addon, which a terminate
  // must not interrupt either. {@link installNativeState} clears the mark once they are done.
  shared[0] = NATIVE;
  return shared;
}

/**
 * Makes this thread mark its native calls in `shared` (called once, at the start of a worker, after
 * its imports: until then the state says "native", so the worker is not terminated while loading).
 * @example installNativeState(workerData.native);
 */
export function installNativeState(shared: Int32Array): void {
  state = shared;
  // The worker's static imports (ONNX Runtime's addon among them) are loaded: it may be stopped now.
  Atomics.compareExchange(shared, 0, NATIVE, JS);
}

/**
 * Runs `call` (which enters native code) marked as native; nested and overlapping calls share the
 * mark. Throws `ABORTED` without calling when the thread is being stopped.
 * @example const out = await inNative(() => session.run(feeds));
 */
export async function inNative<T>(call: () => Promise<T>): Promise<T> {
  if (!state) return call();
  if (depth === 0 && Atomics.compareExchange(state, 0, JS, NATIVE) === STOPPING) throw new XasinvError('ABORTED', 'this worker is being stopped');
  depth++;
  try {
    return await call();
  } finally {
    depth--;
    if (depth === 0) Atomics.compareExchange(state, 0, NATIVE, JS);
  }
}

/**
 * Waits until the worker owning `shared` is out of native code (or `gone()`), then marks it as being
 * stopped, so it can be terminated safely. Polls every `pollMs`.
 * @example await stopWhenOutOfNative(slot.native, () => slot.exited); await slot.worker.terminate();
 */
export async function stopWhenOutOfNative(shared: Int32Array, gone: () => boolean = () => false, pollMs = 2): Promise<void> {
  while (!gone() && Atomics.compareExchange(shared, 0, JS, STOPPING) === NATIVE) await new Promise((r) => setTimeout(r, pollMs));
}
