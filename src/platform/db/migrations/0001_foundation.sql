-- Liveness of background parts, written by the processes that run them and read by /ready, so an
-- API process can tell whether the worker's cron schedules are firing.
CREATE TABLE ops_heartbeats (
  name        text PRIMARY KEY,
  ran_at      timestamptz NOT NULL,
  ran_by      text NOT NULL,
  runs        bigint NOT NULL DEFAULT 1
);
