import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './cliProcess.js';

describe('gcstream echo (as a process)', () => {
  it('prints the resolved config: env filled in, defaults shown, secrets redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-echo-'));
    writeFileSync(
      join(dir, 'p.yaml'),
      `source:\n  genesys:\n    region: eu-west-1\n    clientId: \${CLIENT_ID}\n    clientSecret: \${CLIENT_SECRET}\nsinks:\n  - webhook:\n      url: \${HOOK_URL:-http://127.0.0.1:8790/in}\n      secret: \${HOOK_SECRET}\n      headers: { Authorization: "Bearer \${HOOK_TOKEN}" }\n`,
    );
    const env = { CLIENT_ID: 'id-123', CLIENT_SECRET: 'shh-client-secret', HOOK_SECRET: 'a-hook-secret-of-32-characters!!', HOOK_TOKEN: 'tok-999' };
    const result = await runCli(['echo', 'p.yaml'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    for (const secret of Object.values(env).slice(1)) expect(result.stdout).not.toContain(secret);
    expect(result.stdout.split('\n')[0]).toMatch(/^# p\.yaml, resolved: /);
    const echoed = parse(result.stdout) as Record<string, any>;
    expect(echoed.source.genesys).toMatchObject({ region: 'eu-west-1', clientId: 'id-123', clientSecret: '[redacted]', topics: ['v2.routing.queues.{queueId}.conversations'], queues: 'all' });
    expect(echoed.sinks[0].webhook).toMatchObject({
      url: 'http://127.0.0.1:8790/in',
      secret: '[redacted]',
      headers: { Authorization: '[redacted]' },
      method: 'POST',
      timeout: 10_000,
      batch: expect.objectContaining({ size: expect.any(Number) }),
      retry: expect.objectContaining({ attempts: 5 }),
      onFull: 'dead-letter',
    });
    expect(echoed).toMatchObject({ pipeline: [], shutdownTimeout: 10_000, logging: { level: 'info' } });
    // The echoed config is itself a valid config.
    writeFileSync(join(dir, 'echoed.yaml'), result.stdout.replaceAll('"[redacted]"', '"redacted-for-the-test-0123456789"'));
    const validate = await runCli(['validate', 'echoed.yaml'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
  });
});
