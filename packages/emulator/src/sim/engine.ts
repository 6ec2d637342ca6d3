import { AgentDesk, totalLoad, type AgentState } from './agents.js';
import { conversationBody, MEDIA_ARRAY } from './conversationPayload.js';
import { mediaConversationBody } from './mediaConversationPayload.js';
import { detailBody, detailTopic, type DetailEventKind } from './detailEvents.js';
import type { Conversation, MediaSession, Participant } from './conversationRecord.js';
import { MetricLedger } from './metricLedger.js';
import { ObservationBoard } from './observations.js';
import { MEDIA_KINDS } from './options.js';
import type { ResolvedConfig, ResolvedQueue } from './resolveOptions.js';
import type { Random } from './random.js';
import type { Scheduler } from './scheduler.js';
import type { MediaKind } from './media.js';
import type { SimNotification } from './types.js';

/** A conversation waiting in a queue for an agent. */
export interface Waiting {
  readonly conversation: Conversation;
  readonly queue: ResolvedQueue;
  readonly queuedAt: number;
  /** Sequence number, so equal queue times keep arrival order. */
  readonly seq: number;
  /** Offers this conversation to an agent (routing chose it). */
  readonly offer: (agent: AgentState) => void;
}

/**
 * What every flow shares: the random source, simulated time, the agents, the queues' waiting
 * lists, the observation board and the way out (notifications). Flows change the model, then
 * call `publish` once per state change so each body is built once and shared by all its topics.
 */
export class SimEngine {
  readonly desk: AgentDesk;
  readonly board: ObservationBoard;
  /** Every analytics metric emitted, in time order: the one source of the analytics answers. */
  readonly ledger = new MetricLedger();
  /** Conversations in start order (for analytics). */
  readonly conversations: Conversation[] = [];
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly listeners = new Set<(n: SimNotification) => void>();
  private waitSeq = 0;
  private readonly queuesById: ReadonlyMap<string, ResolvedQueue>;
  /**
   * While the warm start plays the history, state changes but nothing is sent: no one could have
   * received it, and building bodies nobody reads would make the warm-up several times slower.
   */
  quiet = false;

  constructor(
    readonly config: ResolvedConfig,
    readonly random: Random,
    readonly scheduler: Scheduler,
  ) {
    this.queuesById = new Map(config.queues.map((q) => [q.id, q]));
    this.desk = new AgentDesk(config.users, random, config.startTime, (topic, body) => this.quiet || this.emit(topic, body()), config.utilization);
    this.board = new ObservationBoard(config.queues, this.desk, scheduler, (topic, body) => this.quiet || this.emit(topic, body()), config.observationIntervalMs, this.ledger, config.analytics);
  }

  get analytics() {
    return this.config.analytics;
  }

  get now(): number {
    return this.scheduler.now;
  }

