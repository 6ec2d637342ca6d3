import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, openSpool } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { logLines, startCli, waitFor } from './cliProcess.js';
import { HANGING_SINK, ndjson, tempProject } from './tempProject.js';

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
