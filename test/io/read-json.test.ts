/**
 * readJsonFile (src/io/read-json.ts): a file that does not fit its schema is a ParseError naming
 * the file and the field; a file that fits comes back as written (keys in their order, fields the
 * schema does not list kept), so fingerprints over it do not change — the shipped inverse models'
 * ood.json files stay current.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { oodIsCurrent, readOodFile } from '../../src/confidence/index.ts';
import { readInverseManifest } from '../../src/inverse/index.ts';
import { readJsonFile } from '../../src/io/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-read-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schema = z.looseObject({ kind: z.literal('x'), calibration: z.looseObject({ scale: z.number() }) });

describe('readJsonFile', () => {
  it('returns the value as written: key order and unlisted fields kept', () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, '{"extra":1,"calibration":{"k":2,"scale":1.5,"n":3},"kind":"x"}');
    expect(JSON.stringify(readJsonFile(file, schema))).toBe('{"extra":1,"calibration":{"k":2,"scale":1.5,"n":3},"kind":"x"}');
  });

  it('names the file and the first field that does not fit', () => {
    const file = join(dir, 'b.json');
    writeFileSync(file, '{"kind":"x","calibration":{"scale":"big"}}');
    expect(() => readJsonFile(file, schema)).toThrow(/b\.json: calibration\.scale: /);
    writeFileSync(file, '{"kind":"y","calibration":{"scale":1}}');
    expect(() => readJsonFile(file, schema)).toThrow(/b\.json: kind: /);
  });

  it('the shipped inverse models read through their schema keep their confidence references current', () => {
    for (const el of ['fe-k', 'cu-k']) {
      const model = join(MODELS_DIR, 'inverse', el);
      const ood = readOodFile(model);
      if (ood) expect(oodIsCurrent(ood, readInverseManifest(model)), el).toBe(true);
    }
  });
});
