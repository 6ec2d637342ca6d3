import type { OperatorEntry } from '../config/parseConfig.js';
import type { PipelineStage } from './runPipeline.js';

/** The config's `pipeline:` entries (already validated by the loader) as stages for `runPipeline`. */
export function operatorStages(entries: readonly OperatorEntry[]): PipelineStage[] {
  return entries.map((entry) => ({
    name: entry.name,
    create: (ctx) => entry.definition.create(entry.options, ctx),
  }));
}
