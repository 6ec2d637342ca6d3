/**
 * A conversation's life as Genesys Cloud notifies it on `v2.routing.queues.{id}.conversations`:
 * queue, alert, answer, hold, transfer, wrap-up, end, or abandon. The plan is drawn by fast-check
 * (so it shrinks to a short, plain life); `playLife` turns it into the notifications, by the same
 * rules as the emulator's contact center: voice starts in an IVR, only voice and chat customers
 * give up, only voice holds, voice and chat may be transferred to another queue, an offer may
 * ring out and go to another agent, and after-call work ends the agent's part.
 */
import fc from 'fast-check';
import type { GenesysEnvelope } from '@gcstream/core';
import { rememberFrameText } from './_frameText.js';
import { LifeModel, lifeId, type LifeMedia, type LifeParticipant, type LifeSession } from './_lifeModel.js';

export type { LifeMedia } from './_lifeModel.js';
export { lifeId } from './_lifeModel.js';

/** What happens to one conversation; times are in ms. */
export interface ConversationLife {
  readonly media: LifeMedia;
  /** Index of the queue it enters first (see `lifeQueueId`). */
  readonly queue: number;
  /** When the customer arrives, after the traffic's start. */
  readonly startAt: number;
  /** Voice only: time in the IVR before the queue. */
  readonly ivrMs: number;
  readonly waitMs: number;
  /** The first agent offered does not answer (`disconnectType: timeout`); the next one does. */
  readonly ringOut: boolean;
  readonly ringMs: number;
  /** `abandoned` only for voice and chat; others are always answered. */
  readonly outcome: 'answered' | 'abandoned';
  /** An abandon while an agent is being alerted, rather than while waiting. */
  readonly abandonWhileAlerting: boolean;
  readonly talkMs: number;
  /** Voice only: the agent holds the customer this long, this far into the talk. */
  readonly hold: { readonly afterMs: number; readonly ms: number } | null;
  /** Voice and chat: a blind transfer to another queue halfway through the talk. */
  readonly transfer: { readonly queue: number; readonly waitMs: number; readonly talkMs: number } | null;
  readonly acwMs: number;
  readonly customerHangsUp: boolean;
  /** Index of the answering agent (see `lifeUserId`). */
  readonly agent: number;
}

/** One notification and when Genesys sent it (epoch ms). */
export interface TimedNotification {
  readonly at: number;
  readonly envelope: GenesysEnvelope;
  /** Which conversation of the traffic it belongs to. */
  readonly conversation: number;
}

export const LIFE_EPOCH = Date.UTC(2026, 0, 5, 9);
export const LIFE_QUEUES = 3;
export const LIFE_AGENTS = 6;
export const lifeQueueId = (i: number): string => lifeId('a', i + 1);
export const lifeUserId = (i: number): string => lifeId('b', i + 1);
const CAN_GIVE_UP: ReadonlySet<LifeMedia> = new Set(['voice', 'chat']);

export interface LifeOptions {
  /** Latest arrival, in ms after the traffic's start. @default 600000 */
  readonly spreadMs?: number;
  /** @default ['voice', 'chat', 'message', 'email', 'callback'] */
  readonly media?: readonly LifeMedia[];
}

const seconds = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 });

export function arbConversationLife(options: LifeOptions = {}): fc.Arbitrary<ConversationLife> {
  const media = options.media ?? ['voice', 'chat', 'message', 'email', 'callback'];
  return fc
    .record({
      media: fc.constantFrom(...media),
      queue: fc.nat(LIFE_QUEUES - 1),
      startAt: fc.nat(options.spreadMs ?? 600_000),
      ivrMs: seconds(5, 60),
      waitMs: seconds(0, 600),
      ringOut: fc.boolean(),
      ringMs: seconds(1, 20),
      outcome: fc.constantFrom('answered' as const, 'abandoned' as const),
      abandonWhileAlerting: fc.boolean(),
      talkMs: seconds(10, 900),
      hold: fc.option(fc.record({ afterMs: seconds(1, 300), ms: seconds(1, 120) }), { freq: 3 }),
      transfer: fc.option(fc.record({ queue: fc.nat(LIFE_QUEUES - 1), waitMs: seconds(0, 300), talkMs: seconds(10, 600) }), { freq: 4 }),
      acwMs: seconds(0, 120),
      customerHangsUp: fc.boolean(),
      agent: fc.nat(LIFE_AGENTS - 1),
    })
    .map((life): ConversationLife => ({
      ...life,
      outcome: CAN_GIVE_UP.has(life.media) ? life.outcome : 'answered',
      hold: life.media === 'voice' ? life.hold : null,
      transfer: (life.media === 'voice' || life.media === 'chat') && life.transfer && life.transfer.queue !== life.queue ? life.transfer : null,
    }));
}

