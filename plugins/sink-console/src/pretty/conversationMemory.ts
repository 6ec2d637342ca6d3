/**
 * What the console last printed for each conversation, so the next line says what changed rather
 * than repeating the whole conversation. Bounded: the least recently seen conversation is
 * forgotten first, and an ended conversation is forgotten at once.
 */
export class ConversationMemory {
  readonly #conversations = new Map<string, Map<string, string>>();
  readonly #queueNames = new Map<string, string>();

  constructor(private readonly maxConversations: number) {}

  /**
   * Returns the participants' previously printed states (empty for a new conversation) and
   * remembers `states` instead; an ended conversation is forgotten.
   */
  update(conversationId: string, states: ReadonlyMap<string, string>, ended: boolean): ReadonlyMap<string, string> {
    const previous = this.#conversations.get(conversationId) ?? new Map<string, string>();
    this.#conversations.delete(conversationId);
    if (!ended) {
      this.#conversations.set(conversationId, new Map(states));
      if (this.#conversations.size > this.maxConversations) this.#conversations.delete(this.#conversations.keys().next().value!);
    }
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
