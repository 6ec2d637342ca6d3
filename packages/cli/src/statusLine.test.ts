import { createMetrics, SecretSet } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { StatusLine } from './statusLine.js';

function terminal() {
  let text = '';
  return Object.assign(
    {
      write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void) {
        text += chunk.toString();
        callback?.();
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    { isTTY: true, columns: 200, text: () => text },
  );
}

describe('status line', () => {
  it('shows events, per-sink delivered and waiting, sockets and dead letters', () => {
    const metrics = createMetrics();
    metrics.inc('gcstream_pipeline_events_total', undefined, 12);
    metrics.inc('gcstream_sink_delivered_total', { sink: 'console' }, 10);
    metrics.set('gcstream_sink_buffered', 2, { sink: 'console' });
    metrics.inc('gcstream_dead_letters_total', { stage: 'decode' }, 1);
    const line = new StatusLine(terminal(), { metrics, source: () => ({ connectedSockets: 1, reconnects: 0, backfilled: 0 }) });
    expect(line.render()).toMatch(/^12 events \(\d+\/s\) · console 10 delivered, 2 waiting · 1 socket, 0 reconnects · 1 dead letters$/);
  });

  it('shows a sink before its first delivery, with the age of a write that has not returned', () => {
    const metrics = createMetrics();
    const sink = { sink: 'webhook' };
    metrics.inc('gcstream_sink_delivered_total', sink, 0);
    metrics.gaugeFrom('gcstream_sink_in_flight', () => 1, sink);
    let age = 0.4;
    metrics.gaugeFrom('gcstream_sink_oldest_in_flight_seconds', () => age, sink);
    const line = new StatusLine(terminal(), { metrics });
    expect(line.render()).toMatch(/^0 events \(\d+\/s\) · webhook 0 delivered, 1 waiting$/);
    age = 42.7;
    expect(line.render()).toMatch(/^0 events \(\d+\/s\) · webhook 0 delivered, 1 waiting, oldest write 42s$/);
  });

  it('says what the source is doing when nothing flows: starting, what it retries, gaps, a quiet socket (issue 8)', () => {
    const metrics = createMetrics();
    const gaps = { open: 0, closed: 0, totalMs: 0, unfilled: 0, unfilledMs: 0, lostMs: 0 };
    let status = { state: 'starting', framesReceived: 0, connectedSockets: 0, channels: [], reconnects: 0, backfilled: 0, gaps, problems: ['login refused (ECONNREFUSED); retrying in 8 s'] };
    const line = new StatusLine(terminal(), { metrics, source: () => status as never });
    expect(line.render()).toBe('0 events (0/s) · source starting · 0 sockets, 0 reconnects · ⚠ login refused (ECONNREFUSED); retrying in 8 s');
    status = { ...status, state: 'running', connectedSockets: 1, channels: [{}, {}] as never, gaps: { ...gaps, open: 1, unfilled: 2 }, problems: [] };
    expect(line.render()).toBe('0 events (0/s) · 1/2 sockets, 0 reconnects · 1 gap open · 2 gaps waiting for backfill');
  });

  it('scrubs secrets from what the source reports (issue 8)', () => {
    const metrics = createMetrics();
    const status = { state: 'running', framesReceived: 1, problems: ['POST https://user:hunter22@proxy.example/oauth/token failed with key sk-live-123456'] };
    const secrets = new SecretSet(['sk-live-123456']);
    const line = new StatusLine(terminal(), { metrics, source: () => status as never, scrub: (text) => secrets.scrub(text) });
    expect(line.render()).toBe('0 events (0/s) · ⚠ POST https://user:[redacted]@proxy.example/oauth/token failed with key [redacted]');
  });

  it('lifts itself out of the way of what the wrapped stream prints', async () => {
    const metrics = createMetrics();
    const term = terminal();
    const line = new StatusLine(term, { metrics });
    line.refresh();
    const out = line.wrap(term);
    await new Promise<void>((resolve) => out.write('event line\n', () => resolve()));
    line.stop();
    // Cleared before the event, redrawn after it, cleared at the end.
    expect(term.text()).toBe('\u001b[2m0 events (0/s)\u001b[22m\r\u001b[2Kevent line\n\u001b[2m0 events (0/s)\u001b[22m\r\u001b[2K');
  });
});
