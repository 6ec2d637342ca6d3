import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { runCli } from './cliProcess.js';

const PG = 'postgres://postgres@127.0.0.1:5432/test';

function write(dir: string, yaml: string): string {
  writeFileSync(join(dir, 'p.yaml'), yaml);
  return 'p.yaml';
}

describe('gcstream validate --strict (as a process)', () => {
  it('passes when every sink answers and the OAuth client logs in', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'gcstream-strict-ok-'));
      const file = write(
        dir,
        `source:
  genesys: { baseUrl: "${emulator.baseUrl}", clientId: ${emulator.clientId}, clientSecret: ${emulator.clientSecret} }
sinks:
  - postgres: { url: "${PG}", table: gcstream_strict_check, createTable: true }
  - webhook: { url: "http://127.0.0.1:9/hooks" }
  - nats: { servers: "nats://127.0.0.1:4222" }
  - file: { dir: ./out/deeper }
  - console: {}
`,
      );
      const result = await runCli(['validate', '--strict', file], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('is valid');
    } finally {
      await emulator.close();
    }
  });

  it('exits 2 and names every sink that cannot be reached and a login that is refused', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'gcstream-strict-bad-'));
      const file = write(
        dir,
        `source:
  genesys: { baseUrl: "${emulator.baseUrl}", clientId: ${emulator.clientId}, clientSecret: not-the-secret }
sinks:
  - postgres: { url: "postgres://postgres@127.0.0.1:1/test" }
  - postgres: { url: "${PG}", table: gcstream_no_such_table_here }
  - webhook: { url: "http://gcstream-no-such-host.invalid/hooks" }
  - nats: { servers: "nats://127.0.0.1:1" }
`,
      );
      const unchecked = await runCli(['validate', file], { cwd: dir });
      expect(unchecked.code, unchecked.stderr).toBe(0);
      const result = await runCli(['validate', '--strict', file], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^p\.yaml: sink "postgres": cannot connect to PostgreSQL .*ECONNREFUSED/m);
      expect(result.stderr).toMatch(/^p\.yaml: sink "postgres#2": table gcstream_no_such_table_here does not exist: create it, or set createTable: true$/m);
      expect(result.stderr).toMatch(/^p\.yaml: sink "webhook": the host gcstream-no-such-host\.invalid does not resolve/m);
      expect(result.stderr).toMatch(/^p\.yaml: sink "nats": no NATS server is reachable: cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)$/m);
      expect(result.stderr).toMatch(/^p\.yaml: source\.genesys: .* refused the OAuth client \(HTTP 40[01]\)/m);
      expect(result.stderr).not.toContain('not-the-secret');
    } finally {
      await emulator.close();
    }
  });
});
