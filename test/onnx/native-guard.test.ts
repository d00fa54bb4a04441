import { describe, expect, it } from 'vitest';
import { inNative, installNativeState, newNativeState, stopWhenOutOfNative } from '../../src/onnx/index.ts';

describe('the native guard of a worker', () => {
  it('reads "native" from the start until the worker has loaded its imports, then lets it be stopped', async () => {
    const shared = newNativeState();
    let stopped = false;
    const stopping = stopWhenOutOfNative(shared).then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false); // still loading (ONNX Runtime's addon): not to be terminated
    installNativeState(shared); // what job-worker.ts does after its imports
    await stopping;
    expect(stopped).toBe(true);
    // Being stopped, the worker enters no further native call.
    await expect(inNative(async () => 1)).rejects.toThrow(/being stopped/);
  });

  it('a worker that died while loading does not keep its stopper waiting', async () => {
    const shared = newNativeState();
    await stopWhenOutOfNative(shared, () => true);
    expect(shared[0]).not.toBe(2);
  });
});
