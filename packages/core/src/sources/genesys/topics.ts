import { errors } from '../../errors/errors.js';
import type { NamedEntity } from '../../rest/discovery.js';

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a topic template uses: `v2.routing.queues.{queueId}.conversations` -> ['queueId']. */
export function placeholdersOf(topic: string): string[] {
  return [...topic.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Templates with `{conversationId}` are learnt at run time, as conversations appear. */
export function isDynamicTemplate(topic: string): boolean {
  return topic.includes('{conversationId}');
}

/**
 * Turns a config selection (`all`, or ids, or names) into ids. A name that matches nothing is a
 * config error, since silently watching fewer queues than asked is worse than not starting.
 */
export function resolveSelection(selection: 'all' | readonly string[], entities: readonly NamedEntity[], kind: 'queue' | 'user'): string[] {
  if (selection === 'all') return entities.map((e) => e.id);
  const byId = new Set(entities.map((e) => e.id));
  const byName = new Map<string, string[]>();
  for (const e of entities) {
    const key = e.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), e.id]);
  }
  return selection.map((wanted) => {
    if (byId.has(wanted)) return wanted;
    const ids = byName.get(wanted.toLowerCase()) ?? [];
    if (ids.length === 1) return ids[0]!;
    // Genesys Cloud lets two users (or queues) share a name: watching either would be a guess
    if (ids.length > 1) throw errors.sourceConfig(`${ids.length} ${kind}s are named "${wanted}" (${ids.join(', ')}). Name the ${kind} by its id in \`${kind}s:\`.`, { kind, wanted, ids });
    throw errors.sourceConfig(`no ${kind} has the id or name "${wanted}". Check the spelling in \`${kind}s:\`, or use \`${kind}s: all\`.`, { kind, wanted });
  });
}

/** Expands `{queueId}` and `{userId}` templates; concrete topics pass through; duplicates are dropped. */
export function expandTemplates(topics: readonly string[], ids: { queueIds: readonly string[]; userIds: readonly string[] }): string[] {
  const out = new Set<string>();
  for (const topic of topics) {
    if (isDynamicTemplate(topic)) continue;
    let expanded = [topic];
    for (const name of placeholdersOf(topic)) {
      const values = name === 'queueId' ? ids.queueIds : name === 'userId' ? ids.userIds : undefined;
      if (!values) throw errors.sourceConfig(`topic "${topic}" uses {${name}}, which gcstream cannot expand. Use {queueId}, {userId} or {conversationId}, or give the concrete topic.`, { topic });
      expanded = expanded.flatMap((t) => values.map((v) => t.replace(`{${name}}`, v)));
    }
    for (const t of expanded) out.add(t);
  }
  return [...out];
}

/** What is subscribed: one topic id (maybe combined) and the concrete topics it delivers. */
export interface Subscription {
  readonly id: string;
  readonly topics: readonly string[];
}

const USER_TOPIC = /^v2\.users\.([^.?]+)\.([A-Za-z]+)$/;
const MAX_TOPIC_ID = 200;

/**
 * Merges a user's single-level topics into one combined topic (`v2.users.X?presence&routingStatus`)
 * so that watching presence and routing status of 3000 agents takes 3000 topics, not 6000.
 */
export function combineTopics(topics: readonly string[]): Subscription[] {
  const byUser = new Map<string, string[]>();
  const out: Subscription[] = [];
  for (const topic of topics) {
    const m = USER_TOPIC.exec(topic);
    if (!m) {
      out.push({ id: topic, topics: [topic] });
      continue;
    }
    const list = byUser.get(m[1]!) ?? [];
    list.push(m[2]!);
    byUser.set(m[1]!, list);
  }
  for (const [user, suffixes] of byUser) {
    const combined = `v2.users.${user}?${suffixes.join('&')}`;
    if (suffixes.length > 1 && combined.length <= MAX_TOPIC_ID) out.push({ id: combined, topics: suffixes.map((s) => `v2.users.${user}.${s}`) });
    else for (const s of suffixes) out.push({ id: `v2.users.${user}.${s}`, topics: [`v2.users.${user}.${s}`] });
  }
  return out;
}
