import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommit } from '../../lab/report/git-commit.ts';

describe('gitCommit', () => {
  it('names HEAD of the repository, short or full, and nothing outside a git checkout', () => {
    expect(gitCommit()).toMatch(/^[0-9a-f]{40}( \(with uncommitted changes\))?$/);
    expect(gitCommit({ short: true })).toMatch(/^[0-9a-f]{7,}( \(with uncommitted changes\))?$/);
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-nogit-'));
    try {
      expect(gitCommit({ cwd: dir })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
