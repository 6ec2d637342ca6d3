import type { SocketSession } from '../streaming/socketSession.js';
import type { FaultController } from '../faults/faultController.js';
import type { TruthLog } from '../truth/truthLog.js';
import { frameLength, writeFrame, type FrameTemplate } from './frameEncoder.js';
import { sampleBody } from './sampleBodies.js';

export interface HighRateOptions {
  /** Stop after this many frames per socket; unbounded when absent. */
  maxFrames?: number;
  /** Frames sent per event-loop turn before yielding. @default 2000 */
  batch?: number;
  /** Stop filling a socket while this many bytes wait in its send buffer. @default 4 MiB */
  highWaterBytes?: number;
  /** Pace each socket at this rate instead of as fast as it drains (for latency measurements). */
  eventsPerSecond?: number;
}

/** Frames a paced socket may send now: what the rate allows since `startMs`, less what went out. */
export function pacedBudget(eventsPerSecond: number | undefined, startMs: number, nowMs: number, sent: number): number {
  if (eventsPerSecond === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor((eventsPerSecond * (nowMs - startMs)) / 1000) - sent);
}

/** Frames per socket write: large enough to amortize the write, small enough to keep latency low. */
const FRAMES_PER_WRITE = 128;

/** Pre-serialized frames: only the CorrelationId's last 12 hex digits change per frame. */
function buildTemplates(topics: readonly string[]): FrameTemplate[] {
  const templates: FrameTemplate[] = [];
  for (let n = 0; n < Math.max(64, topics.length); n++) {
    const topicName = topics[n % topics.length] ?? '';
    const text = JSON.stringify({ topicName, version: '2', eventBody: sampleBody(topicName, n), metadata: { CorrelationId: '@@' } });
    const at = text.lastIndexOf('@@');
    templates.push({ prefix: Buffer.from(`${text.slice(0, at)}00000000-0000-4000-8000-`), suffix: Buffer.from(text.slice(at + 2)) });
  }
  return templates;
}

/**
 * Floods one socket with realistic frames as fast as it drains: write while the socket's buffer
 * (`bufferedAmount`) is under the high-water mark, then yield. Frames are encoded in batches straight
 * onto the upgraded TCP socket, one write per batch. Every frame is counted in the ground truth.
 */
export function startHighRatePump(session: SocketSession, truth: TruthLog, faults: FaultController, options: HighRateOptions = {}): void {
  const batch = options.batch ?? 2000;
  const highWater = options.highWaterBytes ?? 4 * 1024 * 1024;
  const max = options.maxFrames ?? Number.POSITIVE_INFINITY;
  const ws = session.ws;
  let sent = 0;
  let templates: FrameTemplate[] = [];
  let lengths: number[] = [];
  let topicCount = -1;
  let pacingStart = 0;

  const pump = (): void => {
    if (!session.open || sent >= max) return;
    if (session.channel.topics.size !== topicCount) {
      topicCount = session.channel.topics.size;
      const concrete = [...session.channel.topics.values()].flat();
      templates = concrete.length ? buildTemplates(concrete) : [];
      lengths = templates.map(frameLength);
    }
    if (templates.length === 0 || faults.silent || ws.bufferedAmount >= highWater) {
      setTimeout(pump, templates.length === 0 || faults.silent ? 20 : 1);
      return;
    }
    if (pacingStart === 0) pacingStart = performance.now() - 1;
    const budget = pacedBudget(options.eventsPerSecond, pacingStart, performance.now(), sent);
    if (budget === 0) {
      setTimeout(pump, 1);
      return;
    }
    const start = sent;
    const end = Math.min(max, sent + Math.min(batch, budget));
    const raw = session.raw;
    while (sent < end && ws.bufferedAmount < highWater && session.open) {
      const n = Math.min(FRAMES_PER_WRITE, end - sent);
      const count = templates.length;
      if (!raw) {
        for (let k = 0; k < n; k++, sent++) {
          const t = templates[sent % count]!;
          ws.send(Buffer.concat([t.prefix, Buffer.from(sent.toString(16).padStart(12, '0')), t.suffix]), { binary: false });
        }
        continue;
      }
      let size = 0;
      for (let k = 0; k < n; k++) size += lengths[(sent + k) % count]!;
      const chunk = Buffer.allocUnsafe(size);
      let at = 0;
      for (let k = 0; k < n; k++, sent++) at = writeFrame(chunk, at, templates[sent % count]!, sent);
      raw.write(chunk);
    }
    truth.countHighRate(sent - start);
    setImmediate(pump);
  };
  pump();
}
