import { startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { logLines, runCli } from './cliProcess.js';
import { tempProject } from './tempProject.js';

/** Issue 8: a run that lost source time exits non-zero, and says how much. */
describe('exit code of a run that lost events', () => {
  it('a gap older than backfill can reach is lost: exit 1 with the lost seconds named', async () => {
    const emulator = await startEmulator({ port: 0, speed: 60, faults: ['drop-sockets:every=3s'] });
    try {
      const dir = tempProject({
        'pipeline.yaml': [
          'source:',
          '  genesys:',
          `    baseUrl: ${emulator.baseUrl}`,
          `    clientId: ${emulator.clientId}`,
          `    clientSecret: "${emulator.clientSecret}"`,
          '    topics: [ "v2.routing.queues.{queueId}.conversations" ]',
          '    backfill: true',
          // Nothing is within reach of backfill: every gap is lost.
          '    backfillRetention: 1ms',
          'sinks:',
          '  - console: { format: json }',
          '',
        ].join('\n'),
      });
      const result = await runCli(['run', 'pipeline.yaml', '--duration', '8s'], { cwd: dir });
      const lost = logLines(result.stderr).find((l) => typeof l.msg === 'string' && l.msg.startsWith('events were lost'));
      expect(lost, result.stderr).toBeDefined();
      expect(result.code).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
