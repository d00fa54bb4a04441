/**
 * @module support
 * What each element supports and how well (element-support.ts): the one table the CLI
 * (`xasinv models`), the API (`GET /api/models` → `support`) and the UI show.
 */
export { elementSupport, RANKING_BENCHMARK_FILE, SUPPORT_NOTE, supportCells, supportTable, type ElementSupport } from './element-support.ts';
