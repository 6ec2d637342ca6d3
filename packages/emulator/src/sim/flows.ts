import { acwEnded, alertEnded, endAgentLeg, type AgentLeg } from './agentLegs.js';
import type { AgentState } from './agents.js';
import type { SimEngine, Waiting } from './engine.js';
import {
  addParticipant,
  addSession,
  closeSegment,
  connect,
  disconnect,
  isActive,
  openSegment,
  type Conversation,
  type MediaSession,
  type Participant,
} from './model.js';
import { customerGivesUp } from './queueExits.js';
import { openVisit, settleVisit, type QueueVisit } from './queueVisits.js';
import type { ResolvedQueue } from './resolveOptions.js';
import { TranscriptStream } from './transcriptStream.js';
import type { MediaKind } from './media.js';
import { customerProfile, type CustomerProfile, WRAPUP_CODES } from './customers.js';
import { appendMessage, digitalExchange } from './digitalExchange.js';
import { planMidCall } from './midCall.js';
import { dialBack } from './callbackDial.js';
import { runIvr } from './ivr.js';
import type { FlowContext } from './flowContext.js';

export type { AgentLeg } from './agentLegs.js';

/**
 * Media whose customers give up while queued. Genesys: "for the Web messaging media type, the
 * concept of an abandoned interaction does not apply"; emails "cannot be abandoned"; a callback
 * request waits for an agent with no customer on the line.
 */
const CAN_GIVE_UP: ReadonlySet<MediaKind> = new Set(['voice', 'chat']);

/**
 * One conversation from arrival to its end: IVR (voice), queue, offer, answer, the interaction
 * (with hold, consult and transfer for voice), disconnect, after-call work and callback. Every
 * queue visit's outcome is decided once, by `settleVisit`; leaving a queue unanswered is in
 * `queueExits.ts`.
 */
export class ConversationFlow implements FlowContext {
  readonly conversation: Conversation;
  readonly customer: Participant;
  /** @internal The customer's media being routed (a new callback session after a callback flow-out). */
  customerSession: MediaSession;
  /** @internal */
  readonly profile: CustomerProfile;
  /** @internal The current queue visit, and its place in the engine's waiting list while waiting. */
  visit?: QueueVisit;
  /** @internal */
  queue?: ResolvedQueue;
  /** @internal */
  waiting?: Waiting;
  /** @internal The agent handling the conversation now. */
  leg?: AgentLeg;
  /** Agents still in after-call work on this conversation. */
  private inAcw = 0;
  /** @internal */
  cancelPatience?: () => void;
  /** @internal */
  cancelTalkEnd?: () => void;
  private readonly transcript: TranscriptStream;
  /** @internal */
  ended = false;

  constructor(
    readonly engine: SimEngine,
    /** @internal The media routed now: a voice call flowing out to a callback becomes a callback. */
    public kind: MediaKind,
    private readonly firstQueue: ResolvedQueue,
  ) {
    const { random, now } = engine;
    this.profile = customerProfile(random, kind);
    const requiredSkills = [...firstQueue.requiredSkills];
    const language = random.chance(0.15) ? 'Spanish' : 'English';
    if (language === 'Spanish') requiredSkills.push('Spanish');
    this.conversation = {
      id: random.uuid(),
      kind,
      start: now,
      ani: this.profile.address,
      dnis: firstQueue.dnis,
      divisionId: engine.config.divisionId,
      participants: [],
      queueIds: new Set(),
      userIds: new Set(),
      requiredSkills,
      language,
      visits: [],
      metrics: [],
    };
    this.customer = addParticipant(this.conversation, random, { purpose: 'customer', name: this.profile.name, address: this.profile.address, startTime: now, attributes: {} });
    this.customerSession = addSession(this.customer, random, { kind, state: 'connected', direction: 'inbound', time: now, extra: this.profile.mediaExtra, segment: { type: 'interact' } });
    this.transcript = new TranscriptStream(engine, this.conversation.id, () => {
      const session = this.leg?.session;
      return !this.ended && session?.kind === 'voice' && session.state === 'connected' && !session.held;
    });
  }

  get random() {
    return this.engine.random;
  }
  /** @internal */
  get timing() {
    return this.engine.config.timing;
  }

  arrive(): void {
    const { engine } = this;
    engine.conversations.push(this.conversation);
    engine.detail('customer.start', this.conversation, this.customer, this.customerSession);
    if (this.profile.externalContactId) {
      engine.detail('contact', this.conversation, this.customer, this.customerSession, { externalContactId: this.profile.externalContactId });
    }
    if (this.kind === 'voice') return runIvr(this, this.firstQueue, () => this.enqueue(this.firstQueue));
    if (this.kind === 'message') appendMessage(this.random, this.customerSession, engine.now, true);
    engine.publish(this.conversation);
    this.enqueue(this.firstQueue);
  }

