/**
 * Writes data/structures/reference-phases/<file>.cif for every spec of reference-phases.ts and the
 * folder's PROVENANCE.md (one row per phase: citation, database id, temperature, idealisation, the
 * first-shell check). Rerun after editing a spec; the test fails while a file and its spec differ.
 *
 *   npm run benchmark:structures
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from '../../src/args.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { REFERENCE_CIF_NOTE, referencePhasesProvenance } from './reference-provenance.ts';
import { REFERENCE_PHASE_DIR, referencePhaseCif } from './reference-cif.ts';
import { REFERENCE_PHASES } from './reference-phases.ts';

parseScriptArgs(process.argv.slice(2), 'npm run benchmark:structures', {});
const dir = join(REPO_ROOT, REFERENCE_PHASE_DIR);
mkdirSync(dir, { recursive: true });
for (const spec of REFERENCE_PHASES) writeFileSync(join(dir, `${spec.file}.cif`), referencePhaseCif(spec));
writeFileSync(join(dir, 'PROVENANCE.md'), referencePhasesProvenance());
console.log(`wrote ${REFERENCE_PHASES.length} CIFs and PROVENANCE.md to ${REFERENCE_PHASE_DIR} (${REFERENCE_CIF_NOTE})`);
