/**
 * The routing table: concrete topic -> the channels subscribed to it. One Map lookup per
 * notification, however many channels and topics exist.
 */
export class TopicIndex<C> {
  private readonly byTopic = new Map<string, Set<C>>();

  add(topic: string, channel: C): void {
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(channel);
  }

  remove(topic: string, channel: C): void {
    const set = this.byTopic.get(topic);
    if (!set) return;
    set.delete(channel);
    if (set.size === 0) this.byTopic.delete(topic);
  }

  /** The channels subscribed to `topic`; an empty iterable when none. */
  channelsFor(topic: string): ReadonlySet<C> | undefined {
    return this.byTopic.get(topic);
  }

  get topicCount(): number {
    return this.byTopic.size;
  }
}
