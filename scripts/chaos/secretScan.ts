import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretFinding {
  readonly file: string;
  readonly what: string;
}

/**
 * Every byte the run wrote (gcstream's logs, the spool, dead letters, the emulator's log is left
 * out: it prints its own client secret when it starts) searched for each secret, for each bearer
 * token the emulator issued during the run, and for anything that looks like a bearer token.
 */
export function scanForSecrets(dir: string, secrets: readonly string[], tokens: readonly string[]): { files: number; bytes: number; tokens: number; findings: SecretFinding[] } {
  const findings: SecretFinding[] = [];
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, name);
    if (!statSync(file).isFile() || name === 'emulator.log' || name === 'chaos.yaml' || name === 'truth.ndjson' || name === 'sinks.json') continue;
    const text = readFileSync(file, 'latin1');
    files++;
    bytes += text.length;
    for (const secret of secrets) if (text.includes(secret)) findings.push({ file: name, what: `secret ${secret.slice(0, 6)}…` });
    for (const token of tokens) if (text.includes(token)) findings.push({ file: name, what: `issued token ${token.slice(0, 6)}…` });
    if (/Bearer\s+(?!\[)[A-Za-z0-9._~+/=-]{16,}/.test(text)) findings.push({ file: name, what: 'a bearer token' });
    if (/"access_token"\s*:\s*"[^"]{8,}/.test(text)) findings.push({ file: name, what: 'an access_token' });
  }
  return { files, bytes, tokens: tokens.length, findings };
}
