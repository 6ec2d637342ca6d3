import type { RunningEmulator } from '@gcstream/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirectory } from '../src/model/directory.js';
import { allConnected, startSourceHarness, waitFor, type SourceHarness } from './_sourceHarness.js';

describe('source against the emulator: topic expansion', () => {
  let h: SourceHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('expands users by name into combined presence&routingStatus topics that deliver both', async () => {
    const directory = createDirectory();
    let users: RunningEmulator['contactCenter']['users'] = [];
    h = await startSourceHarness(
      { speed: 20, heartbeatMs: 300, warm: false, contactCenter: { arrivalRatePerMinute: 6 } },
      (emulator) => {
        // names Genesys Cloud lets users share are given by id; the test names only unique ones
        const all = emulator.contactCenter.users;
        const unique = all.filter((u) => all.filter((v) => v.name.toLowerCase() === u.name.toLowerCase()).length === 1);
        users = [unique[0]!, all[1]!, unique[1]!, all[3]!];
        return { topics: ['v2.users.{userId}.presence', 'v2.users.{userId}.routingStatus'], users: [users[0]!.name, users[1]!.id, users[2]!.name.toUpperCase(), users[3]!.id] };
      },
      { directory },
    );
    const { source } = h;
    await waitFor(() => allConnected(source), 'the source to connect');
    // 4 users x 2 topics, combined: 4 subscriptions
    expect(source.status().topics).toBe(4);
    const wanted = new Set(users.map((u) => u.id));
    await waitFor(() => h!.events.some((e) => e.family === 'presence') && h!.events.some((e) => e.family === 'routing-status'), 'presence and routing status events', 20_000);
    for (const e of h.events) expect(wanted.has(e.ids[0]!)).toBe(true);
    // discovery filled the directory that sinks print names from
    for (const user of users) expect(directory.userName(user.id)).toBe(user.name);
    expect(h.error).toBeUndefined();
  });
});
