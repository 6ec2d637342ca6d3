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
