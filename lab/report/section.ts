/**
 * @module lab/report/section
 * One "## Heading" section of a markdown report. Reports in reports/ are written by more than one
 * script (an evaluation writes the body, a benchmark its "## Speed" section): each keeps the
 * other's section when it rewrites the file.
 */

function sectionPattern(heading: string): RegExp {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // From the heading line (which may go on, e.g. "## Speed (bench/forward.ts)") to the next level-2 heading or the end.
  return new RegExp(`\\n## ${escaped}[\\s\\S]*?(?=\\n## |$)`);
}

/**
 * The section whose level-2 heading starts with `heading`, from the newline before it up to the
 * next level-2 heading or the end; '' when there is none.
 *
 * @example
 * reportSection('# R\n\n## Speed\nfast\n## Notes\n', 'Speed') // '\n## Speed\nfast'
 */
export function reportSection(md: string, heading: string): string {
  return sectionPattern(heading).exec(md)?.[0] ?? '';
}

/**
 * `md` without the section {@link reportSection} finds.
 *
 * @example
 * withoutReportSection('# R\n\n## Speed\nfast\n## Notes\n', 'Speed') // '# R\n\n## Notes\n'
 */
export function withoutReportSection(md: string, heading: string): string {
  return md.replace(sectionPattern(heading), '');
}
