/**
 * Every metric gcstream itself records, with its Prometheus type, help text and label names. The
 * type is declared here rather than guessed from the name, so a gauge ending in `_total` or a
 * counter without it is still exposed correctly. A name missing from this list (a plugin's own
 * metric) becomes a counter when first incremented and a gauge when first set.
 */
export type MetricKind = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  readonly kind: MetricKind;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** Seconds, from a fast local write (1 ms) to one that waited out long retries (2 min). */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const counter = (help: string, ...labelNames: string[]): MetricSpec => ({ kind: 'counter', help, labelNames });
const gauge = (help: string, ...labelNames: string[]): MetricSpec => ({ kind: 'gauge', help, labelNames });
const histogram = (help: string, ...labelNames: string[]): MetricSpec => ({ kind: 'histogram', help, labelNames, buckets: LATENCY_BUCKETS });

export const metricCatalogue: Readonly<Record<string, MetricSpec>> = {
  gcstream_pipeline_events_total: counter('Events that reached the fan-out to the sinks.'),
  gcstream_events_decoded_total: counter('Events decoded from Genesys Cloud notifications, by family.', 'family'),
  gcstream_dead_letters_total: counter('Dead letters written, by the stage that gave up on them.', 'stage'),
  gcstream_dead_letter_handler_errors_total: counter('Dead letters whose handler threw.', 'stage'),
  gcstream_dedupe_duplicates_total: counter('Events removed as duplicates of one already delivered.'),
  gcstream_dedupe_keys: gauge('Keys dedupe remembers now (at most its maxEntries).'),
  gcstream_dedupe_forgotten_early_total: counter('Keys dedupe forgot before their ttl because maxEntries was reached: a duplicate of one of them would pass. Raise maxEntries if this grows.'),

  gcstream_reorder_held: gauge('Events reorder holds now, waiting for earlier ones (at most its maxHeld).'),
  gcstream_reorder_late_total: counter('Events that came after a later one of their key had gone on: passed on at once, out of order. Raise maxDelay if this grows.'),
  gcstream_reorder_unordered_total: counter('Events without a value to order by (or without the key of per): passed on at once.'),
  gcstream_reorder_released_early_total: counter('Events reorder sent on before maxDelay because maxHeld was reached.'),

  gcstream_conversations_open: gauge('Conversations conversationState holds open now.'),
  gcstream_conversations_stale_total: counter('Conversations closed as stale: no event for staleAfter, or past maxConversations.'),
  gcstream_conversations_after_final_total: counter('Events of a conversation that had already had its final record (ignored).'),
  gcstream_conversation_snapshots_folded_total: counter("Changes of a conversation that got no snapshot of their own under conversationState's snapshotInterval: folded into a later snapshot or into the final record."),
  gcstream_queue_breaches_total: counter('queueMetrics threshold events, by metric and by breach or recovered.', 'metric', 'state'),
  gcstream_window_open: gauge('Windows (times groups) a window operator holds open now.'),
  gcstream_window_late_total: counter('Events too late for every window they belong to (sent to the late output).'),
  gcstream_window_evicted_total: counter('Windows maxOpenWindows closed early, each emitted as evicted.'),
  gcstream_window_evicted_late_total: counter('Late events refused because maxOpenWindows had closed their window early (also in gcstream_window_late_total).'),

  gcstream_spool_appended_events_total: counter('Events written to the spool.'),
  gcstream_spool_replayed_events_total: counter('Events replayed from the spool at start, that a previous run did not deliver.'),
  gcstream_spool_corrupt_records_total: counter('Spool records that could not be read back (skipped).'),
  gcstream_spool_dropped_events_total: counter('Events dropped from a full spool (onFull: drop-oldest) before every sink confirmed them.'),
  gcstream_spool_unspooled_events_total: counter('Events handed on without being spooled while the spool was full (onFull: stop-spooling).'),
  gcstream_spool_bytes: gauge('Bytes the spool takes on disk.'),
  gcstream_spool_full: gauge('1 while the spool is at maxBytes.'),

  gcstream_source_frames_received_total: counter('WebSocket frames received from Genesys Cloud.'),
  gcstream_source_reconnects_total: counter('Sockets replaced after an unplanned loss.'),
  gcstream_source_rollovers_total: counter('Planned socket and channel turnovers.'),
  gcstream_source_gaps_total: counter('Intervals in which no socket covered a topic.'),
  gcstream_source_gap_duration_ms_total: counter('Milliseconds of recorded gaps, summed.'),
  gcstream_source_backfilled_events_total: counter('Events recovered from the analytics API after a gap.'),
  gcstream_source_unfilled_gaps: gauge('Gaps closed and waiting for their backfill (queued, or failed and waiting for a retry).'),
  gcstream_source_unfilled_gap_ms: gauge('Milliseconds of source time those gaps cover.'),
  gcstream_source_lost_gap_ms_total: counter('Gap time no backfill will cover (older than the analytics API keeps).'),
  gcstream_source_connected_sockets: gauge('Notification sockets connected now.'),
  gcstream_source_topics: gauge('Topics subscribed now.'),

  gcstream_eventbridge_received_total: counter('Events received from Amazon EventBridge.'),
  gcstream_eventbridge_rejected_total: counter('EventBridge requests refused, by reason.', 'reason'),

  gcstream_sink_delivered_total: counter('Events a sink wrote successfully.', 'sink'),
  gcstream_sink_retries_total: counter('Writes repeated after a retryable failure.', 'sink'),
  gcstream_sink_write_timeouts_total: counter('Writes that did not return within writeTimeout (each counted as a retryable failure).', 'sink'),
  gcstream_sink_dead_lettered_total: counter("Events written to a sink's dead-letter file instead of the sink.", 'sink'),
  gcstream_sink_dropped_total: counter('Events dropped because the sink buffer was full, by onFull policy (also dead-lettered).', 'sink', 'policy'),
  gcstream_sink_connected: gauge('1 while the sink is connected and its last write succeeded; 0 while a write is failing (absent until it connected).', 'sink'),
  gcstream_sink_buffered: gauge('Events waiting in the sink buffer for a write.', 'sink'),
  gcstream_sink_in_flight: gauge('Writes running now.', 'sink'),
  gcstream_sink_oldest_in_flight_seconds: gauge('Age of the oldest write still running (0 when none).', 'sink'),
  gcstream_sink_batch_latency_seconds: histogram('From a batch leaving the buffer to its delivery, retries included.', 'sink'),
  gcstream_receive_to_sink_seconds: histogram('From an event being received to its delivery by a sink.', 'sink'),
};
