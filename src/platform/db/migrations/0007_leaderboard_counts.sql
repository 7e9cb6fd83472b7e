-- The leaderboard from PostgreSQL alone (hot store down or rebuilding), fast at any size (issue 4).
-- A B-tree cannot count: a member's rank from `user_karma` alone is a count of every member ahead,
-- and the number of ranked members a count of all of them: ~80 ms each for a 1,000,000-member guild
-- on this machine, and an OFFSET of 500,000 about as much. This table holds how many members of a
-- guild have each karma total, so that a rank sums the totals above a member's (one row per distinct
-- total, a few thousand even in a huge guild, since karma is heavy-tailed) and counts only the
-- member's ties in the index; a deep page starts from the total its offset falls in.
--
-- Kept by statement triggers on `user_karma`, in the writer's transaction, whatever writes the table
-- (pipeline, claims, adjustments, imports, an operator's SQL): each statement adds one upsert of its
-- net changes per total. The upsert takes its rows in (guild, total) order and every karma writer
-- changes totals in one statement per transaction, so two writers wait for each other but never
-- deadlock. Rows that reach zero members are deleted, so the table stays as small as the guild's
-- distinct totals.
CREATE TABLE leaderboard_counts (
  guild_id  bigint NOT NULL,
  total     bigint NOT NULL CHECK (total > 0),
  -- No CHECK (members >= 0): an upsert checks the row it proposes (a negative change) before it
  -- finds the row it updates.
  members   integer NOT NULL,
  PRIMARY KEY (guild_id, total)
);

INSERT INTO leaderboard_counts (guild_id, total, members)
SELECT guild_id, total, count(*) FROM user_karma WHERE total > 0 GROUP BY guild_id, total;

CREATE FUNCTION leaderboard_counts_apply(g bigint[], t bigint[], d integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  zg bigint[];
  zt bigint[];
BEGIN
  IF g IS NULL THEN
    RETURN;
  END IF;
  WITH changed AS (
    INSERT INTO leaderboard_counts AS c (guild_id, total, members)
    SELECT * FROM unnest(g, t, d) ORDER BY 1, 2
    ON CONFLICT (guild_id, total) DO UPDATE SET members = c.members + excluded.members
    RETURNING c.guild_id, c.total, c.members
  )
  SELECT array_agg(guild_id), array_agg(total) INTO zg, zt FROM changed WHERE members = 0;
  IF zg IS NOT NULL THEN
    DELETE FROM leaderboard_counts c USING unnest(zg, zt) AS z(g, t)
    WHERE c.guild_id = z.g AND c.total = z.t AND c.members = 0;
  END IF;
END $$;

-- Transition tables cannot be shared by one trigger for several events, hence a function each.
CREATE FUNCTION leaderboard_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g bigint[];
  t bigint[];
  d integer[];
BEGIN
  SELECT array_agg(guild_id), array_agg(total), array_agg(n) INTO g, t, d
  FROM (SELECT guild_id, total, count(*)::integer AS n FROM new_rows WHERE total > 0
        GROUP BY guild_id, total) m;
  PERFORM leaderboard_counts_apply(g, t, d);
  RETURN NULL;
END $$;

CREATE FUNCTION leaderboard_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g bigint[];
  t bigint[];
  d integer[];
BEGIN
  -- Most updates leave totals alone (levels, quest state, counters): their moves cancel out here.
  SELECT array_agg(guild_id), array_agg(total), array_agg(n) INTO g, t, d
  FROM (SELECT guild_id, total, sum(n)::integer AS n
        FROM (SELECT guild_id, total, -1 AS n FROM old_rows WHERE total > 0
              UNION ALL
              SELECT guild_id, total, 1 FROM new_rows WHERE total > 0) moves
        GROUP BY guild_id, total HAVING sum(n) <> 0) m;
  PERFORM leaderboard_counts_apply(g, t, d);
  RETURN NULL;
END $$;

CREATE FUNCTION leaderboard_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  g bigint[];
  t bigint[];
  d integer[];
BEGIN
  SELECT array_agg(guild_id), array_agg(total), array_agg(-n) INTO g, t, d
  FROM (SELECT guild_id, total, count(*)::integer AS n FROM old_rows WHERE total > 0
        GROUP BY guild_id, total) m;
  PERFORM leaderboard_counts_apply(g, t, d);
  RETURN NULL;
END $$;

CREATE FUNCTION leaderboard_counts_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM leaderboard_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER user_karma_counts_insert AFTER INSERT ON user_karma
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_counts_on_insert();
CREATE TRIGGER user_karma_counts_update AFTER UPDATE ON user_karma
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_counts_on_update();
CREATE TRIGGER user_karma_counts_delete AFTER DELETE ON user_karma
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_counts_on_delete();
CREATE TRIGGER user_karma_counts_truncate AFTER TRUNCATE ON user_karma
  FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_counts_on_truncate();
