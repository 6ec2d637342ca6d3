import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM certificate and its key, for an HTTPS or WSS server in a test. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, valid for a day, made with the
 * machine's `openssl` at test time: no key is ever kept in the repository. Node does not trust
 * it, which is the point: tests use it to show that certificates are verified, and that
 * `insecureSkipTlsVerify` is needed to talk to such a server.
 */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'gcstream-test-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=gcstream test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
