/** The option parser: aliases (old spellings) land under the main name and are listed in --help. */
import { describe, expect, it } from 'vitest';
import { formatOptions, parseArgs, type OptionSpec } from '../../src/args.ts';
import { InputError } from '../../src/errors.ts';

const spec: Record<string, OptionSpec> = {
  element: { type: 'string', help: 'absorbing element', aliases: ['absorber'] },
  top: { type: 'number', help: 'how many' },
  json: { type: 'boolean', help: 'JSON' },
};

describe('parseArgs aliases', () => {
  it('stores an alias under the main name, in both --key value and --key=value form', () => {
    expect(parseArgs(['a.cif', '--absorber', 'Fe'], spec)).toEqual({ positionals: ['a.cif'], options: { element: 'Fe' } });
    expect(parseArgs(['--absorber=Cu', '--json'], spec).options).toEqual({ element: 'Cu', json: true });
    expect(parseArgs(['--element', 'Fe'], spec).options).toEqual({ element: 'Fe' });
  });

  it('accepts the same value under both spellings, refuses two different values', () => {
    expect(parseArgs(['--element', 'Fe', '--absorber', 'Fe'], spec).options).toEqual({ element: 'Fe' });
    expect(() => parseArgs(['--element', 'Fe', '--absorber', 'Cu'], spec)).toThrow(new InputError('--element and --absorber are the same option; give it once'));
  });

  it('names the spelling the user typed in value errors, and knows no inherited names', () => {
    expect(() => parseArgs(['--absorber'], spec)).toThrow(/^option --absorber needs a value$/);
    expect(() => parseArgs(['--constructor', 'x'], spec)).toThrow(/^unknown option --constructor \(known: --element, --top, --json\)$/);
  });

  it('--help lists the aliases after the help text', () => {
    expect(formatOptions(spec).split('\n')[0]).toMatch(/^ {2}--element <string>\s+absorbing element \(also --absorber\)$/);
    expect(formatOptions(spec)).not.toMatch(/^ {2}--absorber/m);
  });

  it('--help keeps a gap after an option name longer than the column', () => {
    expect(formatOptions({ 'result-cache-mb': { type: 'number', help: 'memory' } })).toBe('  --result-cache-mb <number>  memory');
  });
});
