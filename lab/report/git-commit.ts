/**
 * @module lab/report/git-commit
 * The commit a report was measured at, for its provenance line: src/version.ts `gitCommit` (the
 * runtime writes it too, into FEFF batch provenance), re-exported for the lab.
 */
export { gitCommit } from '../../src/version.ts';
