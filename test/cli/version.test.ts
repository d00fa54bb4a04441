/** `xasinv --version` prints the package version and exits 0. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { runCli } from '../helpers/cli.ts';

describe('xasinv --version', () => {
  it('prints "xasinv <version>" from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toEqual({ code: 0, out: `xasinv ${version}`, err: '' });
  });
});
