/** The source's metric names (counters end in `_total`; the others are gauges). */
export const sourceMetricNames = {
  frames: 'gcstream_source_frames_received_total',
  reconnects: 'gcstream_source_reconnects_total',
  rollovers: 'gcstream_source_rollovers_total',
  gaps: 'gcstream_source_gaps_total',
  gapMs: 'gcstream_source_gap_duration_ms_total',
  backfilled: 'gcstream_source_backfilled_events_total',
  /** Gaps closed but not yet backfilled (failed and waiting for a retry, or queued). */
  unfilledGaps: 'gcstream_source_unfilled_gaps',
  unfilledGapMs: 'gcstream_source_unfilled_gap_ms',
  /** Gap time no backfill will cover: older than the API's retention. */
  lostGapMs: 'gcstream_source_lost_gap_ms_total',
  sockets: 'gcstream_source_connected_sockets',
  topics: 'gcstream_source_topics',
} as const;
