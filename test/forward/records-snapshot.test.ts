import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelRecordsSnapshot, recordsSnapshot } from '../../lab/forward/records-snapshot.ts';
import { InputError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('records snapshots of a batch that only appends', () => {
  const records = join(dir, 'records.jsonl');
  writeFileSync(records, '{"a":1}\n{"b":2}\n{"c":');

  it('takes the complete records now (a line being written is left out), or a given prefix', () => {
    expect(recordsSnapshot(records)).toEqual({ path: records, bytes: 16, sha256: sha('{"a":1}\n{"b":2}\n') });
    expect(recordsSnapshot(records, 8)).toEqual({ path: records, bytes: 8, sha256: sha('{"a":1}\n') });
    expect(() => recordsSnapshot(records, 20)).toThrow(/holds 16 bytes of complete records/);
    expect(() => recordsSnapshot(join(dir, 'none.jsonl'))).toThrow(InputError);
  });

  it("reads a model's snapshot from its manifest, still valid after the batch appended, refused once the file was rewritten", () => {
    const model = join(dir, 'model');
    mkdirSync(model);
    writeFileSync(join(model, 'manifest.json'), JSON.stringify({ training: { feRecords: { path: records, bytes: 8, sha256: sha('{"a":1}\n') } } }));
    appendFileSync(records, '3}\n');
    expect(modelRecordsSnapshot(model)).toEqual({ path: records, bytes: 8, sha256: sha('{"a":1}\n'), absolutePath: records });
    writeFileSync(records, '{"a":2}\n');
    expect(() => modelRecordsSnapshot(model)).toThrow(/first 8 bytes are no longer the records .* rewritten, not appended to/);
    writeFileSync(join(model, 'manifest.json'), JSON.stringify({ training: {} }));
    expect(modelRecordsSnapshot(model)).toBeUndefined();
    expect(modelRecordsSnapshot(join(dir, 'no-model'))).toBeUndefined();
  });
});
