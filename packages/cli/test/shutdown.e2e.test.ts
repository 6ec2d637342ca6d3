import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, openSpool } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { SIGNAL_ECHO_MS } from '../src/io.js';
import { logLines, startCli, waitFor } from './cliProcess.js';
import { HANGING_SINK, ndjson, tempProject } from './tempProject.js';

/** A second signal sent this long after the first is a second Ctrl-C, not a wrapper's copy of the first. */
const pastEcho = () => new Promise((resolve) => setTimeout(resolve, SIGNAL_ECHO_MS + 200));

/** A sink whose every write takes 300 ms: a drain that lasts long enough for a wrapper's copy of the signal to land in it. */
const SLOW_SINK = `import { defineSink } from '@gcstream/core';
import { z } from 'zod';
import { appendFileSync } from 'node:fs';

export default defineSink({
  name: 'slow',
  configSchema: z.object({}),
  create() {
    return {
      write: (events) => new Promise((resolve) => setTimeout(() => {
        appendFileSync('slow.ndjson', events.map((e) => JSON.stringify({ key: e.key }) + '\\n').join(''));
        resolve();
      }, 300)),
      async close() {},
    };
  },
});
`;

/** Issue 8, shutdown losses: every signal path ends with each event delivered, dead-lettered or spooled, and counted. */
describe('stopping gcstream run', () => {
  const hangingPipeline = (extra = '') =>
    tempProject({
      'hang-sink.mjs': HANGING_SINK,
      // The first signal's drain could wait a minute for the stuck write: only a second signal ends it sooner.
      'pipeline.yaml': `shutdownTimeout: 60s\n${extra}sinks:\n  - ./hang-sink.mjs: { batch: { size: 5 } }\n`,
    });

  it('a second SIGINT writes the buffered and in-flight events to dead letters, says how many, and exits 130', async () => {
    const dir = hangingPipeline();
    const run = startCli(['run', 'pipeline.yaml', '--emulator-speed', '60', '--dead-letters', 'dead.ndjson'], { cwd: dir });
    await waitFor(run, () => /"channel live"/.test(run.stderr()), 'a live channel');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    run.child.kill('SIGINT');
    await waitFor(run, () => /source stopped; draining/.test(run.stderr()), 'the drain');
    await pastEcho();
    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    const logs = logLines(run.stderr());
    const ended = logs.find((l) => l.msg === 'pipeline ended') as { events: number; undelivered: { deadLettered: number } };
    expect(ended.events).toBeGreaterThan(5);
    const letters = ndjson(join(dir, 'dead.ndjson'));
    // Every event the run took in is in the file, each once, and the log says how many.
    expect(letters).toHaveLength(ended.events);
    expect(ended.undelivered.deadLettered).toBe(ended.events);
    expect(logs.some((l) => l.msg === `${ended.events} undelivered events written to dead letters`)).toBe(true);
    expect(letters.some((l) => String(l.reason).includes('the write had not finished'))).toBe(true);
    expect(letters.every((l) => String(l.reason).includes('stopped at once'))).toBe(true);
  });

  it('with --spool and a write that never returns, the exit summary counts exactly what the spool keeps', async () => {
    const dir = hangingPipeline();
    const run = startCli(['run', 'pipeline.yaml', '--emulator-speed', '60', '--spool', 'spool'], { cwd: dir });
    await waitFor(run, () => /"channel live"/.test(run.stderr()), 'a live channel');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    run.child.kill('SIGTERM');
    await waitFor(run, () => /source stopped; draining/.test(run.stderr()), 'the drain');
    await pastEcho();
    run.child.kill('SIGTERM');
    expect(await run.exited, run.stderr()).toBe(130);
    const logs = logLines(run.stderr());
    const kept = logs.find((l) => l.msg === 'events kept in the spool for the next run') as { events: number };
    const ended = logs.find((l) => l.msg === 'pipeline ended') as { events: number; deadLetters: number; undelivered: { kept: number }; sinks: Record<string, unknown> };
    expect(Object.keys(ended.sinks)).toEqual(['hang']);
    expect(kept.events).toBe(ended.events);
    expect(ended.undelivered.kept).toBe(ended.events);
    expect(ended.deadLetters).toBe(0);
    expect(existsSync(join(dir, 'gcstream-dead-letters.ndjson'))).toBe(false);
    const spool = await openSpool({ dir: join(dir, 'spool'), sinks: ['hang'], logger: createLogger({ level: 'silent' }) });
    try {
      expect([...spool.pending('hang')]).toHaveLength(ended.events);
    } finally {
      await spool.close();
    }
  });

  it('one Ctrl-C that a wrapper passes on again (npx, pnpm) drains once: nothing is given up, and it exits 0', async () => {
    const dir = tempProject({ 'slow-sink.mjs': SLOW_SINK, 'pipeline.yaml': 'sinks:\n  - ./slow-sink.mjs: { batch: { size: 20 }, maxInFlight: 1 }\n' });
    const run = startCli(['run', 'pipeline.yaml', '--emulator-speed', '60', '--log-level', 'debug'], { cwd: dir });
    await waitFor(run, () => /"channel live"/.test(run.stderr()), 'a live channel');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // The terminal's signal, then the wrapper's copy of it a moment later, while the slow sink drains.
    run.child.kill('SIGINT');
    await waitFor(run, () => /source stopped; draining/.test(run.stderr()), 'the drain');
    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr()).toBe(0);
    const logs = logLines(run.stderr());
    expect(logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('stopping at once'))).toBe(false);
    expect(logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('the same stop signal again'))).toBe(true);
    const ended = logs.find((l) => l.msg === 'pipeline ended') as { reason: string; events: number; deadLetters: number; sinks: { slow: { delivered: number } } };
    expect(ended.reason).toBe('stopped');
    expect(ended.deadLetters).toBe(0);
    expect(ended.sinks.slow.delivered).toBe(ended.events);
    expect(ndjson(join(dir, 'slow.ndjson'))).toHaveLength(ended.events);
  });

  it('SIGHUP drains and closes the sinks like SIGTERM, and exits 0', async () => {
    const dir = tempProject({ 'pipeline.yaml': 'sinks:\n  - file: { path: events.ndjson }\n' });
    const run = startCli(['run', 'pipeline.yaml', '--emulator-speed', '60'], { cwd: dir });
    await waitFor(run, () => /"channel live"/.test(run.stderr()), 'a live channel');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    run.child.kill('SIGHUP');
    expect(await run.exited, run.stderr()).toBe(0);
    const logs = logLines(run.stderr());
    expect(logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('stopping: draining'))).toMatchObject({ signal: 'SIGHUP' });
    const ended = logs.find((l) => l.msg === 'pipeline ended') as { reason: string; events: number; sinks: { file: { delivered: number } } };
    expect(ended.reason).toBe('stopped');
    expect(ended.events).toBeGreaterThan(0);
    expect(ended.sinks.file.delivered).toBe(ended.events);
    expect(ndjson(join(dir, 'events.ndjson'))).toHaveLength(ended.events);
  });
});
