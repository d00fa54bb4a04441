/**
 * Bounded gzip inflation: a small gzip'd file that inflates to more than the limit is a ParseError
 * saying so (the inflation stops at the limit), not gigabytes of memory.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { DECODE_DEFAULTS, decodeText, gunzipBounded } from '../../src/io/decode.ts';

/** `members` gzip members of 1 MiB of "1" each, concatenated: ~1 KiB per MiB inflated. */
function bomb(members: number): Buffer {
  const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
  return Buffer.concat(Array.from({ length: members }, () => one));
}

describe('bounded gunzip', () => {
  it('inflates below the limit as before', () => {
    expect(decodeText(gzipSync(Buffer.from('# e mu\n1 2\n')), 'a.dat.gz', { maxInflatedBytes: 64 })).toBe('# e mu\n1 2\n');
    expect(gunzipBounded(bomb(2), 'b.gz', 2 << 20).length).toBe(2 << 20);
  });

  it('stops at the limit with a ParseError naming the file and the limit', () => {
    const err = (() => {
      try {
        decodeText(bomb(3), 'bomb.prj', { maxInflatedBytes: 2 << 20 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toMatch(/^bomb\.prj: gzip data inflates to more than 2\.0 MB/);
  });

  it('applies the default limit when none is given (a 300 KB file inflating to 300 MB)', () => {
    expect(DECODE_DEFAULTS.maxInflatedBytes).toBeLessThan(300 << 20);
    expect(() => decodeText(bomb(300), 'big.prj')).toThrow(/inflates to more than 256\.0 MB/);
  });

  it('a broken stream is still "corrupt gzip data"', () => {
    expect(() => decodeText(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'bad.gz')).toThrow(/corrupt gzip data/);
  });
});