  /** @internal Queues the conversation: a new ACD participant, acd.start, and the customer's patience. */
  enqueue(queue: ResolvedQueue, front = false): void {
    const { engine, random } = this;
    const now = engine.now;
    const participant = addParticipant(this.conversation, random, {
      purpose: 'acd',
      name: queue.name,
      address: queue.name,
      queueId: queue.id,
      startTime: now,
      routing: { queueId: queue.id, skills: this.conversation.requiredSkills, priority: 0, language: this.conversation.language },
    });
    const session = addSession(participant, random, {
      kind: this.kind,
      state: 'connected',
      direction: 'inbound',
      time: now,
      extra: this.kind === 'callback' ? { ...this.customerSession.extra } : this.profile.mediaExtra,
      segment: { type: 'interact', queueId: queue.id },
    });
    this.queue = queue;
    engine.publish(this.conversation);
    this.visit = openVisit(engine, this.conversation, participant, session, this.kind);
    this.cancelPatience?.();
    this.cancelPatience = undefined;
    if (CAN_GIVE_UP.has(this.kind)) {
      this.cancelPatience = engine.scheduler.after(random.exponential(this.timing.patienceMs[this.kind]), () => customerGivesUp(this));
    }
    this.waiting = undefined;
    const waiting = engine.enqueue({ conversation: this.conversation, queue, queuedAt: now, offer: (agent) => this.offer(agent) }, front);
    // Routing may have offered it at once, inside enqueue: then it is no longer waiting.
    if ((this.leg as AgentLeg | undefined)?.session.state !== 'alerting') this.waiting = waiting;
  }

  /** Routing chose an agent: the agent's media alerts. */
  private offer(agent: AgentState): void {
    const { engine, random } = this;
    const visit = this.visit!;
    this.waiting = undefined;
    engine.assign(agent, this.kind);
    const participant = addParticipant(this.conversation, random, {
      purpose: 'agent',
      name: agent.user.name,
      address: agent.user.email,
      userId: agent.user.id,
      queueId: visit.queueId,
      startTime: engine.now,
      wrapupRequired: true,
      alertingTimeoutMs: this.timing.alertingTimeoutMs,
    });
    const extra = this.kind === 'callback' ? { ...this.customerSession.extra } : this.profile.agentExtra;
    const session = addSession(participant, random, { kind: this.kind, state: 'alerting', direction: 'inbound', time: engine.now, extra, segment: { type: 'alert', queueId: visit.queueId } });
    session.peerId = this.customerSession.id;
    const offered: AgentLeg = { participant, session, agent, kind: this.kind };
    this.leg = offered;
    engine.board.track(visit.session.id, { queueId: visit.queueId, kind: visit.kind, state: 'alerting', since: visit.start, conversationId: this.conversation.id, sessionId: visit.session.id });
    engine.publish(this.conversation);
    engine.detail('user.start', this.conversation, participant, session);
    if (random.chance(0.04)) {
      engine.scheduler.after(this.timing.alertingTimeoutMs, () => this.noAnswer(offered));
    } else {
      engine.scheduler.after(Math.min(this.timing.alertingTimeoutMs - 500, random.exponential(this.timing.ringMs) + 500), () => this.answer());
    }
  }

  private noAnswer(leg: AgentLeg): void {
    const { engine } = this;
    if (this.leg !== leg || leg.session.state !== 'alerting') return;
    const visit = this.visit!;
    disconnect(leg.participant, leg.session, engine.now, 'timeout');
    // Never connected, so there is no wrap-up to await (as when the customer withdraws the offer).
    leg.participant.wrapupRequired = false;
    this.leg = undefined;
    alertEnded(engine, this.conversation, leg, true);
    endAgentLeg(engine, this.conversation, leg, 'TIMEOUT');
    engine.board.track(visit.session.id, { queueId: visit.queueId, kind: visit.kind, state: 'waiting', since: visit.start, conversationId: this.conversation.id, sessionId: visit.session.id });
    engine.publish(this.conversation);
    engine.notResponding(leg.agent, this.kind);
    const waiting = engine.enqueue({ conversation: this.conversation, queue: this.queue!, queuedAt: visit.start, offer: (a) => this.offer(a) }, true);
    if ((this.leg as AgentLeg | undefined)?.session.state !== 'alerting') this.waiting = waiting;
  }

