-- The table examples/queue-dashboard.yaml writes: one row per queue, media type and period
-- (each 30-minute interval, and today), updated in place as the numbers change.
--   psql postgres://postgres@127.0.0.1:5432/test -f examples/queue-dashboard.sql
CREATE TABLE IF NOT EXISTS queue_metrics (
  queue_id          text NOT NULL,
  media_type        text NOT NULL,
  period            text NOT NULL,               -- 'interval' (30 minutes) or 'today'
  period_start      timestamptz NOT NULL,
  period_end        timestamptz NOT NULL,
  n_offered         integer NOT NULL,
  n_answered        integer NOT NULL,
  n_abandoned       integer NOT NULL,
  n_short_abandoned integer NOT NULL,
  n_flow_out        integer NOT NULL,
  n_over_sla        integer NOT NULL,
  sl_numerator      integer NOT NULL,            -- Genesys's service level, as a fraction:
  sl_denominator    integer NOT NULL,            --   sum these over rows, never average sl_ratio
  sl_ratio          double precision,
  sl_target         double precision,
  sl_threshold_ms   integer NOT NULL,
  abandon_rate      double precision,
  asa_ms            double precision,
  aht_ms            double precision,
  avg_wait_ms       double precision,
  t_answered        jsonb NOT NULL,              -- {count, sum} in ms, as Genesys's aggregates give them
  t_abandon         jsonb NOT NULL,
  t_handle          jsonb NOT NULL,
  t_wait            jsonb NOT NULL,
  live              jsonb NOT NULL,              -- waiting, interacting, longest wait, agents by routing status
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (queue_id, media_type, period, period_start)
);
