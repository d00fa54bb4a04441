import { describe, expect, it } from 'vitest';
import { reportSection, withoutReportSection } from '../../lab/report/section.ts';

const md = '# Report\n\nbody\n\n## Speed (bench/x.ts)\n\n| a |\n|---|\n\n### detail\n\nmore\n## Notes\n\nend\n';

describe('reportSection / withoutReportSection', () => {
  it('finds a section up to the next level-2 heading, keeping level-3 headings inside it', () => {
    expect(reportSection(md, 'Speed')).toBe('\n## Speed (bench/x.ts)\n\n| a |\n|---|\n\n### detail\n\nmore');
    expect(withoutReportSection(md, 'Speed')).toBe('# Report\n\nbody\n\n## Notes\n\nend\n');
  });
  it('runs to the end when the section is the last one, and is empty / a no-op when it is missing', () => {
    expect(reportSection(md, 'Notes')).toBe('\n## Notes\n\nend\n');
    expect(reportSection(md, 'Accuracy')).toBe('');
    expect(withoutReportSection(md, 'Accuracy')).toBe(md);
  });
  it('treats the heading as text, not as a pattern', () => {
    expect(reportSection('x\n## a.b\n1', 'a.b')).toBe('\n## a.b\n1');
    expect(reportSection('x\n## axb\n1', 'a.b')).toBe('');
  });
});
