/**
 * Names of the queues and users a source discovered. Genesys notifications carry ids only (a
 * presence event names no one), so sinks that print for people look names up here.
 */
export interface Directory {
  queueName(id: string): string | undefined;
  userName(id: string): string | undefined;
  /**
   * A queue's `mediaSettings` as `GET /api/v2/routing/queues` listed it (per media: `serviceLevel`,
   * `alertingTimeoutMs`, ...). No notification carries them, so `queueMetrics` reads each queue's
   * own service-level threshold here.
   */
  queueMediaSettings(id: string): Readonly<Record<string, unknown>> | undefined;
}

/** A queue or user as the discovery listings return it; queues may carry their `mediaSettings`. */
export interface DirectoryEntity {
  readonly id: string;
  readonly name: string;
  readonly mediaSettings?: unknown;
}

/** A directory the source fills as it discovers queues and users. */
export interface DirectoryWriter extends Directory {
  addQueues(entities: Iterable<DirectoryEntity>): void;
  addUsers(entities: Iterable<DirectoryEntity>): void;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function createDirectory(): DirectoryWriter {
  const queues = new Map<string, string>();
  const users = new Map<string, string>();
  const mediaSettings = new Map<string, Readonly<Record<string, unknown>>>();
  const add = (into: Map<string, string>, entities: Iterable<DirectoryEntity>) => {
    for (const { id, name } of entities) if (typeof id === 'string' && typeof name === 'string' && name) into.set(id, name);
  };
  return {
    queueName: (id) => queues.get(id),
    userName: (id) => users.get(id),
    queueMediaSettings: (id) => mediaSettings.get(id),
    addQueues: (entities) => {
      const list = [...entities];
      add(queues, list);
      for (const e of list) if (typeof e.id === 'string' && isObject(e.mediaSettings)) mediaSettings.set(e.id, e.mediaSettings);
    },
    addUsers: (entities) => add(users, entities),
  };
}
