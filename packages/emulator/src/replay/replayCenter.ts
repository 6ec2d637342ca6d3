import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { EmulatorUsageError } from '../errors.js';
import { resolveAnalytics } from '../sim/analyticsSettings.js';
import type { ContactCenter, SimNotification, SimQueue, SimUser } from '../sim/types.js';

/** A notification of a recording, and when it was received. */
interface Recorded {
  readonly at: number;
  readonly notification: SimNotification;
}

export interface ReplayCenter extends ContactCenter {
  /** Starts sending the recording, at its pace divided by `speed`; a second call does nothing. */
  play(): void;
  /** Notifications in the recording. */
  readonly size: number;
  /** Resolves when the last notification was sent. */
  readonly finished: Promise<void>;
}

const QUEUE_TOPIC = /^v2\.(?:routing|analytics)\.queues\.([^.]+)\./;
const USER_TOPIC = /^v2\.users\.([^.?]+)[.?]/;

/**
 * A contact center that plays back a `gcstream record` file instead of simulating one. Its queues
 * and users are the ids the recorded topics name, so a client that discovers them and subscribes
 * gets the recorded notifications, over the same channels, sockets and envelopes as live traffic.
 * It has no analytics history: detail, observation and aggregate queries answer empty.
 */
export function createReplayCenter(file: string, options: { readonly speed?: number } = {}): ReplayCenter {
  const speed = options.speed ?? 1;
  const recorded = readRecording(file);
  const queueIds = new Set<string>();
  const userIds = new Set<string>();
  for (const { notification } of recorded) {
    const queue = QUEUE_TOPIC.exec(notification.topicName)?.[1];
    if (queue) queueIds.add(queue);
    const user = USER_TOPIC.exec(`${notification.topicName}.`)?.[1];
    if (user) userIds.add(user);
  }
  const queues: SimQueue[] = [...queueIds].map((id) => ({ id, name: `Queue ${id.slice(0, 8)}`, mediaTypes: ['voice', 'chat', 'message', 'callback', 'email'] }));
  const users: SimUser[] = [...userIds].map((id) => ({ id, name: `Agent ${id.slice(0, 8)}`, email: `${id.slice(0, 8)}@replay.invalid`, queueIds: [], skills: [] }));
  const listeners = new Set<(n: SimNotification) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let playing = false;
  let markFinished!: () => void;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  if (recorded.length === 0) markFinished();

  return {
    queues,
    users,
    size: recorded.length,
    finished,
    analytics: resolveAnalytics(undefined, queues),
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // The server starts a center as soon as it listens; a recording waits for `play`, when a client is there to receive it.
    start() {},
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    play() {
      if (playing || recorded.length === 0) return;
      playing = true;
      const first = recorded[0]!.at;
      recorded.forEach(({ at, notification }, index) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          for (const listener of listeners) listener(notification);
          if (index === recorded.length - 1) markFinished();
        }, (at - first) / speed);
        timers.add(timer);
      });
    },
    detailsQuery: () => [],
    detailsPage: () => ({ conversations: [], totalHits: 0 }),
    conversationsById: () => [],
    observations: () => [],
    metricEmissions: () => [],
  };
}

function readRecording(file: string): Recorded[] {
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  } catch (error) {
    throw new EmulatorUsageError(`--replay ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give a file written by \`gcstream record --out\`.`);
  }
  const out: Recorded[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let frame: { receivedAt?: unknown; data?: unknown };
    let envelope: { topicName?: unknown; eventBody?: unknown };
    try {
      frame = JSON.parse(line) as typeof frame;
      envelope = typeof frame.data === 'string' ? (JSON.parse(frame.data) as typeof envelope) : {};
    } catch {
      throw new EmulatorUsageError(`${file}:${index + 1}: not a recorded frame: give a file written by \`gcstream record --out\`.`);
    }
    if (typeof frame.receivedAt !== 'number') throw new EmulatorUsageError(`${file}:${index + 1}: not a recorded frame (no receivedAt): give a file written by \`gcstream record --out\`.`);
    // Heartbeats and channel messages belong to the recording's own channel; the server sends its own.
    if (typeof envelope.topicName !== 'string' || envelope.topicName.startsWith('channel.') || envelope.eventBody === undefined) return;
    out.push({ at: frame.receivedAt, notification: { topicName: envelope.topicName, eventBody: envelope.eventBody, time: frame.receivedAt } });
  });
  return out;
}
