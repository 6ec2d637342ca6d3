import { listQueues, listUsers, type NamedEntity } from '../../rest/discovery.js';
import type { RestClient } from '../../rest/restClient.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import { combineTopics, expandTemplates, isDynamicTemplate, resolveSelection, type Subscription } from './topics.js';

/** What the source subscribes: the subscriptions known at start, and the templates learnt later. */
export interface TopicPlan {
  readonly subscriptions: readonly Subscription[];
  /** Templates with `{conversationId}`, filled in as conversations appear on the queue topics. */
  readonly dynamicTemplates: readonly string[];
  readonly queueIds: readonly string[];
  readonly userIds: readonly string[];
  /** The queues and users the discovery listings returned (empty when no template needed them). */
  readonly discovered: { readonly queues: readonly NamedEntity[]; readonly users: readonly NamedEntity[] };
}

/**
 * Expands the configured topics through the discovery APIs (only the listings a template needs)
 * and combines user topics where that saves subscriptions.
 */
export async function planTopics(options: Pick<GenesysSourceConfig, 'topics' | 'queues' | 'users'>, rest: RestClient): Promise<TopicPlan> {
  const wants = (name: string) => options.topics.some((t) => !isDynamicTemplate(t) && t.includes(`{${name}}`));
  const queues = wants('queueId') ? await listQueues(rest) : [];
  const users = wants('userId') ? await listUsers(rest) : [];
  const queueIds = wants('queueId') ? resolveSelection(options.queues, queues, 'queue') : [];
  const userIds = wants('userId') ? resolveSelection(options.users, users, 'user') : [];
  return {
    subscriptions: combineTopics(expandTemplates(options.topics, { queueIds, userIds })),
    dynamicTemplates: options.topics.filter(isDynamicTemplate),
    queueIds,
    userIds,
    discovered: { queues, users },
  };
}
