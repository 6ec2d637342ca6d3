import { Subject, interval, type SchedulerLike, type Subscription, asyncScheduler } from 'rxjs';
import WebSocket from 'ws';
import { errors } from '../../errors/errors.js';
import { classifyFrame, topicNameOf, topicNameStart } from './frameClassifier.js';
import { heartbeatWatchdog } from './heartbeatWatchdog.js';

const PING = '{"message":"ping"}';

export interface ChannelSocketOptions {
  connectUri: string;
  channelId: string;
  pingIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Accept a `wss:` certificate that cannot be verified (`insecureSkipTlsVerify`). @default false */
  insecureSkipTlsVerify?: boolean;
  /** Give up on an upgrade that has not completed after this long, in ms. @default 10000 */
  connectTimeoutMs?: number;
  scheduler?: SchedulerLike;
  /** The host's clock, epoch ms. @default Date.now */
  now?: () => number;
  /** Reads the `Date` header of the upgrade answer (the server's clock). */
  onUpgrade?(dateHeader: string | undefined, sentAt: number, receivedAt: number): void;
  /**
   * A data frame: text as received, where its topic name starts (-1 when unknown), and when it
   * arrived (local ms, the same reading as `lastFrameAt`: the clock is read once a frame).
   */
  onData(text: string, topicStart: number, receivedAt: number): void;
  /** A `v2.system.*` frame: its topic name (the only part the source acts on). */
  onSystem(topicName: string): void;
  /**
   * The socket closed, errored or went silent. Not called after `close()`. `lastFrameAt` (local
   * ms) is when the last frame of any kind (event, heartbeat, pong) arrived: nothing is known to
   * have been delivered after it, so a gap starts there, not when the loss was noticed.
   */
  onDown(reason: string, lastFrameAt: number): void;
  /**
   * The socket's first frame of any kind arrived (local ms): it delivers. A ping goes out as the
   * socket opens, so even a channel with nothing to send answers within a round trip.
   */
  onFirstFrame?(receivedAt: number): void;
}

export interface ChannelSocket {
  readonly channelId: string;
  /** Whether the socket has closed, on purpose or not. */
  readonly closed: boolean;
  /** When its first frame of any kind arrived (local ms); undefined until one has. */
  readonly firstFrameAt: number | undefined;
  /** Closes the socket on purpose: `onDown` is not called. */
  close(): void;
}

/**
 * One WebSocket to one channel: pings, a heartbeat watchdog, and a cheap split of the frames
 * into data (handed on untouched), liveness (fed to the watchdog) and system (parsed and handed up).
 */
export function openChannelSocket(options: ChannelSocketOptions): Promise<ChannelSocket> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = options.now ?? Date.now;
  return new Promise((resolve, reject) => {
    const sentAt = now();
    let lastFrameAt = sentAt;
    let firstFrameAt: number | undefined;
    const ws = new WebSocket(options.connectUri, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: options.connectTimeoutMs ?? 10_000, rejectUnauthorized: options.insecureSkipTlsVerify !== true });
    const liveness = new Subject<void>();
    const subscriptions: Subscription[] = [];
    let opened = false;
    let finished = false;

    const teardown = (graceful = false) => {
      finished = true;
      for (const s of subscriptions) s.unsubscribe();
      liveness.complete();
      ws.removeAllListeners('message');
      ws.on('error', () => undefined);
      if (graceful && ws.readyState === WebSocket.OPEN) ws.close(1000);
      else if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    };
    const down = (reason: string) => {
      if (finished) return;
      teardown();
      options.onDown(reason, lastFrameAt);
    };

    ws.on('unexpected-response', (_req, res) => {
      if (finished) return;
      teardown();
      reject(errors.channel(`channel ${options.channelId} refused the WebSocket upgrade (HTTP ${res.statusCode}); it no longer exists, a new one will be made.`));
    });
    ws.on('error', (error) => {
      if (!opened) {
        if (!finished) {
          teardown();
          reject(errors.channel(`cannot connect to channel ${options.channelId}: ${error.message}`, error));
        }
      } else down(`socket error: ${error.message}`);
    });
    ws.on('close', (code) => {
      if (opened) down(`socket closed (code ${code})`);
      else if (!finished) {
        teardown();
        reject(errors.channel(`channel ${options.channelId} closed during the WebSocket upgrade (code ${code})`));
      }
    });
    ws.on('upgrade', (res) => {
      const date = res.headers.date;
      options.onUpgrade?.(typeof date === 'string' ? date : undefined, sentAt, now());
    });
    ws.on('message', (data: Buffer) => {
      lastFrameAt = now();
      if (firstFrameAt === undefined) {
        firstFrameAt = lastFrameAt;
        options.onFirstFrame?.(firstFrameAt);
      }
      const text = data.toString();
      const start = topicNameStart(text);
      const kind = classifyFrame(text, start);
      if (kind === 'data') options.onData(text, start, lastFrameAt);
      else if (kind === 'liveness') liveness.next();
      else {
        liveness.next();
        const topicName = topicNameOf(text, start);
        if (topicName !== undefined) options.onSystem(topicName);
      }
    });
    ws.on('open', () => {
      opened = true;
      lastFrameAt = now();
      subscriptions.push(
        liveness.pipe(heartbeatWatchdog({ timeoutMs: options.heartbeatTimeoutMs, scheduler })).subscribe((ms) => down(`no heartbeat or pong for ${ms} ms`)),
        interval(options.pingIntervalMs, scheduler).subscribe(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(PING);
        }),
      );
      ws.send(PING);
      resolve({
        channelId: options.channelId,
        get closed() {
          return finished;
        },
        get firstFrameAt() {
          return firstFrameAt;
        },
        close: () => {
          if (finished) return;
          teardown(true);
        },
      });
    });
  });
}
