import { formatPosition } from '../errors/errors.js';
import type { LoadedConfig } from './parseConfig.js';

/** Topics whose events `conversationState` rebuilds conversations from. */
const CONVERSATION_TOPIC = /\.conversations(\.[a-z]+)?$|^v2\.detail\.events\.conversation\./;
/** Topics `queueMetrics` reads besides conversationState's records. */
const LIVE_TOPIC = /\.observations$|\.routingStatus$|\.activity$/;

/** gcstream's records by the start of their topics, and the operator that makes each. */
const MAKERS: readonly { readonly prefix: string; readonly maker: string }[] = [
  { prefix: 'gcstream.conversations.', maker: 'conversationState' },
  { prefix: 'gcstream.queues.', maker: 'queueMetrics' },
  { prefix: 'gcstream.window.', maker: 'window' },
];

/**
 * What a valid config may still get wrong without a word: operators in an order, or a source,
 * that leaves an operator nothing to read. A wallboard that stays at zero is the costliest way to
 * learn that `queueMetrics` counts `conversationState`'s records. Each piece of advice is a line
 * naming `file:line:column`; `validate` and `run` print them, and neither refuses the config (a
 * plugin operator may make records of its own).
 */
export function pipelineAdvice(loaded: LoadedConfig): string[] {
  const advice: string[] = [];
  const at = (path: (string | number)[], text: string) => advice.push(`[gcstream] warning: ${formatPosition(loaded.positionOf(path))}: ${text}`);
  const operators = loaded.operators;
  const genesys = loaded.config.source?.genesys as { topics?: readonly string[] } | undefined;
  // Only the Genesys source says up front what it subscribes; a replay or EventBridge file may hold anything.
  const topics = genesys?.topics;
  const subscribes = (pattern: RegExp) => topics === undefined || topics.some((topic) => pattern.test(topic));

  if (operators.some((o) => o.name === 'conversationState') && !subscribes(CONVERSATION_TOPIC)) {
    at(['source', 'genesys', 'topics'], 'conversationState rebuilds conversations from conversation events, and the source subscribes none, so it will emit nothing: add v2.routing.queues.{queueId}.conversations (or a user\'s, or detail events)');
  }
  operators.forEach((operator, i) => {
    if (operator.name !== 'queueMetrics') return;
    const before = operators.slice(0, i);
    const state = before.findLast((o) => o.name === 'conversationState');
    if (state === undefined) {
      at(operator.path, 'queueMetrics counts the records conversationState makes, and none comes before it: offered, answered, abandoned and service level will stay at zero. Put conversationState before queueMetrics');
      return;
    }
    const passThrough = (state.options as { passThrough?: string }).passThrough;
    if (passThrough === 'none' && topics !== undefined && subscribes(LIVE_TOPIC)) {
      at([...state.path, 'passThrough'], 'conversationState passes nothing on (passThrough: none), so queueMetrics after it never sees the observations and routing statuses the source subscribes: waiting now and agents by status will stay empty. Leave passThrough at others');
    }
  });
  // An operator that picks gcstream's own records by topic, before (or without) the operator that makes them.
  operators.forEach((operator, i) => {
    const topic = (operator.options as { topic?: string | readonly string[] } | undefined)?.topic;
    const patterns = topic === undefined ? [] : typeof topic === 'string' ? [topic] : topic;
    for (const pattern of patterns) {
      const made = MAKERS.find((m) => pattern.startsWith(m.prefix));
      if (made === undefined || operators.slice(0, i).some((o) => o.name === made.maker)) continue;
      at([...operator.path, 'topic'], `${operator.name} picks ${pattern}, which ${made.maker} makes, and no ${made.maker} comes before it: it will find none. Put ${made.maker} earlier in the pipeline`);
    }
  });
  // The wallboard draws queueMetrics' records; a sink of the dashboard plugin can be named by package too.
  const hasQueueMetrics = operators.some((o) => o.name === 'queueMetrics');
  for (const sink of loaded.sinks) {
    if (hasQueueMetrics || (sink.name !== 'dashboard' && !sink.name.endsWith('sink-dashboard'))) continue;
    at(sink.path, 'the dashboard draws the records queueMetrics makes, and the pipeline has no queueMetrics: the wallboard will show no queues. Add conversationState and queueMetrics to the pipeline (see examples/queue-dashboard.yaml)');
  }
  return advice;
}
