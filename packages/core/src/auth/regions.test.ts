import { describe, expect, it } from 'vitest';
import { resolveHosts } from './regions.js';

describe('resolveHosts', () => {
  it('maps AWS-style names and domains to login and api hosts; baseUrl overrides both', () => {
    expect(resolveHosts({ region: 'eu-west-1' })).toEqual({ login: 'https://login.mypurecloud.ie', api: 'https://api.mypurecloud.ie' });
    expect(resolveHosts({ region: 'usw2.pure.cloud' })).toEqual({ login: 'https://login.usw2.pure.cloud', api: 'https://api.usw2.pure.cloud' });
    expect(resolveHosts({})).toEqual({ login: 'https://login.mypurecloud.com', api: 'https://api.mypurecloud.com' });
    expect(resolveHosts({ region: 'eu-west-1', baseUrl: 'http://127.0.0.1:8787/' })).toEqual({ login: 'http://127.0.0.1:8787', api: 'http://127.0.0.1:8787' });
    expect(() => resolveHosts({ region: 'mars-1' })).toThrow(/unknown region "mars-1"/);
  });
});
