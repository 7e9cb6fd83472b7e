-- Discord state Hearth keeps in sync (from GUILD_CREATE, member events and the sync job), the
-- exactly-once gate of the event pipeline, and daily message statistics.

CREATE TABLE guilds (
  id            bigint PRIMARY KEY,
  name          text NOT NULL,
  icon          text,
  owner_id      bigint,
  member_count  integer,
  available     boolean NOT NULL DEFAULT true,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
  guild_id     bigint NOT NULL,
  id           bigint NOT NULL,
  name         text NOT NULL,
  permissions  text NOT NULL DEFAULT '0',
  position     integer NOT NULL DEFAULT 0,
  color        integer NOT NULL DEFAULT 0,
  managed      boolean NOT NULL DEFAULT false,
  deleted_at   timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, id)
);

CREATE TABLE channels (
  id          bigint PRIMARY KEY,
  guild_id    bigint NOT NULL,
  name        text NOT NULL,
  type        smallint NOT NULL,
  parent_id   bigint,
  position    integer NOT NULL DEFAULT 0,
  deleted_at  timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_guild_idx ON channels (guild_id);

CREATE TABLE members (
  guild_id      bigint NOT NULL,
  user_id       bigint NOT NULL,
  username      text NOT NULL,
  display_name  text,
  avatar        text,
  is_bot        boolean NOT NULL DEFAULT false,
  role_ids      bigint[] NOT NULL DEFAULT '{}',
  joined_at     timestamptz,
  left_at       timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id)
);

-- One row per event applied, keyed by the event's stable id (message id, derived ids for voice and
-- membership). The pipeline inserts a batch's ids here first and applies only those that were new,
-- in the same transaction: Discord redeliveries, resumes and history imports never count twice.
CREATE TABLE pipeline_events (
  event_id    text PRIMARY KEY,
  kind        text NOT NULL,
  guild_id    bigint NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Seed 000's statistics, per guild, channel, member and UTC day.
CREATE TABLE message_stats_daily (
  guild_id     bigint NOT NULL,
  day          date NOT NULL,
  channel_id   bigint NOT NULL,
  user_id      bigint NOT NULL,
  messages     integer NOT NULL DEFAULT 0,
  words        integer NOT NULL DEFAULT 0,
  attachments  integer NOT NULL DEFAULT 0,
  edits        integer NOT NULL DEFAULT 0,
  deletions    integer NOT NULL DEFAULT 0,
  reactions    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, day, channel_id, user_id)
);
CREATE INDEX message_stats_daily_user_idx ON message_stats_daily (guild_id, user_id, day);
