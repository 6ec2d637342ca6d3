import { numberedStageState } from '../_stageCheckpoint.js';
import { map, Observable, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';
import type { GenesysEvent } from '../../model/events.js';
import { defineOperator } from '../defineOperator.js';
import { derivedEvent, withPassThrough } from '../_derivedEvent.js';
import { consumesConversationEvent, conversationState } from './conversationState.js';
import { CONVERSATION_STATE_DEFAULT_MAX } from './types.js';

/** The `conversationState:` options in a pipeline config. */
export const conversationStateConfigSchema = z
  .strictObject({
    staleAfter: durationSchema.prefault('4h').meta({ description: 'A conversation with no event for this long is closed as stale (final record, stale: true).' }),
    maxConversations: z.number().int().positive().default(CONVERSATION_STATE_DEFAULT_MAX).meta({ description: 'Most conversations held; past it the least recently updated is closed as stale.' }),
    maxOutOfOrderness: durationSchema.prefault(0).meta({ description: "How long after a conversation's end a reordered notification may still arrive and count in its final record." }),
    snapshots: z.boolean().default(true).meta({ description: 'Emit snapshot records (on every change, or as snapshotInterval bounds them), not only the final record.' }),
    snapshotInterval: durationSchema
      .prefault(0)
      .meta({
        description:
          "At most one snapshot per conversation per this interval (0: one per change): the first change after a quiet interval at once, the rest as one snapshot of the latest state at the interval's end. For consumers that keep only the latest state (queueMetrics, an upserting table).",
      }),
    messageAbandons: z
      .boolean()
      .default(false)
      .meta({ description: 'Count a message visit that ends unanswered with the customer gone (or that acd.end calls ABANDON) as abandoned. Off by default: Genesys says abandons do not apply to web messaging (undocumented for SMS and social), so such a visit leaves the queue with no outcome. An email is never an abandon.' }),
    passThrough: z.enum(['none', 'others', 'all']).default('others').meta({ description: 'Events it does not read (observations, routing statuses, ...) pass on by default, so queueMetrics can follow.' }),
  })
  .prefault({});

/** The two topics records leave on, one string each rather than one made per record. */
const SNAPSHOT_TOPIC = 'gcstream.conversations.{id}.snapshot';
const FINAL_TOPIC = 'gcstream.conversations.{id}.final';

/**
 * Records leave as `gcstream.conversations.<id>.snapshot` and `gcstream.conversations.<id>.final`
 * events, the record as the body. A final's key is `conversation:<id>:final`; snapshots get
 * unique keys, so a sink that drops repeated keys (NATS's duplicate window) keeps every update.
 */
export const conversationStateOperator = defineOperator({
  name: 'conversationState',
  description: 'Rebuilds each conversation from conversation, detail and backfilled events; emits snapshots and one final record with per-queue-visit Genesys metrics.',
  configSchema: conversationStateConfigSchema,
  create(config, ctx) {
    const { passThrough, ...options } = config;
    const operator: OperatorFunction<GenesysEvent, GenesysEvent> = (source) =>
      new Observable<GenesysEvent>((subscriber) => {
        const stage = numberedStageState(ctx.state, 'gcstream.conversationState.stage/1');
        return source
          .pipe(
            conversationState({
              ...options,
              ...(stage.inner ? { state: stage.inner } : {}),
              scheduler: ctx.scheduler,
              onStale: () => ctx.metrics.inc('gcstream_conversations_stale_total'),
              onOpenConversations: (open) => ctx.metrics.set('gcstream_conversations_open', open),
              onAfterFinal: () => ctx.metrics.inc('gcstream_conversations_after_final_total'),
              onSnapshotFolded: () => ctx.metrics.inc('gcstream_conversation_snapshots_folded_total'),
              onDeadLetter: ctx.deadLetter,
            }),
            map((r) =>
              derivedEvent(
                r,
                {
                  topicName: `gcstream.conversations.${r.conversationId}.${r.kind}`,
                  topic: r.kind === 'final' ? FINAL_TOPIC : SNAPSHOT_TOPIC,
                  ids: [r.conversationId],
                  eventTime: r.eventTime,
                  key: r.kind === 'final' ? `conversation:${r.conversationId}:final` : `conversation:${r.conversationId}:snapshot:${stage.next()}`,
                },
                ctx.scheduler.now(),
              ),
            ),
          )
          .subscribe(subscriber);
      });
    return withPassThrough(passThrough, consumesConversationEvent, operator);
  },
});
