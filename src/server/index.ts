/**
 * @module server
 * The HTTP API (Hono): routes, validation from zod schemas (also the OpenAPI document), one error
 * handler, jobs on worker threads, and the built UI as static files. Start with `npm start`.
 */
export { createApp, ALL_ROUTES } from './app.ts';
export { createServerContext, poolFiles, type ServerContext } from './context.ts';
export { SERVER_DEFAULTS, resolveConfig, parsePools, maxInflatedBytes, type ServerConfig } from './config.ts';
export { parseServerArgs, serverUsage, SERVER_OPTIONS, type ServerCommand } from './options.ts';
export { ApiError, notAvailable, statusOf, errorBody, onError, type ErrorBody } from './http-errors.ts';
export { openApiDocument } from './openapi.ts';
export { JobStore, jobView, isFinished, type Job, type JobStatus, type JobControl } from './jobs.ts';
export { InProcessJobQueue, type JobQueue } from './job-queue.ts';
export { BullJobQueue, QUEUE_DEFAULTS, type BullQueueOptions } from './bull-queue.ts';
export { startQueueWorker, QUEUE_WORKER_DEFAULTS, type QueueWorker, type QueueWorkerOptions } from './queue-worker.ts';
export { JOB_KINDS, jobKind, type JobKind } from './job-kinds.ts';
export { runQueueBatch, QUEUE_BATCH_DEFAULTS, type QueueBatchOptions, type QueueBatchSummary } from './feff-queue-batch.ts';
export { encodeInput, decodeInput, rootsOf, type Roots } from './portable-input.ts';
export { probeRedis, checkRedisUrl, redactUrl, REDIS_DEFAULTS } from './redis-connection.ts';
export { WorkerPool, type WorkerTask, type TaskProgress, type JobFunction, type RunOptions, type PoolOptions, type PoolCounts } from './worker-pool.ts';
export { runSync } from './sync-lane.ts';
export { toCsv, rowsOf, RANKING_CSV_COLUMNS } from './csv.ts';
export { SpectrumForm, SpectrumJson, StructureForm, RankForm, RankJson, SeriesForm, preEdgeOptions, JobParams, ErrorSchema, JobSchema } from './schemas.ts';
export type { RouteSpec } from './route-spec.ts';
