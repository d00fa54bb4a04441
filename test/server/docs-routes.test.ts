/**
 * docs/api.md's route table names every route and every field each route takes (multipart, JSON,
 * path parameters) with its deprecated old names, as the route specs define them (issue 27: "the
 * route table names every field of every route"). A field added to a schema without its line in
 * the table fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/paths.ts';
import { ALL_ROUTES } from '../../src/server/index.ts';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
const table = doc.slice(doc.indexOf('## Routes\n'), doc.indexOf('Every body-taking route can answer'));

/** The cells of the table row of `METHOD path`. */
function rowOf(method: string, path: string): string[] | undefined {
  const line = table.split('\n').find((l) => l.startsWith('|') && l.split('|')[1]!.includes(`\`${method} ${path}\``));
  return line?.split('|').slice(1, -1);
}

const fieldsOf = (schema: unknown): string[] => Object.keys((schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
const named = (cell: string): string[] => [...cell.matchAll(/`([\w]+)`/g)].map((m) => m[1]!);

describe('docs/api.md route table', () => {
  it('has one row per route', () => {
    for (const r of ALL_ROUTES) expect(rowOf(r.method.toUpperCase(), r.path), `${r.method} ${r.path}`).toBeDefined();
  });

  it('names every multipart, JSON and path field of every route in its column, and the old names', () => {
    const missing: string[] = [];
    for (const r of ALL_ROUTES) {
      const [, form = '', json = ''] = rowOf(r.method.toUpperCase(), r.path) ?? [];
      const inForm = named(form);
      const inJson = named(json);
      for (const f of fieldsOf(r.body?.form)) if (!inForm.includes(f)) missing.push(`${r.path} multipart ${f}`);
      for (const f of fieldsOf(r.body?.json)) if (!inJson.includes(f)) missing.push(`${r.path} JSON ${f}`);
      for (const f of fieldsOf(r.params)) if (!inForm.includes(f)) missing.push(`${r.path} path ${f}`);
      for (const [old, now] of Object.entries(r.aliases ?? {})) if (!new RegExp(`\`${now}\`[^,|]*\\(old: [^)]*\`${old}\``).test(form)) missing.push(`${r.path} old name ${old} of ${now}`);
      // Nothing listed that the route does not take.
      const known = new Set([...fieldsOf(r.body?.form), ...fieldsOf(r.params), ...Object.keys(r.aliases ?? {})]);
      for (const f of inForm) if (!known.has(f)) missing.push(`${r.path} lists ${f} (multipart), which it does not take`);
      for (const f of inJson) if (!fieldsOf(r.body?.json).includes(f)) missing.push(`${r.path} lists ${f} (JSON), which it does not take`);
    }
    expect(missing).toEqual([]);
  });
});
