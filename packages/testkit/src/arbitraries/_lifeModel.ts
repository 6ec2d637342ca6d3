/**
 * A small model of one conversation as Genesys Cloud keeps it, with the state on each media item
 * (never on the participant), rendered as the body of `v2.routing.queues.{id}.conversations`. It
 * follows the same rules as the emulator's contact center (packages/emulator/src/sim): a new
 * participant per queue visit and per offered agent, the ACD media disconnected `transfer` on
 * answer and `peer` on abandon, after-call work `pending` then `complete`, and every media item
 * `terminated` once the conversation has ended.
 */

export type LifeMedia = 'voice' | 'chat' | 'message' | 'email' | 'callback';

const MEDIA_ARRAY: Record<LifeMedia, string> = { voice: 'calls', chat: 'chats', message: 'messages', email: 'emails', callback: 'callbacks' };
const LISTS = ['calls', 'callbacks', 'chats', 'emails', 'messages', 'videos'] as const;

/** Ids that read well in a counterexample: `c0000000-0000-4000-8000-000000000003` is conversation 3. */
export const lifeId = (prefix: 'a' | 'b' | 'c' | 'd' | 'e' | 'f', n: number): string => `${prefix}0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export interface LifeSession {
  readonly id: string;
  readonly media: LifeMedia;
  state: 'alerting' | 'connected' | 'disconnected' | 'terminated';
  readonly initialState: string;
  readonly direction: 'inbound' | 'outbound';
  held: boolean;
  startAlertingTime?: number;
  connectedTime?: number;
  disconnectedTime?: number;
  disconnectType?: string;
  startHoldTime?: number;
  afterCallWorkRequired?: boolean;
  afterCallWork?: { state: 'pending' | 'complete'; startTime: number; endTime?: number };
}

export interface LifeParticipant {
  readonly id: string;
  readonly purpose: 'customer' | 'ivr' | 'acd' | 'agent';
  readonly name: string;
  readonly queueId?: string;
  readonly userId?: string;
  connectedTime?: number;
  endTime?: number;
  wrapupRequired?: boolean;
  wrapupExpected?: boolean;
  startAcwTime?: number;
  endAcwTime?: number;
  wrapup?: { code: string; durationSeconds: number; endTime: number };
  readonly sessions: LifeSession[];
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function compact(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in object) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

/** One conversation being played: participants change, and every `publish` is one notification body. */
export class LifeModel {
  readonly participants: LifeParticipant[] = [];
  private counter = 0;

  constructor(
    readonly id: string,
    /** The conversation's number: participant and media ids are derived from it. */
    private readonly n: number,
  ) {}

  add(init: Omit<LifeParticipant, 'id' | 'sessions'>, session: { media: LifeMedia; state: LifeSession['state']; direction: 'inbound' | 'outbound'; at: number }): [LifeParticipant, LifeSession] {
    const k = this.counter++;
    const participant: LifeParticipant = { ...init, id: lifeId('d', this.n * 256 + k), sessions: [] };
    const item: LifeSession = { id: lifeId('e', this.n * 256 + k), media: session.media, state: session.state, initialState: session.state, direction: session.direction, held: false };
    if (session.state === 'connected') item.connectedTime = participant.connectedTime = session.at;
    if (session.state === 'alerting') item.startAlertingTime = session.at;
    participant.sessions.push(item);
    this.participants.push(participant);
    return [participant, item];
  }

  connect(participant: LifeParticipant, session: LifeSession, at: number): void {
    session.state = 'connected';
    session.connectedTime = at;
    participant.connectedTime ??= at;
  }

  disconnect(participant: LifeParticipant, session: LifeSession, at: number, type: string): void {
    if (session.state === 'disconnected' || session.state === 'terminated') return;
    session.state = 'disconnected';
    session.disconnectedTime = at;
    session.disconnectType = type;
    session.held = false;
    delete session.startHoldTime;
    if (participant.sessions.every((s) => s.state !== 'alerting' && s.state !== 'connected')) participant.endTime ??= at;
  }

  /** Nothing is active and nobody is wrapping up: every media item becomes `terminated`. */
  finish(at: number): void {
    for (const p of this.participants) {
      p.endTime ??= at;
      for (const s of p.sessions) s.state = 'terminated';
    }
  }

  /** The notification body as Genesys sends it on the queue and user conversation topics. */
  body(): Record<string, unknown> {
    return {
      id: this.id,
      maxParticipants: Math.max(this.participants.length, 2),
      participants: this.participants.map((p) => {
        const media: Record<string, unknown[]> = Object.fromEntries(LISTS.map((l) => [l, []]));
        for (const s of p.sessions) media[MEDIA_ARRAY[s.media]]!.push(sessionBody(s));
        return compact({
          id: p.id,
          connectedTime: iso(p.connectedTime),
          endTime: iso(p.endTime),
          userId: p.userId,
          queueId: p.queueId,
          name: p.name,
          purpose: p.purpose,
          wrapupRequired: p.wrapupRequired,
          wrapupExpected: p.wrapupExpected,
          wrapup: p.wrapup ? { code: p.wrapup.code, notes: '', durationSeconds: p.wrapup.durationSeconds, endTime: iso(p.wrapup.endTime) } : undefined,
          startAcwTime: iso(p.startAcwTime),
          endAcwTime: iso(p.endAcwTime),
          attributes: {},
          ...media,
        });
      }),
      recordingState: 'none',
    };
  }
}

function sessionBody(s: LifeSession): Record<string, unknown> {
  return compact({
    id: s.id,
    state: s.state,
    initialState: s.initialState,
    // Genesys's chat media item has no direction.
    direction: s.media === 'chat' ? undefined : s.direction,
    held: s.held,
    startAlertingTime: iso(s.startAlertingTime),
    startHoldTime: iso(s.startHoldTime),
    connectedTime: iso(s.connectedTime),
    disconnectedTime: iso(s.disconnectedTime),
    disconnectType: s.disconnectType,
    afterCallWorkRequired: s.afterCallWorkRequired,
    afterCallWork: s.afterCallWork ? compact({ state: s.afterCallWork.state, startTime: iso(s.afterCallWork.startTime), endTime: iso(s.afterCallWork.endTime) }) : undefined,
  });
}
