/**
 * Vitest global setup: with XASINV_REQUIRE_DATA=1 (set by .ci/run) a missing shared data folder
 * fails the run at once instead of letting the data-dependent tests skip.
 */
import { existsSync } from 'node:fs';
import { defaultDataDir } from '../../src/paths.ts';

export default function requireData(): void {
  if (process.env.XASINV_REQUIRE_DATA !== '1') return;
  const dir = defaultDataDir();
  if (!existsSync(dir)) throw new Error(`the shared data folder ${dir} is missing (XASINV_REQUIRE_DATA=1): the data-dependent tests would skip; put the data there or set XASINV_DATA`);
}
