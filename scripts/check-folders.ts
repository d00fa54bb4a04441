/**
 * The folder rules of the house (issue 26), checked on the import statements of src/ and lab/:
 *
 * 1. no folder cycle: the graph "folder A imports folder B" (a folder is `src/<concept>` or
 *    `lab/<topic>`; the files directly in src/, such as errors.ts and paths.ts, form the folder `src`)
 *    has no cycle, type-only imports included;
 * 2. the runtime never imports the lab: nothing in src/ imports from lab/;
 * 3. a folder's `index.ts` is its public face: an import from another folder names that folder's
 *    index.ts (the files directly in src/ are imported as they are).
 *
 *   npm run check:folders            # prints the folder graph's edges with --graph
 *
 * Exit status 1 with one line per problem; `npm run lint` runs it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One import of one file. */
export interface ImportEdge {
  /** Importing file, relative to the root, with forward slashes. */
  from: string;
  /** Imported file, relative to the root. */
  to: string;
  /** The specifier as written. */
  spec: string;
}

/** Relative import specifiers of a source text: static imports and re-exports, `import()` and `new URL(…, import.meta.url)`. */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\s;])import\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|new URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

/** Every relative import of the .ts/.mts/.mjs files under `tops` (folders relative to `root`). */
export function collectImports(root: string, tops: readonly string[]): ImportEdge[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(name)) files.push(p);
    }
  };
  for (const t of tops) walk(join(root, t));
  const posix = (p: string): string => p.split(sep).join('/');
  return files.flatMap((f) =>
    importSpecifiers(stripComments(readFileSync(f, 'utf8'))).map((spec) => ({ from: posix(relative(root, f)), to: posix(relative(root, resolve(dirname(f), spec))), spec })),
  );
}

/** Text without block and line comments (so an `@example` import in a comment is not an import). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

/** The folder of a file: `src/<concept>` / `lab/<topic>`, or `src` / `lab` for the files directly in them; null outside. */
export function folderOf(file: string): string | null {
  const parts = file.split('/');
  if (parts[0] !== 'src' && parts[0] !== 'lab') return null;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Folder → the folders it imports (self-imports left out). */
export function folderGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!a || !b) continue;
    if (!g.has(a)) g.set(a, new Set());
    if (!g.has(b)) g.set(b, new Set());
    if (a !== b) g.get(a)!.add(b);
  }
  return g;
}

/** The cycles of a graph: each strongly connected component of more than one folder, sorted (Tarjan). */
export function findCycles(g: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...g.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** Problems of rules 1–3, one line each (empty: all rules hold). */
export function folderProblems(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  const g = folderGraph(edges);
  for (const cycle of findCycles(g)) {
    const witnesses = edges.filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a && b && a !== b && cycle.includes(a) && cycle.includes(b);
    });
    problems.push(`folder cycle: ${cycle.join(' ↔ ')} (${witnesses.map((e) => `${e.from} → ${e.spec}`).join('; ')})`);
  }
  for (const e of edges) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!a || !b || a === b) continue;
    if (a.startsWith('src') && b.startsWith('lab')) problems.push(`${e.from}: the runtime imports the lab (${e.spec})`);
    else if (b !== 'src' && b !== 'lab' && e.to !== `${b}/index.ts`) problems.push(`${e.from}: imports ${e.to} from another folder; import ${b}/index.ts (add the export there)`);
  }
  return problems;
}

/** The folder graph as sorted `A -> B` lines. */
export function graphLines(g: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  return [...g.entries()].flatMap(([a, bs]) => [...bs].map((b) => `${a} -> ${b}`)).sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const edges = collectImports(root, ['src', 'lab']);
  if (process.argv.includes('--graph')) for (const line of graphLines(folderGraph(edges))) console.log(line);
  const problems = folderProblems(edges);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} folder problem(s)`);
    process.exit(1);
  }
}
