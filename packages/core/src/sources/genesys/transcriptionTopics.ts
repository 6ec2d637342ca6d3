import { conversationEnded } from '../../model/conversation.js';
import type { ChannelPool } from './channelPool.js';

export interface ConversationBody {
  id?: string;
  participants?: Array<Record<string, unknown>>;
}

/** The pool slots whose topic list changed, and the topics no slot had room for. */
export interface TopicChanges {
  readonly changed: ReadonlySet<number>;
  readonly overflow: readonly string[];
}
/** Most queue conversation frames change nothing: one shared answer, not an allocation per frame. */
const UNCHANGED: TopicChanges = Object.freeze({ changed: new Set<number>(), overflow: Object.freeze([]) });

/**
 * Per-conversation topics (`v2.conversations.{conversationId}.transcription`) are learnt from the
 * queue conversation frames: subscribed when a conversation appears, dropped when it ends, so the
 * pool holds only live conversations.
 */
export class TranscriptionTopics {
  private readonly active = new Map<string, string[]>();
  private readonly ended = new Set<string>();

  constructor(
    private readonly templates: readonly string[],
    private readonly pool: ChannelPool,
  ) {}

  get enabled(): boolean {
    return this.templates.length > 0;
  }

  /** Reads one queue conversation frame; returns the pool slots whose topic list changed. */
  observe(text: string): TopicChanges {
    let body: ConversationBody | undefined;
    try {
      body = (JSON.parse(text) as { eventBody?: ConversationBody }).eventBody;
    } catch {
      return UNCHANGED;
    }
    return body ? this.observeBody(body, conversationEnded(body)) : UNCHANGED;
  }

  /** The same, from a body already parsed (live or backfilled) and whether it says the conversation ended. */
  observeBody(body: ConversationBody, ended: boolean): TopicChanges {
    const id = body.id;
    if (typeof id !== 'string') return UNCHANGED;
    const known = this.active.get(id);
    if (ended) {
      // Remembered even when it was never subscribed: an earlier frame arriving after the end
      // (reordered, or from an overlapping channel) would subscribe it with nothing left to drop it.
      this.remember(id);
      if (!known) return UNCHANGED;
      this.active.delete(id);
      return { changed: this.pool.remove(known), overflow: UNCHANGED.overflow };
    }
    if (known || this.ended.has(id)) return UNCHANGED;
    const topics = this.templates.map((t) => t.replaceAll('{conversationId}', id));
    this.active.set(id, topics);
    return this.pool.add(topics);
  }

  /** Late duplicates of an ended conversation's frames must not resubscribe it. */
  private remember(id: string): void {
    this.ended.add(id);
    if (this.ended.size > 10_000) this.ended.delete(this.ended.values().next().value!);
  }
}
