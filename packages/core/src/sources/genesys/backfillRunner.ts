import type { RawFrame } from '../../model/events.js';
import { queryConversationDetails } from '../../rest/analytics.js';
import type { RestClient } from '../../rest/restClient.js';
import { backfillFrame, conversationQueue, queuesOfTopics } from './backfill.js';
import type { Gap } from './gapTracker.js';
import type { SourceContext } from './sourceContext.js';

/**
 * Fills each closed gap from the analytics details API, one gap at a time so that backfill never
 * competes with itself for the rate limit. A failed backfill is logged, never fatal: the live
 * stream matters more than the history.
 */
export class BackfillRunner {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly rest: RestClient,
    private readonly ctx: Pick<SourceContext, 'logger' | 'metrics'>,
    private readonly emit: (frame: RawFrame) => void,
    /** Widens each gap on both sides (server ms): a conversation that started just before the gap may have changed in it. */
    private readonly marginMs: number,
  ) {}

  enqueue(gap: Gap): Promise<void> {
    const queueIds = queuesOfTopics(gap.topics);
    if (queueIds.length === 0) {
      this.ctx.logger.info({ topics: gap.topics.length }, 'gap has no queue topics; nothing to backfill');
      return this.chain;
    }
    this.chain = this.chain.then(() => this.run(gap, queueIds)).catch((error: unknown) => {
      this.ctx.logger.warn({ err: error, from: gap.from, to: gap.to }, 'backfill failed; the gap stays unfilled');
    });
    return this.chain;
  }

  /** Resolves when every enqueued backfill has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(gap: Gap, queueIds: string[]): Promise<void> {
    const conversations = await queryConversationDetails(this.rest, { from: gap.from - this.marginMs, to: gap.to + this.marginMs, queueIds });
    const preferred = new Set(queueIds);
    const seen = new Set<string>();
    let emitted = 0;
    for (const conversation of conversations) {
      if (seen.has(conversation.conversationId)) continue;
      seen.add(conversation.conversationId);
      const queueId = conversationQueue(conversation, preferred) ?? queueIds[0]!;
      this.emit(backfillFrame(conversation, queueId, Date.now()));
      emitted++;
    }
    this.ctx.metrics.inc('gcstream_source_backfilled_events_total', undefined, emitted);
    this.ctx.logger.info({ conversations: emitted, from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString() }, 'backfill done');
  }
}
