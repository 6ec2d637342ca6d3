/**
 * The built-in operators a config can name in `pipeline:`, listed explicitly: a registry
 * (`createRegistry`) starts from this list. Each definition's zod schema is the one source of
 * truth for its options.
 */
import { z } from 'zod';
import { durationSchema } from '../config/duration.js';
import { DEDUPE_DEFAULT_MAX_ENTRIES, dedupe } from './dedupe.js';
import { defineOperator, type OperatorDefinition } from './defineOperator.js';
import { filterOperator } from './filter.js';
import { mapOperator } from './map.js';
import { windowOperator } from './window/definition.js';
import { conversationStateOperator } from './conversationState/definition.js';
import { queueMetricsOperator } from './queueMetrics/definition.js';
import { reorderOperator } from './reorder.js';

export const dedupeOperator = defineOperator({
  name: 'dedupe',
  description: 'Removes duplicate notifications (same key) seen within a TTL, such as the overlap of a channel rollover.',
  configSchema: z
    .strictObject({
      ttl: durationSchema.prefault('10m').meta({ description: 'How long a key is remembered after it was first seen.' }),
      maxEntries: z
        .number()
        .int()
        .positive()
        .default(DEDUPE_DEFAULT_MAX_ENTRIES)
        .meta({ description: 'The most keys remembered at once (bounds memory); the oldest is forgotten first.' }),
    })
    .prefault({}),
  create(config, ctx) {
    return dedupe({
      ttl: config.ttl,
      maxEntries: config.maxEntries,
      onDuplicate: () => ctx.metrics.inc('gcstream_dedupe_duplicates_total'),
      onKeys: (keys) => ctx.metrics.gaugeFrom('gcstream_dedupe_keys', keys),
      onForgottenEarly: () => ctx.metrics.inc('gcstream_dedupe_forgotten_early_total'),
      onDeadLetter: ctx.deadLetter,
      scheduler: ctx.scheduler,
    });
  },
});

/** Every built-in operator, in the order `gcstream plugins` lists them. */
export const builtinOperatorDefinitions: readonly OperatorDefinition[] = [
  dedupeOperator,
  filterOperator,
  mapOperator,
  reorderOperator,
  windowOperator,
  conversationStateOperator,
  queueMetricsOperator,
] as unknown as readonly OperatorDefinition[];
