-- Unified karma (issue 4, seed 004 + seed 001's achievements): the ledger that is the only source of
-- karma, per-member totals and counters, per-guild settings, the 100-level table, quests and their
-- per-member progress, achievements, and an outbox of level changes for the Discord-side jobs.

-- Per-guild configuration. Each JSON column holds what an admin set (validated by the zod schemas of
-- the karma, levels and announcement settings); defaults fill the rest when read, so improving a
-- default reaches every guild that never overrode it. `version` moves on every change to this row,
-- to the guild's quests or achievements: processes cache the parsed configuration by version.
CREATE TABLE guild_settings (
  guild_id       bigint PRIMARY KEY,
  karma          jsonb NOT NULL DEFAULT '{}',
  levels         jsonb NOT NULL DEFAULT '{}',
  announcements  jsonb NOT NULL DEFAULT '{}',
  leaderboard    jsonb NOT NULL DEFAULT '{}',
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     bigint
);

-- Every karma change, keyed by what caused it: a message id, a reaction, a voice span, a quest claim,
-- an achievement, an admin action. The unique key makes replays, retries and overlapping imports pay
-- once. `created_at` is when the karma was earned (a message's own time, also for imported history);
-- `recorded_at` is when the row was written.
CREATE TABLE karma_ledger (
  guild_id     bigint NOT NULL,
  user_id      bigint NOT NULL,
  delta        integer NOT NULL CHECK (delta <> 0),
  reason       text NOT NULL,
  source       text NOT NULL
    CHECK (source IN ('message', 'reaction', 'voice', 'quest', 'achievement', 'admin', 'import')),
  source_id    text NOT NULL,
  actor_id     bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, source, source_id)
);
-- A member's log (newest first) and daily history over a range.
CREATE INDEX karma_ledger_member_idx ON karma_ledger (guild_id, user_id, created_at DESC);

-- Totals and the state the rules need, one row per member and guild. Everything here can be
-- recomputed from the ledger and the activity it records; the pipeline keeps it current in the same
-- transaction as the ledger rows. Cooldown and cap windows live here (not only in the hot store) so
-- that replays and imports are judged the same way on any process.
CREATE TABLE user_karma (
  guild_id                 bigint NOT NULL,
  user_id                  bigint NOT NULL,
  total                    bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
  current_level            integer NOT NULL DEFAULT 0,
  current_streak           integer NOT NULL DEFAULT 0,
  longest_streak           integer NOT NULL DEFAULT 0,
  last_active_day          date,
  -- Cooldown: the time of the last message that was paid.
  last_message_reward_at   timestamptz,
  -- Reaction caps: the fixed window index and how many rewards were paid in it, per side.
  given_window             bigint NOT NULL DEFAULT 0,
  given_in_window          integer NOT NULL DEFAULT 0,
  received_window          bigint NOT NULL DEFAULT 0,
  received_in_window       integer NOT NULL DEFAULT 0,
  -- Lifetime counters for achievements (seed 001) and the summary.
  messages                 integer NOT NULL DEFAULT 0,
  replies                  integer NOT NULL DEFAULT 0,
  attachments              integer NOT NULL DEFAULT 0,
  reactions_given          integer NOT NULL DEFAULT 0,
  reactions_received       integer NOT NULL DEFAULT 0,
  voice_minutes            integer NOT NULL DEFAULT 0,
  quests_completed         integer NOT NULL DEFAULT 0,
  distinct_channels        integer NOT NULL DEFAULT 0,
  -- Keys of the achievements unlocked (a cache of user_achievements, read with the row).
  achievement_keys         text[] NOT NULL DEFAULT '{}',
  -- The live progress of the member's open quests of the current periods, with the marker
  -- 'daily key|weekly key|config version' of their assignment (see docs/karma.md): the pipeline moves
  -- progress here, with the row it already holds, and writes user_quest_progress only on status changes.
  quest_state              jsonb,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id)
) WITH (fillfactor = 80);
-- The leaderboard in SQL (hot store down or rebuilding): page and rank by (total desc, user_id asc).
-- Deliberately the only secondary index: every batch updates these rows, and each index costs writes.
CREATE INDEX user_karma_leaderboard_idx ON user_karma (guild_id, total DESC, user_id);

-- Channels each member has posted in: counts the distinct-channels achievement exactly.
CREATE TABLE karma_member_channels (
  guild_id    bigint NOT NULL,
  user_id     bigint NOT NULL,
  channel_id  bigint NOT NULL,
  PRIMARY KEY (guild_id, user_id, channel_id)
);

