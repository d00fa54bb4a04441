import { defineConfig } from 'vitest/config';

/**
 * Two tiers. `unit` (`npm run test:fast`, the edit–test loop): everything that runs in the test
 * process. `integration` (`npm run test:integration`): tests that spawn scripts, the CLI or FEFF
 * as processes, run the server's worker-thread lanes, train ensembles, start Redis-backed queues,
 * fuzz readers at length or drive Chromium. `npm test` runs both. A new test file is `unit` unless
 * listed here.
 */
export const INTEGRATION_TESTS = [
  // Spawned scripts and processes.
  'test/cli/script-args.test.ts',
  'test/confidence/assess.test.ts',
  'test/confidence/forward.test.ts',
  'test/forward/fe-crystals-scripts.test.ts',
  'test/forward/predict-cli.test.ts',
  'test/forward/train-script.test.ts',
  'test/inverse/pipeline.test.ts',
  'test/inverse/training-sources.test.ts',
  'test/screen/theory-vs-measured-script.test.ts',
  'test/server/main.test.ts',
  'test/server/native-stop.test.ts',
  'test/structure/hazards-cli.test.ts',
  'test/feff/batch.test.ts',
  'test/feff/run.test.ts',
  'test/feff/cli-feff.test.ts',
  'test/feff/cli-feff-batch.test.ts',
  'test/feff/feff10.test.ts',
  // The server with its worker-thread lanes (models loaded in each worker).
  'test/server/api.test.ts',
  'test/server/drain.test.ts',
  'test/server/forward.test.ts',
  'test/server/fuzz.test.ts',
  'test/server/lanes.test.ts',
  'test/server/rank.test.ts',
  'test/server/series.test.ts',
  'test/server/spectrum-lane.test.ts',
  'test/server/worker-pool.test.ts',
  'test/server/reliability.test.ts',
  'test/server/rank-uploads.test.ts',
  // Long fuzzing.
  'test/structure/fuzz.test.ts',
  // Training.
  'test/ensemble/train-ensemble.test.ts',
  'test/forward/end-to-end.test.ts',
  'test/inverse/train.test.ts',
  // Redis.
  'test/server/queue.test.ts',
  'test/server/queue-failover.test.ts',
  'test/server/queue-reliability.test.ts',
  'test/server/feff-queue.test.ts',
  // Chromium.
  'test/ui/browser.test.ts',
  'test/ui/chart-base.test.ts',
  'test/ui/series.test.ts',
  'test/ui/spectrum-tools.test.ts',
  'test/ui/rank-library.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/helpers/require-data.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION_TESTS } },
      { extends: true, test: { name: 'integration', include: INTEGRATION_TESTS } },
    ],
  },
});
