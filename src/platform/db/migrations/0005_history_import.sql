-- History import (seed 000's history_fetch_tasks, grown up): a task per request, its channels with
-- their checkpoints, and the fetched messages waiting for their turn in the chronological replay.

CREATE TABLE history_fetch_tasks (
  id                  bigserial PRIMARY KEY,
  guild_id            bigint NOT NULL,
  -- null: every text channel and thread the bot can read.
  channel_ids         bigint[],
  -- Only messages after `since` and up to the anchor message (or `until`) are imported.
  since               timestamptz,
  until               timestamptz,
  anchor_message_id   bigint,
  award_karma         boolean NOT NULL DEFAULT true,
  status              text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  -- listing: finding channels and threads; fetching: pages coming in (and replayed as they can be).
  phase               text NOT NULL DEFAULT 'listing' CHECK (phase IN ('listing', 'fetching', 'done')),
  -- Counts over the task's channels, refreshed with the progress (pages write only their channel's
  -- row, so that concurrent channels never queue on this one).
  channels_total      integer NOT NULL DEFAULT 0,
  channels_done       integer NOT NULL DEFAULT 0,
  channels_skipped    integer NOT NULL DEFAULT 0,
  messages_fetched    bigint NOT NULL DEFAULT 0,
  messages_processed  bigint NOT NULL DEFAULT 0,
  pages_fetched       bigint NOT NULL DEFAULT 0,
  -- Share of the channels' time spans covered so far (0..1): what the progress bar and ETA show.
  progress            double precision NOT NULL DEFAULT 0,
  rate_per_second     double precision NOT NULL DEFAULT 0,
  eta_seconds         integer,
  -- Seconds spent running, summed over runs, so the rate survives restarts.
  run_seconds         double precision NOT NULL DEFAULT 0,
  attempts            integer NOT NULL DEFAULT 0,
  last_error          text,
  requested_by        text,
  runner              text NOT NULL DEFAULT 'worker' CHECK (runner IN ('worker', 'cli')),
  -- Whoever runs the task holds the lease; a runner that died lets it lapse and another takes over.
  lease_owner         text,
  lease_until         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  started_at          timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  finished_at         timestamptz
);

-- One unfinished import per guild: the API's 409 and the CLI's resume rely on it.
CREATE UNIQUE INDEX history_fetch_tasks_one_active
  ON history_fetch_tasks (guild_id) WHERE status IN ('pending', 'running');
CREATE INDEX history_fetch_tasks_guild ON history_fetch_tasks (guild_id, id DESC);

CREATE TABLE history_fetch_channels (
  task_id        bigint NOT NULL REFERENCES history_fetch_tasks (id) ON DELETE CASCADE,
  channel_id     bigint NOT NULL,
  parent_id      bigint,
  name           text NOT NULL,
  type           integer NOT NULL,
  status         text NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed')),
  -- Checkpoint: the newest message id fetched so far (pages go oldest to newest with `after`).
  cursor         bigint NOT NULL,
  -- Last message id the import may take from this channel.
  stop_at        bigint NOT NULL,
  -- The oldest message taken: where the channel's talk begins, for the progress estimate.
  first_message_id bigint,
  messages       bigint NOT NULL DEFAULT 0,
  pages          integer NOT NULL DEFAULT 0,
  error          text,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, channel_id)
);

-- Fetched but not yet replayed: replay goes in message id (time) order once every channel is past it.
CREATE TABLE history_staged_messages (
  task_id        bigint NOT NULL REFERENCES history_fetch_tasks (id) ON DELETE CASCADE,
  message_id     bigint NOT NULL,
  channel_id     bigint NOT NULL,
  user_id        bigint NOT NULL,
  author_is_bot  boolean NOT NULL,
  system         boolean NOT NULL,
  is_reply       boolean NOT NULL,
  words          integer NOT NULL,
  attachments    integer NOT NULL,
  PRIMARY KEY (task_id, message_id)
);

-- Karma's cooldown for imported messages runs on its own clock: history goes forward in time from
-- its start, while the live clock is already at the present.
ALTER TABLE user_karma ADD COLUMN history_reward_at timestamptz;
