import type { SourceStatusBase } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { SourceWatch } from './sourceWatch.js';

function recorder() {
  const lines: Array<{ level: string; msg: string }> = [];
  const log = (level: string) => (first: unknown, msg?: string) => void lines.push({ level, msg: msg ?? String(first) });
  return { lines, logger: { info: log('info'), warn: log('warn') } as never };
}

describe('source watch (issue 8: silent stalls)', () => {
  it('warns once per new problem, says when it clears, and reports a source still starting', () => {
    let status: SourceStatusBase & { problems: string[] } = { state: 'starting', framesReceived: 0, problems: [] };
    const { lines, logger } = recorder();
    const watch = new SourceWatch(() => status, logger, 0);
    watch.check(5_000);
    expect(lines).toEqual([]);
    status = { ...status, problems: ['login refused (ECONNREFUSED); retrying in 8 s'] };
    watch.check(6_000);
    watch.check(7_000);
    expect(lines).toEqual([{ level: 'warn', msg: 'source: login refused (ECONNREFUSED); retrying in 8 s' }]);
    watch.check(10_000);
    expect(lines[1]).toEqual({ level: 'warn', msg: 'source still starting after 10 s: login refused (ECONNREFUSED); retrying in 8 s' });
    status = { state: 'running', framesReceived: 3, problems: [] };
    watch.check(11_000);
    expect(lines[2]).toEqual({ level: 'info', msg: 'source: recovered from the problem above' });
    expect(lines).toHaveLength(3);
  });

  it('says once when a running source has delivered nothing for a minute', () => {
    const status = { state: 'running' as const, framesReceived: 7, connectedSockets: 1 };
    const { lines, logger } = recorder();
    const watch = new SourceWatch(() => status, logger, 0);
    watch.check(1_000);
    watch.check(59_000);
    expect(lines).toEqual([]);
    watch.check(61_000);
    watch.check(62_000);
    expect(lines).toEqual([{ level: 'info', msg: 'no events for 60 s on 1 socket: a quiet contact center, or a socket the heartbeat watchdog will replace' }]);
  });
});
