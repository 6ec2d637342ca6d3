import { startEmulator } from '@gcstream/emulator';
import { freeLoopbackPort } from '@gcstream/testkit';
import { describe, expect, it } from 'vitest';
import { logLines, runCli } from './cliProcess.js';
import { tempProject } from './tempProject.js';

/** Issue 8, silent stalls: what holds a run up is said at info or warn, with its cause. */
describe('what a stalled start says', () => {
  it('a refused login names ECONNREFUSED and the wait, at warn', async () => {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const port = await freeLoopbackPort();
    const dir = tempProject({
      'pipeline.yaml': `source:\n  genesys:\n    baseUrl: http://127.0.0.1:${port}\n    clientId: abc\n    clientSecret: defghijk\n    topics: [ "v2.users.u1.presence" ]\nsinks:\n  - console: {}\n`,
    });
    const result = await runCli(['run', 'pipeline.yaml', '--duration', '4s'], { cwd: dir });
    const retry = logLines(result.stderr).find((l) => typeof l.msg === 'string' && l.msg.startsWith('login failed ('));
    expect(retry, result.stderr).toMatchObject({ level: 40, cause: expect.stringContaining('ECONNREFUSED') });
    expect(retry!.msg).toMatch(/^login failed \(ECONNREFUSED.*\); retrying in \d+ s$/);
  });

  it('REST 429s during discovery are logged at warn with the path and the wait, not at debug', async () => {
    const emulator = await startEmulator({ port: 0, speed: 60, faults: ['429:count=3,retry-after=1s'] });
    try {
      const dir = tempProject({
        'pipeline.yaml': `source:\n  genesys:\n    baseUrl: ${emulator.baseUrl}\n    clientId: ${emulator.clientId}\n    clientSecret: "${emulator.clientSecret}"\n    topics: [ "v2.routing.queues.{queueId}.conversations" ]\nsinks:\n  - console: {}\n`,
      });
      const result = await runCli(['run', 'pipeline.yaml', '--max-events', '3'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const limited = logLines(result.stderr).filter((l) => typeof l.msg === 'string' && /rate limited \(HTTP 429\); retrying in \d+ s$/.test(l.msg));
      expect(limited.length, result.stderr).toBeGreaterThan(0);
      expect(limited.every((l) => l.level === 40)).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
