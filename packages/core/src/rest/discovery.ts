import type { RestClient } from './restClient.js';

export interface NamedEntity {
  readonly id: string;
  readonly name: string;
  /** A queue's per-media settings (service level, alerting timeout), kept for `queueMetrics`. */
  readonly mediaSettings?: unknown;
}

interface EntityPage {
  entities?: NamedEntity[];
  pageCount?: number;
  total?: number;
}

/** Every entity of a paged Genesys listing (`/api/v2/routing/queues`, `/api/v2/users`). */
export async function listAll(rest: RestClient, path: string, pageSize = 100): Promise<NamedEntity[]> {
  const all: NamedEntity[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await rest.request<EntityPage>('GET', `${path}?pageSize=${pageSize}&pageNumber=${pageNumber}`);
    const entities = page.entities ?? [];
    // Only what gcstream reads is kept: 3000 full user entities would be megabytes held for nothing.
    for (const e of entities) all.push(e.mediaSettings === undefined ? { id: e.id, name: e.name } : { id: e.id, name: e.name, mediaSettings: e.mediaSettings });
    const pageCount = page.pageCount ?? (page.total === undefined ? undefined : Math.ceil(page.total / pageSize));
    if (entities.length === 0 || (pageCount !== undefined ? pageNumber >= pageCount : entities.length < pageSize)) return all;
  }
}

export const listQueues = (rest: RestClient) => listAll(rest, '/api/v2/routing/queues');
export const listUsers = (rest: RestClient) => listAll(rest, '/api/v2/users');
