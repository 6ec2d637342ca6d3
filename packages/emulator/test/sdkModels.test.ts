import { describe, expect, it } from 'vitest';
import { PROFILES, startEmulator, type ProfileName } from '../src/index.js';
import { sampleBody } from '../src/highRate/sampleBodies.js';
import { createContactCenter, createManualClock } from '../src/sim/index.js';
import { api, login } from './support/client.js';
import { checkAgainstModel, loadSdkModels, type FieldType, type ModelProblem } from './support/sdkModels.js';

/**
 * Every field the emulator sends exists, with the same type, in the official SDK's model for that
 * topic or response (purecloud-platform-client-v2's index.d.ts): a client written against the
 * emulator cannot come to rely on a field real Genesys never sends.
 */
const models = new Map(loadSdkModels());
// The JavaScript SDK ships no model for the observations notification; its body is the SDK's
// StatisticalResponse (interval and metrics) under a group, as the aggregate and observation APIs use.
models.set('QueueObservationNotification', new Map<string, FieldType>([
  ['group', { kind: 'map', of: { kind: 'string' } }],
  ['data', { kind: 'array', of: { kind: 'model', name: 'StatisticalResponse' } }],
]));

const MEDIA_MODELS: Record<string, [queue: string, user: string]> = {
  calls: ['QueueConversationCallEventTopicCallConversation', 'ConversationCallEventTopicCallConversation'],
  chats: ['QueueConversationChatEventTopicChatConversation', 'ConversationChatEventTopicChatConversation'],
  messages: ['QueueConversationMessageEventTopicMessageConversation', 'ConversationMessageEventTopicMessageConversation'],
  emails: ['QueueConversationEmailEventTopicEmailConversation', 'ConversationEmailEventTopicEmailConversation'],
  callbacks: ['QueueConversationCallbackEventTopicCallbackConversation', 'ConversationCallbackEventTopicCallbackConversation'],
};
const DETAIL_MODELS: Record<string, string> = {
  'acd.start': 'AcdStartDetailEventTopicAcdStartEvent',
  'acd.end': 'AcdEndDetailEventTopicAcdEndEvent',
  'user.start': 'UserStartDetailEventTopicUserStartEvent',
  'user.end': 'UserEndDetailEventTopicUserEndEvent',
  'customer.start': 'CustomerStartDetailEventTopicCustomerStartEvent',
  'customer.end': 'CustomerEndDetailEventTopicCustomerEndEvent',
  acw: 'AcwDetailEventTopicAfterCallWorkEvent',
  wrapup: 'WrapupDetailEventTopicWrapupEvent',
  'flow.start': 'FlowStartDetailEventTopicFlowStartEvent',
  'flow.end': 'FlowEndDetailEventTopicFlowEndEvent',
  attributes: 'AttributeDetailEventTopicAttributeUpdateEvent',
  contact: 'ContactDetailEventTopicContactUpdateEvent',
  'voicemail.start': 'VoicemailStartDetailEventTopicVoicemailStartEvent',
  'voicemail.end': 'VoicemailEndDetailEventTopicVoicemailEndEvent',
  outbound: 'OutboundDetailEventTopicOutboundInitEvent',
};

/** The SDK model of a concrete topic's body, and the family it counts toward for coverage. */
function modelOf(topic: string): { family: string; model: string } | undefined {
  const parts = topic.split('.');
  const root = parts[1];
  // v2.users.{id}.<leaf>[.<media>], v2.conversations.{id}.<leaf>, but v2.routing.queues.{id}.<leaf>[.<media>]
  const [leaf, media] = root === 'routing' || root === 'analytics' ? [parts[4], parts[5]] : [parts[3], parts[4]];
  if (root === 'routing' && leaf === 'conversations') return media ? { family: `queue.${media}`, model: MEDIA_MODELS[media]![0] } : { family: 'queue', model: 'QueueConversationEventTopicConversation' };
  if (root === 'users' && leaf === 'conversations') return media ? { family: `user.${media}`, model: MEDIA_MODELS[media]![1] } : { family: 'user', model: 'ConversationEventTopicConversation' };
  if (root === 'users' && leaf === 'presence') return { family: 'presence', model: 'PresenceEventUserPresence' };
  // The JavaScript SDK has one model for a user's routing status and activity notifications.
  if (root === 'users' && (leaf === 'routingStatus' || leaf === 'activity')) return { family: leaf, model: 'AgentActivityChangedTopicAgentActivity' };
  if (root === 'conversations' && leaf === 'transcription') return { family: 'transcription', model: 'TranscriptionTopicTranscriptionMessage' };
  if (root === 'analytics' && leaf === 'observations') return { family: 'observations', model: 'QueueObservationNotification' };
  if (root === 'detail') {
    const kind = parts.slice(5).join('.');
    return DETAIL_MODELS[kind] ? { family: `detail.${kind}`, model: DETAIL_MODELS[kind]! } : undefined;
  }
  return undefined;
}

