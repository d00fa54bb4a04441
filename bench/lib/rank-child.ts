/**
 * A fresh `xasinv rank` process for bench/library.ts (bench/lib is not a benchmark): runs the CLI
 * with the arguments given, its JSON to /dev/null, then prints one line of JSON to stderr with the
 * exit code, the CLI's own seconds and the process's peak RSS.
 */
import { main } from '../../src/cli/main.ts';

const t0 = performance.now();
const log = console.log;
console.log = () => {}; // the ranking's JSON is not what is measured
const code = await main(process.argv.slice(2));
console.log = log;
process.stderr.write(`BENCH ${JSON.stringify({ code, cliS: (performance.now() - t0) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exit(code);