-- The guild's levels 1..maxLevel derived from its curve, titles, privileges and role rewards;
-- rewritten whenever the level settings change. Level 0 is implicit (0 karma).
CREATE TABLE user_levels (
  guild_id        bigint NOT NULL,
  level           integer NOT NULL CHECK (level >= 1),
  required_karma  bigint NOT NULL CHECK (required_karma > 0),
  title           text NOT NULL,
  title_key       text,
  privileges      text[] NOT NULL DEFAULT '{}',
  role_reward_id  bigint,
  PRIMARY KEY (guild_id, level)
);

-- Quest definitions per guild: the 17 defaults are written when a guild is first seen; admins edit.
CREATE TABLE quests (
  guild_id        bigint NOT NULL,
  key             text NOT NULL,
  name            text NOT NULL,
  name_zh         text,
  description     text NOT NULL,
  description_zh  text,
  period          text NOT NULL CHECK (period IN ('daily', 'weekly')),
  criterion       text NOT NULL,
  target          integer NOT NULL CHECK (target > 0),
  reward          integer NOT NULL CHECK (reward >= 0),
  is_active       boolean NOT NULL DEFAULT true,
  position        integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, key)
);

-- A member's quest for one period. Terms (criterion, target, reward) are copied at assignment, so an
-- admin's edit changes the next period rather than promises already made. Status is always current;
-- `progress` and `state` are written on each status change, and between them the live values are in
-- user_karma.quest_state (the API shows those).
CREATE TABLE user_quest_progress (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id      bigint NOT NULL,
  user_id       bigint NOT NULL,
  quest_key     text NOT NULL,
  period        text NOT NULL CHECK (period IN ('daily', 'weekly')),
  period_key    text NOT NULL,
  criterion     text NOT NULL,
  target        integer NOT NULL,
  reward        integer NOT NULL,
  progress      integer NOT NULL DEFAULT 0,
  -- {"seen": [...]}: distinct channel ids or UTC days counted so far.
  state         jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'AVAILABLE'
    CHECK (status IN ('AVAILABLE', 'IN_PROGRESS', 'COMPLETED', 'CLAIMED', 'EXPIRED')),
  starts_at     timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  completed_at  timestamptz,
  claimed_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_quest_progress_uq UNIQUE (guild_id, user_id, period_key, quest_key)
);
-- Seed 004: a member's quests by status, and the cleanup's scan of what can still expire.
CREATE INDEX user_quest_progress_user_status_idx ON user_quest_progress (guild_id, user_id, status);
CREATE INDEX user_quest_progress_expires_idx ON user_quest_progress (expires_at)
  WHERE status IN ('AVAILABLE', 'IN_PROGRESS', 'COMPLETED');
-- Retention deletes old finished rows by period end.
CREATE INDEX user_quest_progress_retention_idx ON user_quest_progress (expires_at)
  WHERE status IN ('CLAIMED', 'EXPIRED');

-- Achievement definitions per guild (seed 001); the defaults are written when a guild is first seen.
CREATE TABLE achievements (
  guild_id        bigint NOT NULL,
  key             text NOT NULL,
  name            text NOT NULL,
  name_zh         text,
  description     text NOT NULL,
  description_zh  text,
  stat            text NOT NULL,
  at_least        integer NOT NULL CHECK (at_least > 0),
  karma_reward    integer NOT NULL DEFAULT 0 CHECK (karma_reward >= 0),
  hidden          boolean NOT NULL DEFAULT false,
  is_active       boolean NOT NULL DEFAULT true,
  position        integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, key)
);

CREATE TABLE user_achievements (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id         bigint NOT NULL,
  user_id          bigint NOT NULL,
  achievement_key  text NOT NULL,
  unlocked_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_achievements_uq UNIQUE (guild_id, user_id, achievement_key)
);

-- Outbox of level changes, written in the transaction that moved the karma. A dispatcher job turns
-- pending rows into role-reward and announcement jobs, so a crash between commit and enqueue loses
-- nothing: the next dispatcher run (cron every minute) picks the rows up.
CREATE TABLE level_changes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  guild_id       bigint NOT NULL,
  user_id        bigint NOT NULL,
  from_level     integer NOT NULL,
  to_level       integer NOT NULL,
  channel_id     bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  dispatched_at  timestamptz
);
CREATE INDEX level_changes_pending_idx ON level_changes (id) WHERE dispatched_at IS NULL;
CREATE INDEX level_changes_dispatched_idx ON level_changes (dispatched_at) WHERE dispatched_at IS NOT NULL;
