-- The guild's quests of a period at a glance (the dashboard's overview: how many members have each
-- quest, are on it, completed or claimed it). Without it the count reads every row of the guild's
-- members through the (guild, user, period, quest) key.
CREATE INDEX user_quest_progress_period_idx
  ON user_quest_progress (guild_id, period_key, quest_key, status);
