import { describe, expect, it } from 'vitest';
import { createRouter, type Route } from './router.js';

const noop = () => {};
const routes: Route[] = [
  { method: 'GET', path: '/api/v2/notifications/channels', auth: 'bearer', handler: noop },
  { method: 'HEAD', path: '/api/v2/notifications/channels/:channelId', auth: 'bearer', handler: noop },
  { method: 'GET', path: '/api/v2/notifications/channels/:channelId/subscriptions', auth: 'bearer', handler: noop },
  { method: 'PUT', path: '/api/v2/notifications/channels/:channelId/subscriptions', auth: 'bearer', handler: noop },
];

describe('createRouter', () => {
  const router = createRouter(routes);

  it('matches exact paths and decodes parameters', () => {
    const m = router.match('PUT', '/api/v2/notifications/channels/streaming-0-a%20b/subscriptions');
    expect(m.kind).toBe('found');
    if (m.kind === 'found') expect(m.params).toEqual({ channelId: 'streaming-0-a b' });
    expect(router.match('GET', '/api/v2/notifications/channels/').kind).toBe('found');
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('DELETE', '/api/v2/notifications/channels/x/subscriptions')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PUT'] });
    expect(router.match('GET', '/api/v2/notifications/channels/x/other')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/api/v2/notifications.channels')).toEqual({ kind: 'not-found' });
  });
});
