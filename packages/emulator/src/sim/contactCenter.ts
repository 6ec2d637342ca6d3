import { conversationsById, detailsPage, detailsQuery } from './analytics.js';
import { SimEngine } from './engine.js';
import { ConversationFlow } from './flows.js';
import type { ContactCenterOptions } from './options.js';
import { resolveOptions, type ResolvedQueue } from './resolveOptions.js';
import { createRandom } from './random.js';
import { createScheduler } from './scheduler.js';
import type { MediaKind } from './media.js';
import type { ContactCenter } from './types.js';

/** How often ended conversations past the retention are dropped from memory. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * A simulated contact center: Poisson arrivals per queue, ACD routing to the longest-idle skilled
 * agent, and every conversation, agent and queue notification Genesys Cloud would send. It runs on
 * the clock it is given; the same seed and start time give byte-identical notification bodies.
 */
export function createContactCenter(options: ContactCenterOptions): ContactCenter {
  const random = createRandom(options.seed);
  const config = resolveOptions(options, random);
  const scheduler = createScheduler(options.clock, config.startTime);
  const engine = new SimEngine(config, random, scheduler);
  let started = false;

  const scheduleArrival = (queue: ResolvedQueue) => {
    if (queue.arrivalRatePerMinute <= 0) return;
    scheduler.after(random.exponential(60_000 / queue.arrivalRatePerMinute), () => {
      const kind = random.weighted(queue.mediaMix) as MediaKind;
      new ConversationFlow(engine, kind, queue).arrive();
      scheduleArrival(queue);
    });
  };

  const prune = () => {
    const horizon = scheduler.now - config.retentionMs;
    const list = engine.conversations;
    const kept = list.filter((c) => c.end === undefined || c.end >= horizon);
    if (kept.length !== list.length) list.splice(0, list.length, ...kept);
    engine.ledger.prune(horizon);
    scheduler.after(PRUNE_EVERY_MS, prune);
  };

  return {
    queues: config.queues.map(({ id, name, mediaTypes }) => ({ id, name, mediaTypes })),
    users: config.users,
    onNotification: (listener) => engine.onNotification(listener),
    start() {
      if (!started) {
        started = true;
        engine.startShift();
        for (const queue of config.queues) scheduleArrival(queue);
        scheduler.after(PRUNE_EVERY_MS, prune);
        // The warm start: play the history before liveFrom at once, sending nothing.
        engine.quiet = true;
        scheduler.runUntil(config.liveFrom);
        engine.quiet = false;
      }
      scheduler.start();
    },
    stop() {
      scheduler.stop();
    },
    detailsQuery: (query) => detailsQuery(engine.conversations, query),
    detailsPage: (query, order, offset, limit) => detailsPage(engine.conversations, query, order, offset, limit),
    conversationsById: (ids) => conversationsById(engine.conversations, ids),
    observations: (queueIds) => engine.board.observations(queueIds),
    metricEmissions: (from, to) => engine.ledger.between(from, to),
    analytics: config.analytics,
  };
}
