import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { main } from '../../src/cli/main.ts';

describe('the command registry', () => {
  it('loads, for every entry, a command of the same name with usage, options and run', async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const cmd = await entry.load();
      expect(cmd.name, entry.name).toBe(entry.name);
      expect(typeof cmd.run, entry.name).toBe('function');
      expect(cmd.usage.length, entry.name).toBeGreaterThan(0);
      expect(entry.summary.length, entry.name).toBeGreaterThan(10);
    }
  });

  it("prints a command's help with its summary from the registry", async () => {
    const out: string[] = [];
    const log = console.log;
    console.log = (s: string) => out.push(s);
    try {
      expect(await main(['rank', '--help'])).toBe(0);
      expect(await main(['--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(out[0]).toMatch(/^usage: xasinv rank .*\n\nRank candidate structures .*\n\noptions:\n/s);
    for (const c of COMMANDS) expect(out[1]).toContain(`  ${c.name.padEnd(11)}${c.summary}`);
  });
});
