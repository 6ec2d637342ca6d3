import type { Logger } from 'pino';
import { Observable } from 'rxjs';
import type { EventSource, RawFrame } from '../../model/events.js';
import { closable } from '../_closable.js';
import type { Source, SourceState, SourceStatusBase } from '../source.js';
import { readRecording } from './recordingReader.js';
import type { ReplaySourceConfig } from './replayOptions.js';

export interface ReplaySourceStatus extends SourceStatusBase {
  readonly file: string;
  readonly speed: number | 'max';
}

export interface ReplaySource extends Source<ReplaySourceStatus> {
  readonly kind: 'replay';
}

export interface ReplaySourceContext {
  readonly logger?: Logger;
  /** Waits `ms`, or less when the signal aborts; tests pass a virtual one. @default a timer */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Wall clock, for pacing. @default performance.now */
  readonly now?: () => number;
}

const timerSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const onAbort = () => {
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      done();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Plays a recording made by `gcstream record` into a pipeline: the same frames, in the same
 * order, with the receive times they were recorded with (so event times, windows and dedupe see
 * the traffic as it happened), at the recorded pace, `speed` times faster, or as fast as possible.
 * Completes at the end of the file, which ends the pipeline as a drained stop.
 */
export function createReplaySource(config: ReplaySourceConfig, ctx: ReplaySourceContext = {}): ReplaySource {
  const sleep = ctx.sleep ?? timerSleep;
  const now = ctx.now ?? (() => performance.now());
  let state: SourceState = 'idle';
  let framesReceived = 0;
  const inner$ = new Observable<RawFrame>((subscriber) => {
    const controller = new AbortController();
    state = 'running';
    framesReceived = 0;
    ctx.logger?.info({ file: config.file, speed: config.speed }, 'replaying a recording');
    const play = async () => {
      let first: { recorded: number; wall: number } | undefined;
      for await (const frame of readRecording(config.file, controller.signal)) {
        if (config.speed !== 'max') {
          first ??= { recorded: frame.receivedAt, wall: now() };
          const due = first.wall + (frame.receivedAt - first.recorded) / config.speed;
          const wait = due - now();
          if (wait > 0) await sleep(wait, controller.signal);
        }
        if (controller.signal.aborted) return;
        framesReceived++;
        subscriber.next({ data: frame.data, channelId: frame.channelId, receivedAt: frame.receivedAt, ...(frame.source ? { source: frame.source as EventSource } : {}) });
      }
    };
    play().then(
      () => {
        if (state === 'running') state = 'stopped';
        ctx.logger?.info({ frames: framesReceived }, 'recording replayed to its end');
        subscriber.complete();
      },
      (error: unknown) => {
        state = 'failed';
        subscriber.error(error);
      },
    );
    return () => {
      controller.abort();
      if (state === 'running') state = 'stopped';
    };
  });
  const { frames$, close } = closable(inner$);
  return {
    kind: 'replay',
    frames$,
    status: () => ({ state, framesReceived, file: config.file, speed: config.speed }),
    ready: () => state === 'running',
    close,
  };
}
