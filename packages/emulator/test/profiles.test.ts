import { describe, expect, it } from 'vitest';
import { PROFILES, startEmulator } from '../src/index.js';
import { api, login } from './support/client.js';

const HOUR = 3_600_000;

describe('contact-center profiles and the warm start', () => {
  it('sizes the center by profile, and explicit options win over the profile', async () => {
    const medium = await startEmulator({ port: 0, profile: 'medium', warm: false });
    try {
      expect(medium.contactCenter.queues).toHaveLength(PROFILES.medium.queues);
      expect(medium.contactCenter.users).toHaveLength(PROFILES.medium.agents);
    } finally {
      await medium.close();
    }
    const custom = await startEmulator({ port: 0, profile: 'large', warm: false, contactCenter: { queues: 3, agents: 9 } });
    try {
      expect(custom.contactCenter.queues).toHaveLength(3);
      expect(custom.contactCenter.users).toHaveLength(9);
    } finally {
      await custom.close();
    }
  });

  it('starts warm by default: the analytics already hold the profile history', async () => {
    const em = await startEmulator({ port: 0 });
    try {
      const token = await login(em);
      const now = em.clock.now();
      const res = await api(em, token, 'POST', '/api/v2/analytics/conversations/details/query', {
        interval: `${new Date(now - PROFILES.small.historyMs - HOUR).toISOString()}/${new Date(now).toISOString()}`,
        paging: { pageSize: 1, pageNumber: 1 },
      });
      expect(res.status).toBe(200);
      expect(res.body.totalHits).toBeGreaterThan(100);
      const earliest = Date.parse(res.body.conversations[0].conversationStart);
      expect(earliest).toBeLessThan(now - PROFILES.small.historyMs + HOUR);
    } finally {
      await em.close();
    }
  });

  it('starts empty with warm: false', async () => {
    const em = await startEmulator({ port: 0, warm: false });
    try {
      const token = await login(em);
      const now = em.clock.now();
      const res = await api(em, token, 'POST', '/api/v2/analytics/conversations/details/query', {
        interval: `${new Date(now - 24 * HOUR).toISOString()}/${new Date(now - 1_000).toISOString()}`,
      });
      expect(res.status).toBe(200);
      expect(res.body.totalHits).toBe(0);
    } finally {
      await em.close();
    }
  });

  it('rejects an unknown profile or a negative history with a usage error', async () => {
    await expect(startEmulator({ port: 0, profile: 'huge' as never })).rejects.toMatchObject({ code: 'GCS_USAGE', message: expect.stringMatching(/profile: unknown profile "huge": use small, medium, large, enterprise/) });
    await expect(startEmulator({ port: 0, historyMs: -5 })).rejects.toMatchObject({ code: 'GCS_USAGE', message: expect.stringMatching(/historyMs: must be a number of milliseconds >= 0/) });
  });
});
