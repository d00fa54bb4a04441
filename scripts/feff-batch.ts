/**
 * `npm run feff:batch -- <structures…> --out DIR [options]`: the `xasinv feff-batch` command
 * (src/cli/feff-batch.ts) as an npm script. Embedded (`--processes N`) or on Redis workers
 * (`--redis URL`); run the same command again to resume. `--help` lists the options.
 *
 * The Fe pool (the background batch of issue 18):
 *   nohup npm run feff:batch -- ../shared/data/structures/fe-standards ../shared/data/structures/amcsd \
 *     --out data/feff-fe-crystals --preset scf-lite --processes 2 --feff-bin /work/feff10-bin > .cache/feff-fe-batch.log 2>&1 &
 */
import { main } from '../src/cli/main.ts';

process.exit(await main(['feff-batch', ...process.argv.slice(2)]));
