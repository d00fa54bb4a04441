/**
 * A worker stopped while it runs ONNX Runtime (a cancelled ranking job, a request past its time
 * limit) must not take the process with it: `worker.terminate()` inside a native call aborts Node
 * ("terminate called after throwing an instance of 'Napi::Error'"). The pool waits for the call to
 * return (onnx/native-guard.ts). Run in a child process, since a failure is an abort.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { writeTinyInverseModel } from './tiny-model.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-native-stop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('stopping a worker inside ONNX Runtime', () => {
  it('aborting tasks that loop over a model leaves the process alive', () => {
    writeTinyInverseModel(join(root, 'models'));
    const script = fileURLToPath(new URL('./fixtures/stop-during-onnx.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, join(root, 'models', 'inverse', 'fe-k'), '12'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Napi::Error|terminate called/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^first \d+ run\(s\); (ABORTED ){11}ABORTED; survived$/m);
  }, 150_000);
});
