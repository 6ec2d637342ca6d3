import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from './parseConfig.js';
import { checkConfigOffline } from './offlineChecks.js';

const org = (genesys: string) => parseConfigText(`source:\n  genesys:\n    clientId: abc\n    clientSecret: defghijk\n${genesys}sinks:\n  - console: {}\n`, 'p.yaml');

describe('checkConfigOffline (what validate catches without a network, issue 8)', () => {
  it('refuses an unknown region at its line', () => {
    expect(() => checkConfigOffline(org('    region: mars-east-9\n'))).toThrow(/p\.yaml:5:\d+: \[source:genesys\] unknown region "mars-east-9"/);
  });

  it('accepts known regions, domains and a baseUrl that overrides the region', () => {
    expect(() => checkConfigOffline(org('    region: eu-west-1\n'))).not.toThrow();
    expect(() => checkConfigOffline(org('    region: mypurecloud.ie\n'))).not.toThrow();
    expect(() => checkConfigOffline(org('    region: nowhere-1\n    baseUrl: http://127.0.0.1:8787\n'))).not.toThrow();
  });

  it('counts concrete topics and listed queues against 20 channels of 1000', () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => `      - v2.users.u${i}.presence\n`).join('');
    expect(() => checkConfigOffline(org(`    topics:\n${users(20_000)}`))).not.toThrow();
    expect(() => checkConfigOffline(org(`    topics:\n${users(20_001)}`))).toThrow(/20001 topics need 21 channels of 1000 topics/);
    // `queues: all` is only known after discovery: nothing to count offline.
    expect(() => checkConfigOffline(org('    topics: ["v2.routing.queues.{queueId}.conversations"]\n    queues: all\n'))).not.toThrow();
  });

  it('refuses an EventBridge export that cannot be read, at its line, relative to the config folder', () => {
    const loaded = parseConfigText('source:\n  eventbridge:\n    file: missing-export.ndjson\nsinks:\n  - console: {}\n', 'p.yaml', { cwd: tmpdir() });
    expect(() => checkConfigOffline(loaded)).toThrow(/p\.yaml:3:\d+: \[source:eventbridge\] cannot read missing-export\.ndjson \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'gcs-offline-'));
    writeFileSync(join(dir, 'export.ndjson'), '');
    expect(() => checkConfigOffline(parseConfigText('source:\n  eventbridge:\n    file: export.ndjson\nsinks:\n  - console: {}\n', 'p.yaml', { cwd: dir }))).not.toThrow();
  });
});
