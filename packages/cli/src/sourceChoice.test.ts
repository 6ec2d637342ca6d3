import { describe, expect, it } from 'vitest';
import { usesBuiltinEmulator } from './sourceChoice.js';

describe('usesBuiltinEmulator', () => {
  it('is true only when the config names no org', () => {
    expect(usesBuiltinEmulator({}, 'p.yaml')).toBe(true);
    expect(usesBuiltinEmulator({ clientId: 'a', clientSecret: 'b' }, 'p.yaml')).toBe(false);
    expect(usesBuiltinEmulator({ clientId: 'a', clientSecret: 'b', region: 'us-east-1' }, 'p.yaml')).toBe(false);
  });

  it('calls half a set of credentials, or a region without them, a usage error', () => {
    expect(() => usesBuiltinEmulator({ region: 'us-east-1' }, 'p.yaml')).toThrow(/p\.yaml: source\.genesys has region but not both clientId and clientSecret/);
    expect(() => usesBuiltinEmulator({ clientId: 'a' }, 'p.yaml')).toThrow(/has clientId/);
    expect(() => usesBuiltinEmulator({ baseUrl: 'http://127.0.0.1:8787' }, 'p.yaml')).toThrow(/has baseUrl/);
  });
});
