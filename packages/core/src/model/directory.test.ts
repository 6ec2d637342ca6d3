import { describe, expect, it } from 'vitest';
import { createDirectory } from './directory.js';

describe('directory', () => {
  it('answers the names it was given and nothing else', () => {
    const directory = createDirectory();
    directory.addQueues([{ id: 'q1', name: 'Sales' }]);
    directory.addUsers([{ id: 'u1', name: 'Ada Moreau' }, { id: 'u2', name: '' }]);
    expect(directory.queueName('q1')).toBe('Sales');
    expect(directory.userName('u1')).toBe('Ada Moreau');
    expect(directory.userName('u2')).toBeUndefined();
    expect(directory.userName('q1')).toBeUndefined();
    expect(directory.queueName('u1')).toBeUndefined();
  });
});

describe('directory: queue settings', () => {
  it("keeps a queue's mediaSettings as the listing gave them, and none for users or unknown queues", () => {
    const directory = createDirectory();
    const mediaSettings = { call: { alertingTimeoutSeconds: 8, serviceLevel: { durationMs: 20_000, percentage: 0.8 } } };
    directory.addQueues([{ id: 'q1', name: 'Sales', mediaSettings }, { id: 'q2', name: 'Support' }, { id: 'q3', name: 'Odd', mediaSettings: 'not an object' }]);
    expect(directory.queueMediaSettings('q1')).toEqual(mediaSettings);
    expect(directory.queueMediaSettings('q2')).toBeUndefined();
    expect(directory.queueMediaSettings('q3')).toBeUndefined();
    expect(directory.queueName('q3')).toBe('Odd');
  });
});
