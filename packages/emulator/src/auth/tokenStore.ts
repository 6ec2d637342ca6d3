import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

export interface AccessToken {
  readonly value: string;
  readonly clientId: string;
  /** Simulated epoch ms. */
  readonly issuedAt: number;
  /** Simulated epoch ms: token lifetimes run on the simulated clock. */
  readonly expiresAt: number;
  revoked: boolean;
}

export type TokenCheck =
  | { ok: true; token: AccessToken }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** Issues and checks bearer tokens. Tokens are opaque random strings, as Genesys's are. */
const MAX_REMEMBERED = 10_000;

export function createTokenStore(clock: Clock, lifetimeSec: number) {
  const tokens = new Map<string, AccessToken>();
  // Every value issued (the newest MAX_REMEMBERED), kept after expiry for test harnesses that
  // search a client's output for leaked tokens.
  const issuedValues: string[] = [];

  function purgeExpired(now: number): void {
    // Expired tokens are kept for one more lifetime so a late caller still gets "expired", not "unknown".
    for (const [value, token] of tokens) if (token.expiresAt + lifetimeSec * 1000 < now) tokens.delete(value);
  }

  return {
    lifetimeSec,
    issue(clientId: string): AccessToken {
      const now = clock.now();
      purgeExpired(now);
      const token: AccessToken = {
        value: randomBytes(48).toString('base64url'),
        clientId,
        issuedAt: now,
        expiresAt: now + lifetimeSec * 1000,
        revoked: false,
      };
      tokens.set(token.value, token);
      issuedValues.push(token.value);
      if (issuedValues.length > MAX_REMEMBERED) issuedValues.splice(0, issuedValues.length - MAX_REMEMBERED);
      return token;
    },
    /** The values of the tokens issued so far (the newest 10,000), expired and revoked ones included. */
    issued(): readonly string[] {
      return issuedValues;
    },
    check(value: string): TokenCheck {
      const token = tokens.get(value);
      if (!token) return { ok: false, reason: 'unknown' };
      if (token.revoked) return { ok: false, reason: 'revoked' };
      if (clock.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
      return { ok: true, token };
    },
    /** Revokes every live token; returns them so their channels can be told. */
    revokeAll(): AccessToken[] {
      const revoked: AccessToken[] = [];
      for (const token of tokens.values()) {
        if (token.revoked) continue;
        token.revoked = true;
        revoked.push(token);
      }
      return revoked;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
