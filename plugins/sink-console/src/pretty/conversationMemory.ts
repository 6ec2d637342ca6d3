import type { MessageTally } from './conversationView.js';

/** What the console last printed of one conversation: each participant's state in words, their messages, who had wrapped up, and whether it had ended. */
export interface PrintedConversation {
  readonly states: ReadonlyMap<string, string>;
  /** Each messaging participant's tally of messages and receipts. */
  readonly messages: ReadonlyMap<string, MessageTally>;
  /** Ids of the participants whose wrap-up Genesys had sent. */
  readonly wrappedUp: ReadonlySet<string>;
  readonly ended: boolean;
}

const NOTHING_PRINTED: PrintedConversation = { states: new Map(), messages: new Map(), wrappedUp: new Set(), ended: false };

/**
 * What the console last printed for each conversation, so the next line says what changed rather
 * than repeating the whole conversation. An ended conversation is kept like the others: Genesys
 * sends it again when a transferred agent's wrap-up is done, and a late duplicate may follow, and
 * neither should print the conversation over again. Bounded: the least recently seen conversation
 * is forgotten first.
 */
export class ConversationMemory {
  readonly #conversations = new Map<string, PrintedConversation>();
  readonly #queueNames = new Map<string, string>();

  constructor(private readonly maxConversations: number) {}

  /** Returns what was printed of the conversation before (nothing, for a new one) and keeps `printed` instead (the caller does not change it afterwards). */
  update(conversationId: string, printed: PrintedConversation): PrintedConversation {
    const previous = this.#conversations.get(conversationId) ?? NOTHING_PRINTED;
    this.#conversations.delete(conversationId);
    this.#conversations.set(conversationId, printed);
    if (this.#conversations.size > this.maxConversations) this.#conversations.delete(this.#conversations.keys().next().value!);
    return previous;
  }

  rememberQueue(queueId: string, name: string): void {
    this.#queueNames.delete(queueId);
    this.#queueNames.set(queueId, name);
    if (this.#queueNames.size > this.maxConversations) this.#queueNames.delete(this.#queueNames.keys().next().value!);
  }

  queueName(queueId: string): string | undefined {
    return this.#queueNames.get(queueId);
  }

  get size(): number {
    return this.#conversations.size;
  }
}
