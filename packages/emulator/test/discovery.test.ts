import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, login } from './support/client.js';
import { createScriptedContactCenter, QUEUE_A, USER_1 } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
let token: string;
beforeAll(async () => {
  em = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
  token = await login(em);
});
afterAll(() => em.close());

describe('discovery', () => {
  it('pages GET /api/v2/routing/queues with Genesys paging fields', async () => {
    const first = await api(em, token, 'GET', '/api/v2/routing/queues?pageSize=25&pageNumber=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ pageSize: 25, pageNumber: 1, total: 30, pageCount: 2, nextUri: '/api/v2/routing/queues?pageSize=25&pageNumber=2' });
    expect(first.body.entities).toHaveLength(25);
    expect(first.body.entities[0]).toMatchObject({ id: QUEUE_A, name: 'Support', memberCount: 7, selfUri: `/api/v2/routing/queues/${QUEUE_A}` });
    // Every queue has settings for every media type, served or not, as Genesys answers.
    expect(Object.keys(first.body.entities[0].mediaSettings).sort()).toEqual(['call', 'callback', 'chat', 'email', 'message']);
    const second = await api(em, token, 'GET', '/api/v2/routing/queues?pageSize=25&pageNumber=2');
    expect(second.body.entities).toHaveLength(5);
    expect(second.body.nextUri).toBeUndefined();
    const all = [...first.body.entities, ...second.body.entities].map((q: { id: string }) => q.id);
    expect(all).toEqual(em.contactCenter.queues.map((q) => q.id));
  });

  it('defaults to 25 per page and filters queues by name', async () => {
    expect((await api(em, token, 'GET', '/api/v2/routing/queues')).body.entities).toHaveLength(25);
    const byName = await api(em, token, 'GET', '/api/v2/routing/queues?name=sales');
    expect(byName.body.entities.map((q: { name: string }) => q.name)).toEqual(['Sales']);
    const byPrefix = await api(em, token, 'GET', '/api/v2/routing/queues?name=Queue%201*');
    expect(byPrefix.body.total).toBe(11);
  });

  it('pages GET /api/v2/users', async () => {
    const res = await api(em, token, 'GET', '/api/v2/users?pageSize=5&pageNumber=2');
    expect(res.body).toMatchObject({ pageSize: 5, pageNumber: 2, total: 7, pageCount: 2 });
    expect(res.body.entities.map((u: { id: string }) => u.id)).toEqual(['user-5', 'user-6']);
    const one = await api(em, token, 'GET', `/api/v2/users/${USER_1}`);
    expect(one.body).toMatchObject({ id: USER_1, name: 'Agent 0', email: 'agent0@example.com', state: 'active' });
  });

  it('answers 400 for bad paging and 404 for unknown ids', async () => {
    expect((await api(em, token, 'GET', '/api/v2/users?pageSize=0')).status).toBe(400);
    expect((await api(em, token, 'GET', '/api/v2/users?pageSize=501')).status).toBe(400);
    expect((await api(em, token, 'GET', '/api/v2/routing/queues?pageNumber=0')).status).toBe(400);
    expect((await api(em, token, 'GET', '/api/v2/routing/queues/nope')).status).toBe(404);
    expect((await api(em, token, 'GET', '/api/v2/users/nope')).status).toBe(404);
  });
});
