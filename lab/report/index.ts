/**
 * @module lab/report
 * What reports and model files record about how they were made: the code commit, runtime versions
 * and report sections.
 */
export { gitCommit } from './git-commit.ts';
export { provenance, type Provenance } from './provenance.ts';
export { reportSection } from './section.ts';
