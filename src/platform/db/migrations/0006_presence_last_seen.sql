-- Presence (issue 6): a web session's last heartbeat, copied from the hot store by the sweeper
-- (once a minute, one statement, only for sessions whose heartbeat moved on by a minute or more).
-- Heartbeats themselves never write PostgreSQL. When the hot store is lost (the in-process store at
-- a restart, a Redis flush), this is the best last-seen time left: sessions whose viewer vanished
-- meanwhile end there instead of being counted again for a TTL and ended at the restart.
-- Null for voice sessions and until the first sweep: joined_at stands in.
ALTER TABLE viewer_sessions ADD COLUMN last_seen_at timestamptz;
