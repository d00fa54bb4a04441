/** The registry of `xasinv` sub-commands (frozen; one file per command). */
import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { feffCommand } from './feff.ts';
import { feffBatchCommand } from './feff-batch.ts';
import { inspectCommand } from './inspect.ts';
import { modelsCommand } from './models.ts';
import { predictCommand } from './predict.ts';
import { rankCommand } from './rank.ts';
import { rdfCommand } from './rdf.ts';
import { seriesCommand } from './series.ts';
import { structureCommand } from './structure.ts';
import { workerCommand } from './worker.ts';

export const COMMANDS: readonly Command[] = Object.freeze([inspectCommand, structureCommand, rdfCommand, predictCommand, checkCommand, rankCommand, seriesCommand, feffCommand, feffBatchCommand, workerCommand, modelsCommand]);
