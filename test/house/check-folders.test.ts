/**
 * The folder checker (scripts/check-folders.ts) fails on a synthetic cycle, a runtime import of the
 * lab and a deep import across folders, and passes on this repository.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { collectImports, findCycles, folderGraph, folderProblems, importSpecifiers } from '../../scripts/check-folders.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (rel: string, text: string): void => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};

describe('folder checker', () => {
  it('reads static, type-only, re-export, dynamic and worker-URL imports, not commented ones', () => {
    const text = "import { a } from './a.ts';\nimport type { B } from '../b/index.ts';\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\nnew URL('./e.ts', import.meta.url);\nimport 'node:fs';";
    expect(importSpecifiers(text)).toEqual(['./a.ts', '../b/index.ts', './c.ts', './d.ts', './e.ts']);
  });

  it('finds a cycle between two folders (type-only imports count), names the imports, and fails', () => {
    write('src/a/index.ts', "export { x } from './x.ts';\n");
    write('src/a/x.ts', "import type { Y } from '../b/index.ts';\nexport const x = 1 as unknown as Y;\n");
    write('src/b/index.ts', "import { x } from '../a/index.ts';\nexport type Y = typeof x;\n");
    write('src/c/index.ts', "import { x } from '../a/index.ts';\nexport const c = x;\n");
    const edges = collectImports(root, ['src', 'lab']);
    expect(findCycles(folderGraph(edges))).toEqual([['src/a', 'src/b']]);
    const problems = folderProblems(edges);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^folder cycle: src\/a ↔ src\/b \(.*src\/a\/x\.ts → \.\.\/b\/index\.ts.*src\/b\/index\.ts → \.\.\/a\/index\.ts/);
  });

  it('flags the runtime importing the lab and an import that bypasses a folder index', () => {
    write('lab/t/index.ts', "export const t = 1;\n");
    write('src/d/index.ts', "import { t } from '../../lab/t/index.ts';\nimport { x } from '../a/x.ts';\nexport const d = t + x;\n");
    const problems = folderProblems(collectImports(root, ['src', 'lab']));
    expect(problems).toContain('src/d/index.ts: the runtime imports the lab (../../lab/t/index.ts)');
    expect(problems).toContain('src/d/index.ts: imports src/a/x.ts from another folder; import src/a/index.ts (add the export there)');
  });

  it('finds no problem in this repository', () => {
    expect(folderProblems(collectImports(REPO_ROOT, ['src', 'lab']))).toEqual([]);
  });
});
