import type { Random } from './random.js';
import type { MediaKind } from './media.js';
import type { SimUser } from './directory.js';
import { iso } from './payloadFields.js';

export type SystemPresence = 'On Queue' | 'Available' | 'Break' | 'Meal' | 'Busy' | 'Offline';
export type RoutingStatus = 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING' | 'COMMUNICATING';

export interface AgentState {
  readonly user: SimUser;
  presence: SystemPresence;
  presenceSince: number;
  routingStatus: RoutingStatus;
  routingSince: number;
  /** When the agent last became IDLE: routing offers to the longest idle agent first. */
  idleSince: number;
  /** A break is due and starts as soon as the agent is idle. */
  breakDue: boolean;
  /** When the agent last went on or off queue (`activity.dateActiveQueuesChanged`). */
  queuesChangedAt: number;
  /** Interactions in hand per media type, from alerting to the end of after-call work. */
  readonly load: Partial<Record<MediaKind, number>>;
}

export const totalLoad = (agent: AgentState): number => Object.values(agent.load).reduce((a, b) => a + (b ?? 0), 0);

/** Sends a notification; the body is built only if it will be sent (not while the warm start plays the history). */
export type Emit = (topicName: string, eventBody: () => unknown) => void;

/**
 * Agent presence and routing status, and the user topics they drive (presence, routingStatus,
 * activity). Routing reads it to find the longest-idle eligible agent.
 */
export class AgentDesk {
  readonly agents: AgentState[];
  private readonly presenceIds: Record<SystemPresence, string>;
  /**
   * Members of each queue, and how many of them are in each on-queue routing status: routing and
   * every observation read these per queue, and scanning all agents each time made a 1,000-agent
   * center spend most of its CPU there.
   */
  private readonly members = new Map<string, AgentState[]>();
  private readonly onQueueCounts = new Map<string, Record<string, number>>();

  constructor(
    users: readonly SimUser[],
    random: Random,
    startTime: number,
    private readonly emit: Emit,
    private readonly utilization: Readonly<Record<MediaKind, number>>,
  ) {
    const ids = (['On Queue', 'Available', 'Break', 'Meal', 'Busy', 'Offline'] as const).map((p) => [p, random.uuid()]);
    this.presenceIds = Object.fromEntries(ids) as Record<SystemPresence, string>;
    this.agents = users.map((user) => ({
      user,
      presence: 'Offline',
      presenceSince: startTime,
      routingStatus: 'OFF_QUEUE',
      routingSince: startTime,
      idleSince: startTime,
      breakDue: false,
      queuesChangedAt: startTime,
      load: {},
    }));
    for (const agent of this.agents) {
      for (const queueId of agent.user.queueIds) {
        let list = this.members.get(queueId);
        if (!list) this.members.set(queueId, (list = []));
        list.push(agent);
      }
    }
  }

  private count(agent: AgentState, delta: number): void {
    if (agent.routingStatus === 'OFF_QUEUE') return;
    for (const queueId of agent.user.queueIds) {
      let counts = this.onQueueCounts.get(queueId);
      if (!counts) this.onQueueCounts.set(queueId, (counts = {}));
      const n = (counts[agent.routingStatus] ?? 0) + delta;
      // A status nobody is in is absent, as if counted afresh.
      if (n === 0) delete counts[agent.routingStatus];
      else counts[agent.routingStatus] = n;
    }
  }

  byId(userId: string): AgentState | undefined {
    return this.agents.find((a) => a.user.id === userId);
  }

  /** Changes presence and/or routing status, emitting one notification per changed topic plus activity. */
  set(agent: AgentState, time: number, change: { presence?: SystemPresence; routingStatus?: RoutingStatus }): void {
    const presenceChanged = change.presence !== undefined && change.presence !== agent.presence;
    const routingChanged = change.routingStatus !== undefined && change.routingStatus !== agent.routingStatus;
    if (presenceChanged) {
      agent.presence = change.presence!;
      agent.presenceSince = time;
      this.emit(`v2.users.${agent.user.id}.presence`, () => this.presenceBody(agent));
    }
    if (routingChanged) {
      if (agent.routingStatus === 'OFF_QUEUE' || change.routingStatus === 'OFF_QUEUE') agent.queuesChangedAt = time;
      this.count(agent, -1);
      agent.routingStatus = change.routingStatus!;
      this.count(agent, 1);
      agent.routingSince = time;
      if (agent.routingStatus === 'IDLE') agent.idleSince = time;
      const status = agent.routingStatus;
      this.emit(`v2.users.${agent.user.id}.routingStatus`, () => ({ id: agent.user.id, routingStatus: { status, startTime: iso(time) } }));
    }
    if (presenceChanged || routingChanged) this.emit(`v2.users.${agent.user.id}.activity`, () => this.activityBody(agent));
  }

  /**
   * Whether the agent can take one more interaction of `kind` under the utilization limits: a kind
   * with limit 1 needs an agent with nothing else in hand; other kinds mix, each under its limit.
   */
  canTake(agent: AgentState, kind: MediaKind): boolean {
    const total = totalLoad(agent);
    if (total === 0) return agent.routingStatus === 'IDLE';
    if (agent.routingStatus !== 'INTERACTING' || agent.breakDue) return false;
    if (this.utilization[kind] <= 1) return false;
    for (const [k, n] of Object.entries(agent.load) as [MediaKind, number][]) if (n > 0 && this.utilization[k] <= 1) return false;
    return (agent.load[kind] ?? 0) < this.utilization[kind];
  }

  /**
   * The agent routing offers `kind` to: the longest-idle eligible agent, else the least busy one with
   * room for it. Eligible: a member of the queue with every required skill.
   */
  pick(queueId: string, skills: readonly string[], kind: MediaKind, exclude?: string): AgentState | undefined {
    let best: AgentState | undefined;
    let bestLoad = Infinity;
    for (const agent of this.members.get(queueId) ?? []) {
      if (agent.user.id === exclude) continue;
      if (!skills.every((s) => agent.user.skills.includes(s)) || !this.canTake(agent, kind)) continue;
      const load = totalLoad(agent);
      if (load < bestLoad || (load === bestLoad && agent.idleSince < best!.idleSince)) {
        best = agent;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Agents of a queue that are on queue, by routing status (the oOnQueueUsers qualifiers). */
  onQueueUsers(queueId: string): Readonly<Record<string, number>> {
    return this.onQueueCounts.get(queueId) ?? {};
  }

  private presenceDefinition(agent: AgentState) {
    return { id: this.presenceIds[agent.presence], systemPresence: agent.presence };
  }

  private presenceBody(agent: AgentState): Record<string, unknown> {
    return {
      source: 'PURECLOUD',
      presenceDefinition: this.presenceDefinition(agent),
      primary: true,
      message: '',
      modifiedDate: iso(agent.presenceSince),
    };
  }

  private activityBody(agent: AgentState): Record<string, unknown> {
    const onQueue = agent.routingStatus !== 'OFF_QUEUE';
    return {
      id: agent.user.id,
      routingStatus: { status: agent.routingStatus, startTime: iso(agent.routingSince) },
      presence: { presenceDefinition: this.presenceDefinition(agent), modifiedDate: iso(agent.presenceSince) },
      outOfOffice: { active: false },
      activeQueueIds: onQueue ? [...agent.user.queueIds] : [],
      dateActiveQueuesChanged: iso(agent.queuesChangedAt),
    };
  }
}
