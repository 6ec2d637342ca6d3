// gcstream-plugin-long-wait: an operator a gcstream user writes for their team. It flags every
// queue visit whose customer waited longer than `after`: while still waiting (once event time has
// passed the threshold) or when the visit ends, whichever comes first, and once per visit.
import { durationSchema, defineOperator } from '@gcstream/core';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { hasEnded, queueVisits } from './visits.mjs';

const configSchema = z
  .strictObject({
    after: durationSchema.prefault('60s').meta({ description: 'A visit waiting longer than this is flagged.' }),
    maxOutOfOrderness: durationSchema.prefault(0).meta({ description: 'How far notifications may overtake each other; a visit is flagged as still waiting only once event time is this far past its threshold.' }),
    idleTimeout: durationSchema.optional().meta({ description: 'With no notification for this long, event time moves on with the clock, so a quiet queue is still flagged.' }),
    maxConversations: z.number().int().positive().default(10_000).meta({ description: 'Most conversations followed at once; past it the least recently updated is forgotten.' }),
  })
  .prefault({});

export default defineOperator({
  name: 'longWait',
  description: 'Flags queue visits waiting longer than a threshold (gcstream.longWait events); every input passes on.',
  core: '^0.1.0',
  configSchema,
  create(config, ctx) {
    const { after, maxOutOfOrderness, idleTimeout, maxConversations } = config;
    return (source) =>
      new Observable((subscriber) => {
        /** Conversation id to its visits (id to { queueId, enteredAt, leftAt?, flagged }), least recently updated first. */
        const open = new Map();
        /** Ended conversations, oldest first: a straggling notification must not reopen one. */
        const ended = new Set();
        let watermark = Number.NEGATIVE_INFINITY;
        let lastEventAt = ctx.scheduler.now();

        const flag = (conversationId, visitId, visit) => {
          visit.flagged = true;
          const body = { conversationId, visitId, queueId: visit.queueId, enteredAt: new Date(visit.enteredAt).toISOString(), afterMs: after };
          subscriber.next({
            topicName: `gcstream.longWait.${visit.queueId}`,
            version: '2',
            eventBody: body,
            metadata: {},
            topic: 'gcstream.longWait.{id}',
            family: 'unknown',
            ids: [visit.queueId],
            eventTime: visit.enteredAt + after,
            receivedAt: ctx.scheduler.now(),
            source: 'websocket',
            key: `longWait:${conversationId}:${visitId}`,
          });
        };
        const check = (conversationId, visits) => {
          for (const [visitId, v] of visits) {
            const waited = v.leftAt !== undefined ? v.leftAt - v.enteredAt : watermark - v.enteredAt;
            if (!v.flagged && waited > after) flag(conversationId, visitId, v);
          }
        };
        const report = () => ctx.metrics.set('gcstream_longwait_conversations', open.size);

        const ticker =
          idleTimeout === undefined
            ? undefined
            : ctx.scheduler.schedule(function () {
                const now = ctx.scheduler.now();
                if (now - lastEventAt >= idleTimeout && Number.isFinite(watermark)) {
                  watermark += now - lastEventAt;
                  lastEventAt = now;
                  for (const [id, visits] of open) check(id, visits);
                }
                this.schedule(undefined, idleTimeout);
              }, idleTimeout);

        const subscription = source.subscribe({
          next(event) {
            lastEventAt = ctx.scheduler.now();
            const id = event.eventBody?.id;
            if (event.family === 'conversation' && typeof id !== 'string') {
              ctx.deadLetter({ stage: 'operator:longWait', reason: 'conversation notification without an id', payload: event, at: ctx.scheduler.now() });
              return;
            }
            subscriber.next(event);
            if (event.family !== 'conversation' || ended.has(id)) return;
            const visits = open.get(id) ?? new Map();
            open.delete(id);
            // Facts only grow: a visit once seen leaving stays left, whatever order notifications arrive in.
            for (const v of queueVisits(event.eventBody)) {
              const known = visits.get(v.id);
              if (known === undefined) visits.set(v.id, { queueId: v.queueId, enteredAt: v.enteredAt, leftAt: v.leftAt, flagged: false });
              else if (known.leftAt === undefined && v.leftAt !== undefined) known.leftAt = v.leftAt;
            }
            watermark = Math.max(watermark, event.eventTime - maxOutOfOrderness);
            if (hasEnded(event.eventBody)) {
              check(id, visits);
              ended.add(id);
              if (ended.size > maxConversations) ended.delete(ended.values().next().value);
            } else {
              open.set(id, visits);
            }
            for (const [openId, openVisits] of open) check(openId, openVisits);
            while (open.size > maxConversations) {
              open.delete(open.keys().next().value);
              ctx.metrics.inc('gcstream_longwait_forgotten_total');
            }
            report();
          },
          error: (error) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
        return () => {
          ticker?.unsubscribe();
          subscription.unsubscribe();
        };
      });
  },
});
