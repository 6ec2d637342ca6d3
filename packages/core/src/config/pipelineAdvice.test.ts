import { describe, expect, it } from 'vitest';
import { parseConfigText } from './parseConfig.js';
import { pipelineAdvice } from './pipelineAdvice.js';

const config = (topics: string[], pipeline: string) =>
  parseConfigText(`source:\n  genesys:\n    topics:\n${topics.map((t) => `      - "${t}"\n`).join('')}    queues: all\n    users: all\npipeline:\n${pipeline}sinks:\n  - console: {}\n`, 'p.yaml', { env: {} });
const QUEUE_CONVERSATIONS = 'v2.routing.queues.{queueId}.conversations';
const OBSERVATIONS = 'v2.analytics.queues.{queueId}.observations';

describe('pipelineAdvice: valid configs whose operators would have nothing to read', () => {
  it('has nothing to say of the dashboard pipeline', () => {
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS, OBSERVATIONS, 'v2.users.{userId}.routingStatus'], '  - dedupe: {}\n  - conversationState: {}\n  - queueMetrics: {}\n'))).toEqual([]);
    expect(pipelineAdvice(config(['v2.detail.events.conversation.{conversationId}.acd.end'], '  - conversationState: {}\n'))).toEqual([]);
    expect(pipelineAdvice(config(['v2.users.{userId}.conversations.calls'], '  - conversationState: { passThrough: none }\n'))).toEqual([]);
  });

  it('says when queueMetrics has no conversationState before it, at its line', () => {
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS], '  - queueMetrics: {}\n  - conversationState: {}\n'))).toEqual([
      '[gcstream] warning: p.yaml:8:19: queueMetrics counts the records conversationState makes, and none comes before it: offered, answered, abandoned and service level will stay at zero. Put conversationState before queueMetrics',
    ]);
  });

  it('says when conversationState has no conversation topic to read', () => {
    const [advice] = pipelineAdvice(config(['v2.users.{userId}.presence'], '  - conversationState: {}\n'));
    expect(advice).toMatch(/^\[gcstream\] warning: p\.yaml:4:\d+: conversationState rebuilds conversations from conversation events, and the source subscribes none/);
  });

  it('says when conversationState stops the observations queueMetrics would read', () => {
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS, OBSERVATIONS], '  - conversationState: { passThrough: none }\n  - queueMetrics: {}\n'))).toEqual([
      expect.stringContaining('conversationState passes nothing on (passThrough: none), so queueMetrics after it never sees the observations'),
    ]);
    // Without such topics there is nothing for it to stop.
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS], '  - conversationState: { passThrough: none }\n  - queueMetrics: {}\n'))).toEqual([]);
  });

  it('says when a dashboard has no queueMetrics to draw', () => {
    const loaded = parseConfigText(`source:\n  genesys:\n    topics: ["${QUEUE_CONVERSATIONS}"]\n    queues: all\nsinks:\n  - dashboard: { port: 0 }\n`, 'p.yaml', { env: {} });
    expect(pipelineAdvice(loaded)).toEqual([expect.stringMatching(/^\[gcstream\] warning: p\.yaml:6:\d+: the dashboard draws the records queueMetrics makes, and the pipeline has no queueMetrics/)]);
  });

  it("says when an operator picks gcstream's records by topic before the operator that makes them", () => {
    const pipeline = '  - window: { type: tumbling, size: 15m, topic: "gcstream.conversations.{id}.final" }\n  - conversationState: {}\n  - filter: { topic: "gcstream.queues.*.breach" }\n';
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS], pipeline))).toEqual([
      '[gcstream] warning: p.yaml:8:49: window picks gcstream.conversations.{id}.final, which conversationState makes, and no conversationState comes before it: it will find none. Put conversationState earlier in the pipeline',
      expect.stringMatching(/^\[gcstream\] warning: p\.yaml:10:\d+: filter picks gcstream\.queues\.\*\.breach, which queueMetrics makes, and no queueMetrics comes before it/),
    ]);
    expect(pipelineAdvice(config([QUEUE_CONVERSATIONS], '  - conversationState: {}\n  - queueMetrics: {}\n  - filter: { topic: ["gcstream.queues.*.breach", "gcstream.conversations.*.final"] }\n'))).toEqual([]);
  });

  it('stays quiet about sources that do not say what they hold', () => {
    const replay = parseConfigText('source:\n  replay:\n    file: x.ndjson\npipeline:\n  - conversationState: {}\nsinks:\n  - console: {}\n', 'p.yaml', { env: {} });
    expect(pipelineAdvice(replay)).toEqual([]);
  });
});
