import { Writable } from 'node:stream';
import type { Metrics, SourceStatusBase } from '@gcstream/core';
import { describeSource } from './sourceSummary.js';

type Tty = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface StatusSource {
  readonly metrics: Metrics;
  /** The source's own status (state, sockets, gaps, what it is retrying), when there is a source. */
  readonly source?: () => SourceStatusBase | undefined;
  /** Removes secrets from the line: a source problem can quote an error that quotes a URL or a key. */
  readonly scrub?: (text: string) => string;
}

/**
 * One line at the bottom of the terminal: events/s, per-sink delivered and lag, reconnects.
 * Everything else printed to the terminal (events, logs) goes through `wrap`, which lifts the
 * line out of the way, writes, and puts it back, so the two never interleave.
 */
export class StatusLine {
  #text = '';
  #lastEvents = 0;
  #lastAt = performance.now();
  #lastFrames = 0;
  #lastFrameAt = performance.now();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly terminal: Tty,
    private readonly status: StatusSource,
  ) {}

  start(intervalMs = 1000): void {
    this.#timer = setInterval(() => this.refresh(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
    this.#text = '';
  }

  refresh(): void {
    this.#clear();
    this.#text = this.render();
    this.#draw();
  }

  render(): string {
    const snapshot = this.status.metrics.snapshot();
    const events = snapshot.gcstream_pipeline_events_total ?? 0;
    const now = performance.now();
    const rate = ((events - this.#lastEvents) * 1000) / Math.max(1, now - this.#lastAt);
    this.#lastEvents = events;
    this.#lastAt = now;
    const sinks = Object.entries(snapshot)
      .flatMap(([series, delivered]) => {
        const sink = /^gcstream_sink_delivered_total\{sink="([^"]+)"\}$/.exec(series)?.[1];
        if (!sink) return [];
        const lag = (snapshot[`gcstream_sink_buffered{sink="${sink}"}`] ?? 0) + (snapshot[`gcstream_sink_in_flight{sink="${sink}"}`] ?? 0);
        // A write that hangs shows here long before the shutdown that would reveal it.
        const age = Math.floor(snapshot[`gcstream_sink_oldest_in_flight_seconds{sink="${sink}"}`] ?? 0);
        return [`${sink} ${delivered} delivered${lag ? `, ${lag} waiting` : ''}${age >= 1 ? `, oldest write ${age}s` : ''}`];
      })
      .join(' · ');
    const source = this.status.source?.();
    if (source && source.framesReceived !== this.#lastFrames) {
      this.#lastFrames = source.framesReceived;
      this.#lastFrameAt = now;
    }
    const deadLetters = Object.entries(snapshot)
      .filter(([series]) => series.startsWith('gcstream_dead_letters_total'))
      .reduce((sum, [, n]) => sum + n, 0);
    const parts = [
      `${events} events (${Math.round(rate)}/s)`,
      sinks,
      ...(source ? describeSource(source, (now - this.#lastFrameAt) / 1000) : []),
      deadLetters ? `${deadLetters} dead letters` : '',
    ].filter(Boolean);
    const line = this.status.scrub ? this.status.scrub(parts.join(' · ')) : parts.join(' · ');
    const width = this.terminal.columns ?? 120;
    return line.length >= width ? `${line.slice(0, width - 2)}…` : line;
  }

  /** A stream for sinks and logs that keeps the status line below what they print. */
  wrap(target: Tty): Tty {
    const stream = new Writable({
      write: (chunk: Buffer | string, _encoding, callback) => {
        this.#clear();
        target.write(chunk, (error) => callback(error ?? null));
        this.#draw();
      },
    });
    return Object.assign(stream, { isTTY: target.isTTY });
  }

  #clear(): void {
    if (this.#text) this.terminal.write('\r\u001b[2K');
  }

  #draw(): void {
    if (this.#text) this.terminal.write(`\u001b[2m${this.#text}\u001b[22m`);
  }
}
