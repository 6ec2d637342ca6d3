/**
 * Names of the queues and users a source discovered. Genesys notifications carry ids only (a
 * presence event names no one), so sinks that print for people look names up here.
 */
export interface Directory {
  queueName(id: string): string | undefined;
  userName(id: string): string | undefined;
}

/** A directory the source fills as it discovers queues and users. */
export interface DirectoryWriter extends Directory {
  addQueues(entities: Iterable<{ readonly id: string; readonly name: string }>): void;
  addUsers(entities: Iterable<{ readonly id: string; readonly name: string }>): void;
}

export function createDirectory(): DirectoryWriter {
  const queues = new Map<string, string>();
  const users = new Map<string, string>();
  const add = (into: Map<string, string>, entities: Iterable<{ readonly id: string; readonly name: string }>) => {
    for (const { id, name } of entities) if (typeof id === 'string' && typeof name === 'string' && name) into.set(id, name);
  };
  return {
    queueName: (id) => queues.get(id),
    userName: (id) => users.get(id),
    addQueues: (entities) => add(queues, entities),
    addUsers: (entities) => add(users, entities),
  };
}
