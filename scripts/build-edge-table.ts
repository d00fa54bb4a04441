/**
 * Builds `src/elements/edges.json` (symbol, Z, K/L edge energies in eV) from XrayDB's public-domain
 * Elam table. Run: `npx tsx scripts/build-edge-table.ts [--data ../shared/data]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const dataIdx = args.indexOf('--data');
const dataDir = dataIdx >= 0 ? args[dataIdx + 1]! : '../shared/data';
const text = readFileSync(join(dataDir, 'reference', 'elam.dat'), 'utf8');

interface Row { symbol: string; z: number; mass: number; edges: Record<string, number> }
const rows: Row[] = [];
let cur: Row | null = null;
for (const line of text.split(/\r?\n/)) {
  if (line.startsWith('Element ')) {
    const [, symbol, z, mass] = line.trim().split(/\s+/);
    cur = { symbol: symbol!, z: Number(z), mass: Number(mass), edges: {} };
    rows.push(cur);
  } else if (line.startsWith('Edge ') && cur) {
    const [, name, energy] = line.trim().split(/\s+/);
    if (['K', 'L1', 'L2', 'L3'].includes(name!)) cur.edges[name!] = Number(energy);
  }
}
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'elements', 'edges.json');
writeFileSync(out, JSON.stringify({ source: 'XrayDB elam.dat (Elam, Ravel, Sieber; public domain)', elements: rows }, null, 0) + '\n');
console.log(`wrote ${rows.length} elements to ${out}`);