  private answer(): void {
    const { engine } = this;
    const leg = this.leg;
    if (!leg || leg.session.state !== 'alerting' || this.ended) return;
    this.cancelPatience?.();
    this.cancelPatience = undefined;
    const now = engine.now;
    connect(leg.participant, leg.session, now);
    alertEnded(engine, this.conversation, leg, false);
    settleVisit(engine, this.conversation, this.visit!, { outcome: 'ANSWERED', userId: leg.agent.user.id });
    engine.board.track(leg.participant.id, { queueId: leg.participant.queueId!, kind: leg.kind, state: 'interacting', since: now, conversationId: this.conversation.id, sessionId: leg.session.id });
    engine.publish(this.conversation);
    this.startTranscript();
    if (this.kind === 'callback') return dialBack(this, leg);
    const talk = this.talkDuration(this.kind);
    this.cancelTalkEnd = engine.scheduler.after(talk, () => this.talkEnd());
    if (this.kind === 'message') digitalExchange(engine, this.conversation, this.customerSession, () => this.leg?.session, talk);
    planMidCall(this, talk);
  }

  /** Talk time: a floor of a tenth of the mean plus an exponential tail, so the mean is `talkMs`. */
  /** @internal */
  talkDuration(kind: MediaKind): number {
    const mean = this.timing.talkMs[kind];
    return 0.1 * mean + this.random.exponential(0.9 * mean);
  }

  /** @internal The interaction is over: media disconnected, `user.end`, `customer.end`, then after-call work. */
  talkEnd(): void {
    const leg = this.leg;
    if (!leg || this.ended) return;
    const { engine, random } = this;
    const customerHangsUp = this.kind !== 'email' && random.chance(0.65);
    const now = engine.now;
    for (const s of this.customer.sessions) if (isActive(s)) disconnect(this.customer, s, now, customerHangsUp ? 'endpoint' : 'peer');
    for (const s of leg.participant.sessions) if (isActive(s)) disconnect(leg.participant, s, now, customerHangsUp ? 'peer' : 'client');
    if (this.kind === 'email') leg.session.extra['messagesSent'] = 1;
    this.leg = undefined;
    endAgentLeg(engine, this.conversation, leg, customerHangsUp ? 'PEER' : 'CLIENT');
    engine.detail('customer.end', this.conversation, this.customer, this.customerSession, {
      disconnectType: customerHangsUp ? 'ENDPOINT' : 'PEER',
      interactingDurationMs: now - (this.customerSession.connectedTime ?? now),
    });
    this.transcript.end();
    this.startAcw(leg);
  }

  /** The agent's media is disconnected: after-call work, then the wrap-up code, then the agent is free. */
  startAcw(leg: AgentLeg): void {
    const { engine, random } = this;
    const now = engine.now;
    const queueId = leg.participant.queueId!;
    engine.board.track(leg.participant.id, undefined);
    this.inAcw++;
    leg.participant.wrapupExpected = true;
    leg.participant.startAcwTime = now;
    leg.session.afterCallWorkRequired = true;
    leg.session.afterCallWork = { state: 'pending', startTime: now };
    openSegment(leg.session, 'wrapup', now, queueId);
    engine.publish(this.conversation);
    const acwMs = Math.round(random.between(0.4, 1.6) * this.timing.acwMs);
    engine.scheduler.after(acwMs, () => {
      const end = engine.now;
      const code = random.pick(WRAPUP_CODES);
      leg.participant.wrapup = { code: code.id, name: code.name, notes: '', durationSeconds: Math.round((end - now) / 1000), endTime: end };
      leg.participant.endAcwTime = end;
      leg.participant.wrapupExpected = false;
      leg.session.afterCallWork = { state: 'complete', startTime: now, endTime: end };
      const wrapupSegment = leg.session.segments[leg.session.segments.length - 1];
      if (wrapupSegment) wrapupSegment.wrapUpCode = code.id;
      closeSegment(leg.session, end);
      this.inAcw--;
      const extra = { userId: leg.agent.user.id, queueId, wrapupCode: code.id, wrapupNotes: '', wrapupDurationMs: end - now };
      engine.detail('acw', this.conversation, leg.participant, leg.session, extra);
      engine.detail('wrapup', this.conversation, leg.participant, leg.session, extra);
      acwEnded(engine, this.conversation, leg, end - now);
      this.maybeFinish();
      engine.publish(this.conversation);
      engine.release(leg.agent, leg.kind);
    });
  }

  /** @internal */
  startTranscript(): void {
    const call = this.customer.sessions.find((s) => s.kind === 'voice' && s.state === 'connected');
    if (call) this.transcript.start(call.id);
  }

  /** @internal The customer's call ended without an agent: no more words to transcribe. */
  endTranscript(): void {
    this.transcript.end();
  }

  /** @internal Ends the conversation once no media is active and no agent is still wrapping up. */
  maybeFinish(): void {
    if (this.ended || this.inAcw > 0) return;
    if (this.conversation.participants.some((p) => p.sessions.some(isActive))) return;
    this.ended = true;
    this.cancelPatience?.();
    this.cancelTalkEnd?.();
    this.conversation.end = this.engine.now;
    for (const p of this.conversation.participants) {
      p.endTime ??= this.engine.now;
      for (const s of p.sessions) s.state = 'terminated';
    }
  }
}
