import { Writable } from 'node:stream';
import type { Metrics, SourceStatusBase } from '@gcstream/core';
import { sparkline, StatusModel, type StatusSample } from './statusModel.js';

type Tty = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface StatusPanelOptions {
  readonly metrics: Metrics;
  readonly source: () => SourceStatusBase | undefined;
  /** One line instead of the panel. */
  readonly compact?: boolean;
  /** Removes secrets: a source problem can quote an error that quotes a URL. */
  readonly scrub?: (text: string) => string;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const rate = (value: number) => (value >= 10 ? n(value) : value.toFixed(1));

/** The panel's lines for one sample; the first is the compact line. */
export function renderPanel(sample: StatusSample, width: number, compact: boolean): string[] {
  const head = `in ${rate(sample.rateIn)}/s ${sparkline(sample.historyIn)}  out ${rate(sample.rateOut)}/s ${sparkline(sample.historyOut)}  total ${n(sample.eventsIn)} in, ${n(sample.eventsOut)} out${sample.deadLetters ? `, ${n(sample.deadLetters)} dead letters` : ''}`;
  const src = sample.source;
  const channels = src ? `channels ${src.channelsConnected}/${src.channels} connected, ${src.reconnects} reconnects, ${src.rollovers} rollovers, ${src.gaps} gaps, ${n(src.backfilled)} backfilled` : '';
  if (compact) {
    const sinks = sample.sinks.map((s) => `${s.name} ${n(s.delivered)}${s.buffered ? ` (+${n(s.buffered)})` : ''}`).join(' ');
    return [fit(`gcstream ${head} · ${sinks}${src ? ` · ${src.channelsConnected}/${src.channels} ch, ${src.reconnects} reconnects` : ''}`, width)];
  }
  const nameWidth = Math.max(4, ...sample.sinks.map((s) => s.name.length));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(nameWidth) : c.padStart(12))).join(' ');
  const lines = [
    `gcstream  ${head}`,
    `  ${row(['sink', 'delivered', 'lag', 'buffered', 'retries', 'dead letters'])}`,
    ...sample.sinks.map(
      (s) => `  ${row([s.name, n(s.delivered), s.lagSeconds === undefined ? '-' : `${s.lagSeconds.toFixed(2)}s`, n(s.buffered), n(s.retries), n(s.deadLetters)])}${s.connected ? '' : '  (not connected)'}`,
    ),
  ];
  if (src) lines.push(`  source ${src.state}: ${channels}`);
  for (const problem of src?.problems ?? []) lines.push(`  ! ${problem}`);
  return lines.map((line) => fit(line, width));
}

const fit = (line: string, width: number) => (line.length > width ? `${line.slice(0, Math.max(1, width - 1))}…` : line);

/**
 * A live status panel at the bottom of a terminal, redrawn in place. Everything else printed to
 * the terminal (events, logs) goes through `wrap`, which lifts the panel out of the way, writes,
 * and draws it again below, so the two never interleave.
 */
export class StatusPanel {
  #lines: string[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #model: StatusModel;

  constructor(
    private readonly terminal: Tty,
    private readonly options: StatusPanelOptions,
  ) {
    this.#model = new StatusModel(options.metrics, options.source);
  }

  start(intervalMs = 1000): void {
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
    this.#lines = [];
  }

  refresh(): void {
    const lines = renderPanel(this.#model.sample(), (this.terminal.columns ?? 120) - 1, this.options.compact ?? false);
    this.#clear();
    this.#lines = this.options.scrub ? lines.map(this.options.scrub) : lines;
    this.#draw();
  }

  wrap(target: Tty): Tty {
    const stream = new Writable({
      write: (chunk: Buffer | string, _encoding, callback) => {
        this.#clear();
        target.write(chunk, (error) => callback(error ?? null));
        this.#draw();
      },
    });
    return Object.assign(stream, { isTTY: target.isTTY, columns: target.columns });
  }

  /** Moves to the panel's first line and erases to the end of the screen. */
  #clear(): void {
    if (this.#lines.length === 0) return;
    this.terminal.write(`\r${this.#lines.length > 1 ? `\u001b[${this.#lines.length - 1}A` : ''}\u001b[J`);
  }

  /** The cursor stays at the end of the last line, so the next clear knows where the panel starts. */
  #draw(): void {
    if (this.#lines.length) this.terminal.write(`\u001b[2m${this.#lines.join('\n')}\u001b[22m`);
  }
}
