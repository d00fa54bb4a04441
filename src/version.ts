/**
 * @module version
 * The package version (from package.json), printed by `xasinv --version` and `npm start -- --version`
 * and reported by `GET /api/health`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** The xasinv version, e.g. `0.1.0`. @example console.log(`xasinv ${VERSION}`) */
export const VERSION: string = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