const played = new WeakMap<ConversationLife, Map<string, TimedNotification[]>>();

/** The notifications of one conversation, in the order Genesys sends them. Do not change what it returns: it is remembered per life. */
export function playLife(life: ConversationLife, n: number, epoch = LIFE_EPOCH): TimedNotification[] {
  const byPlace = played.get(life) ?? new Map<string, TimedNotification[]>();
  played.set(life, byPlace);
  const place = `${n}|${epoch}`;
  const known = byPlace.get(place);
  if (known !== undefined) return known;
  const notifications = play(life, n, epoch);
  byPlace.set(place, notifications);
  return notifications;
}

function play(life: ConversationLife, n: number, epoch: number): TimedNotification[] {
  const model = new LifeModel(lifeId('c', n + 1), n + 1);
  const steps: { at: number; seq: number; act: () => void }[] = [];
  let seq = 0;
  const after = (at: number, act: () => void) => steps.push({ at, seq: seq++, act });
  const queues: string[] = [];
  const t0 = epoch + life.startAt;
  const kind = life.media;
  const [customer, call] = model.add({ purpose: 'customer', name: 'Customer' }, { media: kind, state: 'connected', direction: 'inbound', at: t0 });
  let inAcw = 0;

  const enqueue = (queue: number, at: number): [LifeParticipant, LifeSession] => {
    if (!queues.includes(lifeQueueId(queue))) queues.push(lifeQueueId(queue));
    return model.add({ purpose: 'acd', name: `Queue ${queue + 1}`, queueId: lifeQueueId(queue) }, { media: kind, state: 'connected', direction: 'inbound', at });
  };
  const offer = (queue: number, agent: number, at: number) =>
    model.add({ purpose: 'agent', name: `Agent ${agent + 1}`, userId: lifeUserId(agent), queueId: lifeQueueId(queue), wrapupRequired: true }, { media: kind, state: 'alerting', direction: 'inbound', at });
  const endAll = (at: number) => {
    if (inAcw === 0 && model.participants.every((p) => p.sessions.every((s) => s.state !== 'alerting' && s.state !== 'connected'))) model.finish(at);
  };
  const startAcw = (agent: LifeParticipant, media: LifeSession, at: number, acwMs: number) => {
    inAcw++;
    agent.wrapupExpected = true;
    agent.startAcwTime = at;
    media.afterCallWorkRequired = true;
    media.afterCallWork = { state: 'pending', startTime: at };
    after(at + acwMs, () => {
      const end = at + acwMs;
      agent.wrapup = { code: 'c1a55e5e-0000-4000-8000-000000000001', durationSeconds: Math.round(acwMs / 1000), endTime: end };
      agent.endAcwTime = end;
      agent.wrapupExpected = false;
      media.afterCallWork = { state: 'complete', startTime: at, endTime: end };
      inAcw--;
      endAll(end);
    });
  };

  /** One queue visit from entry: offer (maybe ringing out), then abandon or answer and talk. */
  const visit = (queue: number, entry: number, waitMs: number, talkMs: number, last: boolean) => {
    const [acd, acdMedia] = enqueue(queue, entry);
    const agentIndex = last ? life.agent : (life.agent + 1) % LIFE_AGENTS;
    const abandonAt = entry + waitMs;
    if (last && life.outcome === 'abandoned' && !life.abandonWhileAlerting) {
      after(abandonAt, () => {
        model.disconnect(acd, acdMedia, abandonAt, 'peer');
        model.disconnect(customer, call, abandonAt, 'endpoint');
      });
      after(abandonAt, () => endAll(abandonAt));
      return;
    }
    let offeredAt = entry + waitMs;
    if (life.ringOut) {
      const ringAt = offeredAt;
      let first: [LifeParticipant, LifeSession] | undefined;
      after(ringAt, () => (first = offer(queue, (agentIndex + 2) % LIFE_AGENTS, ringAt)));
      after(ringAt + life.ringMs, () => model.disconnect(first![0], first![1], ringAt + life.ringMs, 'timeout'));
      offeredAt = ringAt + life.ringMs + 1000;
    }
    let agent: [LifeParticipant, LifeSession] | undefined;
    const alertAt = offeredAt;
    after(alertAt, () => (agent = offer(queue, agentIndex, alertAt)));
    if (last && life.outcome === 'abandoned') {
      const at = alertAt + Math.floor(life.ringMs / 2);
      after(at, () => {
        const [p, m] = agent!;
        model.disconnect(p, m, at, 'peer');
        p.wrapupRequired = false;
        model.disconnect(acd, acdMedia, at, 'peer');
        model.disconnect(customer, call, at, 'endpoint');
      });
      after(at, () => endAll(at));
      return;
    }
    const answerAt = alertAt + life.ringMs;
    after(answerAt, () => {
      model.connect(agent![0], agent![1], answerAt);
      model.disconnect(acd, acdMedia, answerAt, 'transfer');
    });
    if (life.hold && kind === 'voice' && life.hold.afterMs < talkMs) {
      const holdAt = answerAt + life.hold.afterMs;
      const resumeAt = Math.min(holdAt + life.hold.ms, answerAt + talkMs - 1);
      after(holdAt, () => {
        agent![1].held = true;
        agent![1].startHoldTime = holdAt;
      });
      if (resumeAt > holdAt)
        after(resumeAt, () => {
          agent![1].held = false;
          delete agent![1].startHoldTime;
        });
    }
    const endAt = answerAt + talkMs;
    if (!last && life.transfer) {
      const transfer = life.transfer;
      after(endAt, () => {
        model.disconnect(agent![0], agent![1], endAt, 'transfer');
        startAcw(agent![0], agent![1], endAt, life.acwMs);
      });
      after(endAt, () => visit(transfer.queue, endAt, transfer.waitMs, transfer.talkMs, true));
      return;
    }
    after(endAt, () => {
      model.disconnect(customer, call, endAt, life.customerHangsUp ? 'endpoint' : 'peer');
      model.disconnect(agent![0], agent![1], endAt, life.customerHangsUp ? 'peer' : 'client');
      startAcw(agent![0], agent![1], endAt, life.acwMs);
    });
  };

  const entry = kind === 'voice' ? t0 + life.ivrMs : t0;
  // The IVR leg happens before any queue: nothing is sent on a queue topic until the conversation enters one.
  if (kind === 'voice') {
    const [ivr, ivrMedia] = model.add({ purpose: 'ivr', name: 'Main IVR' }, { media: 'voice', state: 'connected', direction: 'inbound', at: t0 });
    after(entry, () => model.disconnect(ivr, ivrMedia, entry, 'transfer'));
  }
  const transferred = life.transfer !== null;
  after(entry, () => visit(life.queue, entry, life.waitMs, transferred ? Math.floor(life.talkMs / 2) : life.talkMs, !transferred));

  const out: TimedNotification[] = [];
  let published = 0;
  let last = '';
  while (steps.length > 0) {
    steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const step = steps.shift()!;
    step.act();
    const body = model.body();
    const text = JSON.stringify(body);
    // An action that changed nothing (a visit only scheduling its own steps) sends nothing.
    if (text === last || queues.length === 0) {
      last = text;
      continue;
    }
    last = text;
    for (const [qi, queueId] of queues.entries()) {
      const topicName = `v2.routing.queues.${queueId}.conversations`;
      const metadata = { CorrelationId: lifeId('f', (n + 1) * 65_536 + published * 8 + qi) };
      const envelope: GenesysEnvelope = { topicName, version: '2', eventBody: body, metadata };
      rememberFrameText(envelope, `{"topicName":${JSON.stringify(topicName)},"version":"2","eventBody":${text},"metadata":${JSON.stringify(metadata)}}`);
      out.push({ at: step.at, conversation: n, envelope });
    }
    published++;
  }
  return out;
}
