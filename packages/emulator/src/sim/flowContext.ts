import type { AgentLeg } from './agentLegs.js';
import type { Conversation, MediaSession, Participant, QueueVisit } from './conversationRecord.js';
import type { SimEngine, Waiting } from './engine.js';
import type { MediaKind } from './media.js';
import type { SimTiming } from './options.js';
import type { Random } from './random.js';
import type { ResolvedQueue } from './resolveOptions.js';

/**
 * What the stages of one conversation's flow (IVR, queue exits, mid-call, callback dial-out) see
 * of it and may do to it. `ConversationFlow` implements it and hands itself to each stage, so the
 * stages depend on this shape, not on `flows.ts`, which calls them.
 */
export interface FlowContext {
  readonly engine: SimEngine;
  readonly random: Random;
  readonly timing: SimTiming;
  readonly conversation: Conversation;
  readonly customer: Participant;
  /** The customer's media being routed (a new callback session after a callback flow-out). */
  customerSession: MediaSession;
  /** The media routed now: a voice call flowing out to a callback becomes a callback. */
  kind: MediaKind;
  /** The current queue visit, and its place in the engine's waiting list while waiting. */
  visit?: QueueVisit;
  queue?: ResolvedQueue;
  waiting?: Waiting;
  /** The agent handling the conversation now. */
  leg?: AgentLeg;
  cancelPatience?: () => void;
  cancelTalkEnd?: () => void;
  readonly ended: boolean;
  /** Queues the conversation: a new ACD participant, acd.start, and the customer's patience. */
  enqueue(queue: ResolvedQueue, front?: boolean): void;
  /** The agent's media is disconnected: after-call work, then the wrap-up code, then the agent is free. */
  startAcw(leg: AgentLeg): void;
  /** The interaction is over: media disconnected, `user.end`, `customer.end`, then after-call work. */
  talkEnd(): void;
  talkDuration(kind: MediaKind): number;
  startTranscript(): void;
  /** Ends the conversation once no media is active and no agent is still wrapping up. */
  maybeFinish(): void;
}