/** Problems, one per distinct (model path, problem), with an example: a long run repeats each many times. */
function distinct(problems: readonly (ModelProblem & { topic: string })[]): string[] {
  const seen = new Map<string, string>();
  for (const p of problems) {
    const key = `${p.path.replace(/\[\d+\]/g, '[]')} ${p.problem}`;
    if (!seen.has(key)) seen.set(key, `${key} (e.g. ${p.topic})`);
  }
  return [...seen.values()];
}

const MINUTE = 60_000;
/** Simulated minutes checked per profile (after a warm-up), longest where the center is smallest. */
const RUNS: Record<ProfileName, number> = { small: 2 * 60 * MINUTE, medium: 60 * MINUTE, large: 10 * MINUTE, enterprise: 2 * MINUTE };
const ALL_FAMILIES = [
  'queue', 'user', 'presence', 'routingStatus', 'activity', 'transcription', 'observations',
  ...Object.keys(MEDIA_MODELS).flatMap((m) => [`queue.${m}`, `user.${m}`]),
  ...Object.keys(DETAIL_MODELS).map((k) => `detail.${k}`),
];

describe('payloads against the official SDK models', () => {
  it('the check fails on an undeclared field and on a field of another type', () => {
    const problems: ModelProblem[] = [];
    const body = { id: 'c1', participants: [{ id: 'p1', purpose: 'agent', calls: [{ id: 'x', state: 'connected', held: 'no' }], mood: 'happy' }], maxParticipants: '2' };
    checkAgainstModel(models, { kind: 'model', name: 'QueueConversationEventTopicConversation' }, body, 'body', problems);
    expect(problems.map((p) => `${p.path} ${p.problem}`).sort()).toEqual([
      'body.maxParticipants is string, the SDK model says number',
      'body.participants[0].calls[0].held is string, the SDK model says boolean',
      'body.participants[0].mood is not a field of QueueConversationEventTopicParticipant',
    ]);
  });

  const families = new Set<string>();
  for (const profile of Object.keys(RUNS) as ProfileName[]) {
    it(`every notification of a ${RUNS[profile] / MINUTE}-minute run of the ${profile} profile`, () => {
      const start = Date.UTC(2026, 4, 4, 13, 0);
      const clock = createManualClock(start);
      const { queues, agents, arrivalRatePerMinute } = PROFILES[profile];
      const center = createContactCenter({ clock, seed: 5, startTime: start, warmupMs: Math.min(20 * MINUTE, RUNS[profile]), queues, agents, arrivalRatePerMinute, timing: { breakEveryMs: 30 * MINUTE } });
      const problems: (ModelProblem & { topic: string })[] = [];
      const unmapped = new Set<string>();
      // A body is shared by the topics of one change: check it once per model.
      const checked = new WeakMap<object, Set<string>>();
      center.onNotification(({ topicName, eventBody }) => {
        const target = modelOf(topicName);
        if (!target) return void unmapped.add(topicName);
        families.add(target.family);
        const done = checked.get(eventBody as object) ?? new Set<string>();
        if (done.has(target.model)) return;
        done.add(target.model);
        checked.set(eventBody as object, done);
        const found: ModelProblem[] = [];
        checkAgainstModel(models, { kind: 'model', name: target.model }, eventBody, target.model, found);
        for (const p of found) problems.push({ ...p, topic: topicName });
      });
      center.start();
      clock.advance(RUNS[profile]);
      center.stop();
      expect([...unmapped].slice(0, 5)).toEqual([]);
      expect(distinct(problems)).toEqual([]);
    }, 120_000);
  }

  it('every body of high-rate mode', () => {
    const queue = '0a0a0a0a-0000-4000-8000-000000000001';
    const user = '0b0b0b0b-0000-4000-8000-000000000001';
    const conversation = '0c0c0c0c-0000-4000-8000-000000000001';
    const topics = [
      `v2.routing.queues.${queue}.conversations`,
      ...Object.keys(MEDIA_MODELS).flatMap((m) => [`v2.routing.queues.${queue}.conversations.${m}`, `v2.users.${user}.conversations.${m}`]),
      `v2.users.${user}.conversations`,
      `v2.analytics.queues.${queue}.observations`,
      `v2.users.${user}.presence`,
      `v2.users.${user}.routingStatus`,
      ...Object.keys(DETAIL_MODELS).map((k) => `v2.detail.events.conversation.${conversation}.${k}`),
    ];
    const problems: (ModelProblem & { topic: string })[] = [];
    for (const topic of topics) {
      for (let n = 0; n < 6; n++) {
        const found: ModelProblem[] = [];
        checkAgainstModel(models, { kind: 'model', name: modelOf(topic)!.model }, sampleBody(topic, n), modelOf(topic)!.model, found);
        for (const p of found) problems.push({ ...p, topic });
      }
    }
    expect(distinct(problems)).toEqual([]);
  });

  it('the runs covered every topic family', () => {
    expect(ALL_FAMILIES.filter((f) => !families.has(f))).toEqual([]);
  });

  it('every REST and analytics response', async () => {
    const em = await startEmulator({ port: 0, historyMs: 2 * 60 * MINUTE });
    try {
      const problems: (ModelProblem & { topic: string })[] = [];
      const check = (model: string, what: string, body: unknown) => {
        const found: ModelProblem[] = [];
        checkAgainstModel(models, { kind: 'model', name: model }, body, model, found);
        for (const p of found) problems.push({ ...p, topic: what });
      };
      const token = await login(em);
      const call = async (model: string, method: string, path: string, body?: unknown, status = 200) => {
        const res = await api(em, token, method, path, body);
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
        check(model, `${method} ${path.split('?')[0]}`, res.body);
        return res.body;
      };
      const channel = await call('Channel', 'POST', '/api/v2/notifications/channels');
      await call('ChannelEntityListing', 'GET', '/api/v2/notifications/channels');
      const queue = em.contactCenter.queues[0]!;
      await call('ChannelTopicEntityListing', 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions?ignoreErrors=true`, [{ id: `v2.routing.queues.${queue.id}.conversations` }, { id: 'v2.nonsense' }]);
      await call('ChannelTopicEntityListing', 'POST', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [{ id: `v2.analytics.queues.${queue.id}.observations` }]);
      await call('ChannelTopicEntityListing', 'GET', `/api/v2/notifications/channels/${channel.id}/subscriptions`);
      await call('AvailableTopicEntityListing', 'GET', '/api/v2/notifications/availabletopics');
      await call('QueueEntityListing', 'GET', '/api/v2/routing/queues?pageSize=100');
      await call('Queue', 'GET', `/api/v2/routing/queues/${queue.id}`);
      await call('UserEntityListing', 'GET', '/api/v2/users?pageSize=100');
      await call('User', 'GET', `/api/v2/users/${em.contactCenter.users[0]!.id}`);
      await call('ErrorBody', 'GET', '/api/v2/users/no-such-user', undefined, 404);

      const now = em.clock.now();
      const interval = `${new Date(now - 3 * 60 * MINUTE).toISOString()}/${new Date(now).toISOString()}`;
      const details = await call('AnalyticsConversationQueryResponse', 'POST', '/api/v2/analytics/conversations/details/query', { interval, paging: { pageSize: 100, pageNumber: 1 } });
      expect(details.conversations.length).toBeGreaterThan(50);
      const job = await call('AsyncQueryResponse', 'POST', '/api/v2/analytics/conversations/details/jobs', { interval }, 202);
      let status: { state: string };
      do status = await call('AsyncQueryStatus', 'GET', `/api/v2/analytics/conversations/details/jobs/${job.jobId}`);
      while (status.state !== 'FULFILLED' && (await new Promise((r) => setTimeout(r, 50)), true));
      await call('AnalyticsConversationAsyncQueryResponse', 'GET', `/api/v2/analytics/conversations/details/jobs/${job.jobId}/results?pageSize=200`);
      const queueFilter = { type: 'or', predicates: em.contactCenter.queues.map((q) => ({ dimension: 'queueId', value: q.id })) };
      const observed = await call('QueueObservationQueryResponse', 'POST', '/api/v2/analytics/queues/observations/query', {
        filter: queueFilter,
        metrics: ['oWaiting', 'oInteracting', 'oAlerting', 'oOnQueueUsers', 'oUserRoutingStatuses', 'oLongestWaiting'],
      });
      expect(observed.results.length).toBeGreaterThan(0);
      const aggregates = await call('ConversationAggregateQueryResponse', 'POST', '/api/v2/analytics/conversations/aggregates/query', {
        interval,
        granularity: 'PT30M',
        groupBy: ['queueId', 'mediaType'],
        metrics: ['nOffered', 'tAnswered', 'tAbandon', 'tWait', 'tHandle', 'tTalk', 'tHeld', 'tAcw', 'nOverSla', 'oServiceLevel'],
      });
      expect(aggregates.results.length).toBeGreaterThan(0);
      await call('Queue', 'GET', `/api/v2/routing/queues/${queue.id}`);
      expect(distinct(problems)).toEqual([]);
    } finally {
      await em.close();
    }
  }, 60_000);
});
