import { parseFaultSpec, type FaultKind, type FaultSpec } from './faultSpec.js';
import { createRandom } from '../sim/random.js';

/** What faults act on; the server supplies it once its parts exist. */
export interface FaultTargets {
  /** Each returns how many sockets, channels or tokens it touched. */
  dropSockets(): number;
  socketClosing(): number;
  expireChannels(): number;
  evictChannels(): number;
  revokeTokens(): number;
  sendMalformed(framesPerSocket: number): number;
}

/** Per-frame faults, read by every socket on its send path. */
export interface FrameFaults {
  /** False when all rates are zero: the send path then skips fault logic entirely. */
  active: boolean;
  duplicateRate: number;
  delayRate: number;
  delayMs: number;
  reorderRate: number;
  malformedRate: number;
}

export function createFaultController(seed: number) {
  // Its own stream (seed ^ 0x5eed), so turning faults on never changes the simulation's choices.
  const random = createRandom(seed ^ 0x5eed).next;
  const timers = new Set<NodeJS.Timeout>();
  const fired: Partial<Record<FaultKind, number>> = {};
  let lastInjected429At: number | undefined;
  const frames: FrameFaults = { active: false, duplicateRate: 0, delayRate: 0, delayMs: 0, reorderRate: 0, malformedRate: 0 };
  let targets: FaultTargets | undefined;
  let silentUntil = 0;
  let rest429 = { left: 0, retryAfterSec: 1 };
  let token429 = { left: 0, retryAfterSec: 1 };

  function later(fn: () => void, ms: number, repeat: boolean): void {
    const timer = repeat ? setInterval(fn, ms) : setTimeout(() => (timers.delete(timer), fn()), ms);
    timer.unref();
    timers.add(timer);
  }

  function refreshFrames(): void {
    frames.active = frames.duplicateRate + frames.delayRate + frames.reorderRate + frames.malformedRate > 0;
  }

  function setFrameRate(fault: FaultSpec, on: boolean): void {
    const rate = on ? (fault.rate ?? 0.1) : 0;
    if (fault.kind === 'duplicate') frames.duplicateRate = rate;
    if (fault.kind === 'reorder') frames.reorderRate = rate;
    if (fault.kind === 'malformed') frames.malformedRate = rate;
    if (fault.kind === 'delay') {
      frames.delayRate = rate;
      frames.delayMs = fault.byMs ?? 500;
    }
    refreshFrames();
  }

  function need(): FaultTargets {
    if (!targets) throw new Error('fault controller used before the emulator was started');
    return targets;
  }

  /** Makes one fault happen now. */
  function fire(fault: FaultSpec): void {
    fired[fault.kind] = (fired[fault.kind] ?? 0) + 1;
    switch (fault.kind) {
      case 'drop-sockets': need().dropSockets(); break;
      case 'socket-closing': need().socketClosing(); break;
      case 'expire-channels': need().expireChannels(); break;
      case 'evict-channels': need().evictChannels(); break;
      case 'revoke-tokens': need().revokeTokens(); break;
      case 'silent': controller.goSilent(fault.forMs); break;
      case '429': controller.rest429(fault.count ?? 1, fault.retryAfterSec); break;
      case 'token-429': controller.token429(fault.count ?? 1, fault.retryAfterSec); break;
      case 'malformed':
        if (fault.rate === undefined || fault.count !== undefined) need().sendMalformed(fault.count ?? 1);
        if (fault.rate !== undefined) startFrameFault(fault);
        break;
      case 'duplicate':
      case 'delay':
      case 'reorder':
        startFrameFault(fault);
        break;
    }
  }

  function startFrameFault(fault: FaultSpec): void {
    setFrameRate(fault, true);
    if (fault.forMs !== undefined) later(() => setFrameRate(fault, false), fault.forMs, false);
  }

  const controller = {
    /** Connects the controller to the running server. */
    bind(t: FaultTargets): void {
      targets = t;
    },
    /** Parses and schedules faults: each fires at `at` (default now), then every `every` if given. */
    apply(input: string | readonly string[] | readonly FaultSpec[]): FaultSpec[] {
      const specs = typeof input === 'string' || (input.length > 0 && typeof input[0] === 'string')
        ? parseFaultSpec(input as string | readonly string[])
        : (input as readonly FaultSpec[]);
      for (const fault of specs) {
        const start = () => {
          fire(fault);
          if (fault.everyMs !== undefined) later(() => fire(fault), fault.everyMs, true);
        };
        if (fault.atMs) later(start, fault.atMs, false);
        else start();
      }
      return [...specs];
    },
    fire,
    dropSockets: (): number => (count('drop-sockets'), need().dropSockets()),
    socketClosing: (): number => (count('socket-closing'), need().socketClosing()),
    expireChannels: (): number => (count('expire-channels'), need().expireChannels()),
    evictChannels: (): number => (count('evict-channels'), need().evictChannels()),
    revokeTokens: (): number => (count('revoke-tokens'), need().revokeTokens()),
    sendMalformed: (framesPerSocket = 1): number => (count('malformed'), need().sendMalformed(framesPerSocket)),
    /** Sockets stay open but carry nothing (no heartbeats, events or pongs) until `resume` or `forMs`. */
    goSilent(forMs?: number): void {
      silentUntil = forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + forMs;
    },
    resume(): void {
      silentUntil = 0;
    },
    get silent(): boolean {
      return silentUntil > 0 && Date.now() < silentUntil;
    },
    /** The next `count` REST calls get 429 with `Retry-After: retryAfterSec`. */
    rest429(count: number, retryAfterSec = 1): void {
      rest429 = { left: count, retryAfterSec };
    },
    token429(count: number, retryAfterSec = 1): void {
      token429 = { left: count, retryAfterSec };
    },
    /** Consumes one injected REST 429 if any is pending; returns its Retry-After. */
    takeRest429(): number | undefined {
      if (rest429.left <= 0) return undefined;
      rest429.left -= 1;
      lastInjected429At = Date.now();
      return rest429.retryAfterSec;
    },
    takeToken429(): number | undefined {
      if (token429.left <= 0) return undefined;
      token429.left -= 1;
      lastInjected429At = Date.now();
      return token429.retryAfterSec;
    },
    /**
     * Injected 429s not yet served, and when the last one was (host epoch ms): a harness times a
     * client's recovery from the end of a burst, not from when it was ordered.
     */
    pending429(): { rest: number; token: number; lastServedAt: number | undefined } {
      return { rest: Math.max(0, rest429.left), token: Math.max(0, token429.left), lastServedAt: lastInjected429At };
    },
    /** Sets per-frame fault rates directly (0 turns one off). */
    setFrameFaults(next: Partial<Omit<FrameFaults, 'active'>>): void {
      Object.assign(frames, next);
      refreshFrames();
    },
    frames: frames as Readonly<FrameFaults>,
    random,
    /** How many times each fault has fired. */
    fired(): Readonly<Partial<Record<FaultKind, number>>> {
      return { ...fired };
    },
    /** Cancels schedules and turns every fault off. */
    clear(): void {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      silentUntil = 0;
      rest429 = { left: 0, retryAfterSec: 1 };
      token429 = { left: 0, retryAfterSec: 1 };
      Object.assign(frames, { duplicateRate: 0, delayRate: 0, delayMs: 0, reorderRate: 0, malformedRate: 0 });
      refreshFrames();
    },
  };

  function count(kind: FaultKind): void {
    fired[kind] = (fired[kind] ?? 0) + 1;
  }

  return controller;
}

export type FaultController = ReturnType<typeof createFaultController>;
