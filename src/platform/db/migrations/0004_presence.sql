-- Live presence (issue 6, seed 003): stages people watch or sit in, one row per viewing session,
-- and a count snapshot every 5 minutes. Live counts are hot data (HotStore); these tables are the
-- record. Retention: sessions and snapshots older than 90 days are deleted by a daily job.

-- A Discord voice or stage channel (created on first sight by the pipeline), or an external live
-- stream whose web players heartbeat (an AWS IVS stage ARN or any id). Deleting a stage only marks
-- it, so that its sessions and snapshots stay readable for statistics until retention.
CREATE TABLE stages (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id         bigint NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('discord_voice', 'discord_stage', 'external')),
  -- The Discord channel id, or the external stream's id/ARN.
  external_id      text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
  name             text NOT NULL,
  -- Master stages (the broadcaster's own) are exempt from max_viewers.
  is_master        boolean NOT NULL DEFAULT false,
  max_viewers      integer NOT NULL DEFAULT 50 CHECK (max_viewers >= 0),
  ttl_seconds      integer NOT NULL DEFAULT 120 CHECK (ttl_seconds BETWEEN 10 AND 3600),
  -- Whether web players may join without a Hearth token, under a participant id.
  allow_anonymous  boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz
);
-- One live stage per Discord channel, and one per external id, in a guild. Discord and external
-- ids live apart, so an external id that happens to look like a channel id never captures voice.
CREATE UNIQUE INDEX stages_external_uq ON stages (guild_id, (kind = 'external'), external_id)
  WHERE deleted_at IS NULL;
CREATE INDEX stages_guild_idx ON stages (guild_id) WHERE deleted_at IS NULL;
CREATE INDEX stages_deleted_idx ON stages (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE viewer_sessions (
  id                      uuid PRIMARY KEY,
  stage_id                bigint NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
  guild_id                bigint NOT NULL,
  source                  text NOT NULL CHECK (source IN ('web', 'voice')),
  -- A Discord member, or an anonymous web participant: exactly one of the two.
  user_id                 bigint,
  participant_id          text,
  -- 'u:<user id>' or 'a:<participant id>': the viewer's identity on the stage.
  viewer_key              text NOT NULL,
  joined_at               timestamptz NOT NULL,
  left_at                 timestamptz,
  watch_duration_seconds  integer CHECK (watch_duration_seconds >= 0),
  end_reason              text CHECK (end_reason IN ('left', 'moved', 'timeout', 'stage_deleted', 'resync')),
  user_agent              text,
  -- The client address truncated to its network (/24 for IPv4, /48 for IPv6), never the address.
  ip_prefix               text,
  country                 text CHECK (country ~ '^[A-Z]{2}$'),
  -- Voice only: the mute/deafen flags over time, [{at, selfMute, selfDeaf, mute, deaf}], so that
  -- karma-eligible minutes (not alone, not muted) can be computed from the sessions alone.
  voice_states            jsonb NOT NULL DEFAULT '[]',
  CHECK ((user_id IS NULL) <> (participant_id IS NULL)),
  CHECK ((left_at IS NULL) = (watch_duration_seconds IS NULL)),
  CHECK ((left_at IS NULL) = (end_reason IS NULL)),
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
-- One open session per viewer and stage: a repeated join resumes it, and the hot set's session
-- count is therefore a viewer count.
CREATE UNIQUE INDEX viewer_sessions_open_uq ON viewer_sessions (stage_id, viewer_key) WHERE left_at IS NULL;
-- A member is in at most one voice channel of a guild: the same voice state applied twice, or by
-- two racing writers, cannot open two sessions.
CREATE UNIQUE INDEX viewer_sessions_open_voice_uq ON viewer_sessions (guild_id, user_id)
  WHERE left_at IS NULL AND source = 'voice';
-- Statistics and session pages by stage and time.
CREATE INDEX viewer_sessions_stage_joined_idx ON viewer_sessions (stage_id, joined_at);
-- A member's viewing history (and later karma by member).
CREATE INDEX viewer_sessions_user_idx ON viewer_sessions (user_id, joined_at) WHERE user_id IS NOT NULL;
-- Retention deletes ended sessions by age.
CREATE INDEX viewer_sessions_left_idx ON viewer_sessions (left_at) WHERE left_at IS NOT NULL;

-- A stage's live count every 5 minutes, keyed by its 5-minute slot so a retried job writes once.
CREATE TABLE viewer_stats_snapshots (
  stage_id      bigint NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
  taken_at      timestamptz NOT NULL,
  viewer_count  integer NOT NULL CHECK (viewer_count >= 0),
  PRIMARY KEY (stage_id, taken_at)
);
CREATE INDEX viewer_stats_snapshots_taken_idx ON viewer_stats_snapshots (taken_at);