  onNotification(listener: (n: SimNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(topicName: string, eventBody: unknown, conversationId?: string): void {
    if (this.quiet) return;
    const notification: SimNotification =
      conversationId === undefined ? { topicName, eventBody, time: this.now } : { topicName, eventBody, time: this.now, conversationId };
    for (const listener of this.listeners) listener(notification);
  }

  /** Emits the conversation's current state on every queue and user topic it belongs to. */
  publish(conversation: Conversation): void {
    if (this.quiet) return;
    const body = conversationBody(conversation);
    // The per-media topics carry their own, flattened body: one per media type present.
    const media = new Map<string, Record<string, unknown>>();
    for (const p of conversation.participants) {
      for (const s of p.sessions) if (!media.has(MEDIA_ARRAY[s.kind])) media.set(MEDIA_ARRAY[s.kind], mediaConversationBody(conversation, s.kind));
    }
    const bases = [
      ...[...conversation.queueIds].map((id) => `v2.routing.queues.${id}.conversations`),
      ...[...conversation.userIds].map((id) => `v2.users.${id}.conversations`),
    ];
    for (const base of bases) {
      this.emit(base, body, conversation.id);
      for (const [suffix, mediaBody] of media) this.emit(`${base}.${suffix}`, mediaBody, conversation.id);
    }
  }

  detail(kind: DetailEventKind, conversation: Conversation, participant: Participant, session: MediaSession, extra?: Record<string, unknown>): void {
    if (this.quiet) return;
    this.emit(detailTopic(conversation.id, kind), detailBody(kind, this.now, conversation, participant, session, extra), conversation.id);
  }

  queue(queueId: string): ResolvedQueue {
    const queue = this.queuesById.get(queueId);
    if (!queue) throw new RangeError(`unknown queue ${queueId}`);
    return queue;
  }

  // ---- routing --------------------------------------------------------------------------------

  /** Puts a conversation in its queue and offers it at once if an agent is idle. */
  enqueue(entry: Omit<Waiting, 'seq'>, front = false): Waiting {
    const waiting: Waiting = { ...entry, seq: front ? -1 - this.waitSeq++ : this.waitSeq++ };
    const list = this.waiting.get(entry.queue.id) ?? [];
    this.waiting.set(entry.queue.id, list);
    if (front) list.unshift(waiting);
    else list.push(waiting);
    const agent = this.desk.pick(entry.queue.id, entry.conversation.requiredSkills, entry.conversation.kind);
    if (agent) this.dispatch(waiting, agent);
    return waiting;
  }

  /** Takes a conversation out of its queue without offering it (abandon). Returns false if it was not waiting. */
  dequeue(waiting: Waiting): boolean {
    const list = this.waiting.get(waiting.queue.id);
    const index = list?.indexOf(waiting) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  /** An agent has room again: offer it the longest-waiting conversations it can take, from any of its queues. */
  routeTo(agent: AgentState): void {
    for (;;) {
      let best: Waiting | undefined;
      for (const queueId of agent.user.queueIds) {
        // Whether the agent can take a conversation depends only on its media type: once a type is
        // refused, skip the rest of it, so a long backlog of one type costs one check.
        const refused = new Set<MediaKind>();
        for (const w of this.waiting.get(queueId) ?? []) {
          if (refused.has(w.conversation.kind)) continue;
          if (!this.desk.canTake(agent, w.conversation.kind)) {
            refused.add(w.conversation.kind);
            if (refused.size === MEDIA_KINDS.length) break;
            continue;
          }
          if (!w.conversation.requiredSkills.every((s) => agent.user.skills.includes(s))) continue;
          if (!best || w.queuedAt < best.queuedAt || (w.queuedAt === best.queuedAt && w.seq < best.seq)) best = w;
          break;
        }
      }
      if (!best) return;
      this.dispatch(best, agent);
    }
  }

  private dispatch(waiting: Waiting, agent: AgentState): void {
    this.dequeue(waiting);
    waiting.offer(agent);
  }

  /** Puts an agent on queue (or back to idle) and lets routing use it. */
  agentIdle(agent: AgentState): void {
    this.desk.set(agent, this.now, { presence: 'On Queue', routingStatus: 'IDLE' });
    this.board.agentsChanged(agent.user.queueIds);
    this.routeTo(agent);
  }

  agentStatus(agent: AgentState, routingStatus: AgentState['routingStatus'], presence?: AgentState['presence']): void {
    this.desk.set(agent, this.now, presence ? { routingStatus, presence } : { routingStatus });
    this.board.agentsChanged(agent.user.queueIds);
  }

  /** The agent takes an interaction (from alerting until its after-call work ends). */
  assign(agent: AgentState, kind: MediaKind): void {
    agent.load[kind] = (agent.load[kind] ?? 0) + 1;
    this.agentStatus(agent, 'INTERACTING');
  }

  /** The agent is done with an interaction: with nothing left in hand it is free, else it may take more. */
  release(agent: AgentState, kind: MediaKind): void {
    agent.load[kind] = Math.max(0, (agent.load[kind] ?? 0) - 1);
    if (totalLoad(agent) === 0) this.freeAgent(agent);
    else this.routeTo(agent);
  }

  /** The agent let an offer ring out: NOT_RESPONDING for a while when it has nothing else in hand. */
  notResponding(agent: AgentState, kind: MediaKind): void {
    agent.load[kind] = Math.max(0, (agent.load[kind] ?? 0) - 1);
    if (totalLoad(agent) > 0) return this.routeTo(agent);
    this.agentStatus(agent, 'NOT_RESPONDING');
    this.scheduler.after(this.config.timing.notRespondingMs, () => {
      if (agent.routingStatus === 'NOT_RESPONDING') this.freeAgent(agent);
    });
  }

  /** An agent with nothing in hand: a due break starts now, else the agent is idle again. */
  freeAgent(agent: AgentState): void {
    if (!agent.breakDue) return this.agentIdle(agent);
    agent.breakDue = false;
    this.agentStatus(agent, 'OFF_QUEUE', this.random.chance(0.7) ? 'Break' : 'Meal');
    this.scheduler.after(this.random.between(0.5, 1.5) * this.config.timing.breakMs, () => this.agentIdle(agent));
  }

  /** Agents log in over the first minute, then take breaks now and then, between conversations. */
  startShift(): void {
    for (const agent of this.desk.agents) {
      this.scheduler.after(this.random.between(0, 60_000), () => {
        this.agentIdle(agent);
        this.planBreak(agent);
      });
    }
  }

  private planBreak(agent: AgentState): void {
    this.scheduler.after(this.random.exponential(this.config.timing.breakEveryMs), () => {
      if (agent.routingStatus === 'IDLE') {
        agent.breakDue = true;
        this.freeAgent(agent);
      } else if (agent.presence === 'On Queue') {
        agent.breakDue = true;
      }
      this.planBreak(agent);
    });
  }

  mediaKinds(conversation: Conversation): MediaKind[] {
    return [...new Set(conversation.participants.flatMap((p) => p.sessions.map((s) => s.kind)))];
  }
}
