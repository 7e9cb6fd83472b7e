import { languageFor } from '../../i18n/discord-locale.ts';
import { levelTitle, translate } from '../../i18n/translate.ts';
import type { Queryable } from '../../platform/db/port.ts';
import {
  type AnnouncementSettings,
  DEFAULT_ANNOUNCEMENT_TEMPLATE,
  type GuildConfig,
} from '../rewards/config.ts';
import type { KarmaRuntime } from '../rewards/context.ts';
import { roleRewardChanges, rowForLevel } from './domain/index.ts';

/**
 * Turns pending `level_changes` rows into Discord work: role-reward jobs (one role add or remove
 * each, a full resync of the member's reward roles against the level they hold now) and level-up
 * announcements. Several changes of one member in a run collapse into one resync and one
 * announcement of the highest level reached.
 */

export const ROLE_REWARD_QUEUE = 'karma-role-reward';
export const LEVEL_ANNOUNCE_QUEUE = 'karma-level-announce';

export interface RoleRewardJob {
  guildId: string;
  userId: string;
  roleId: string;
  action: 'add' | 'remove';
  level: number;
}

export interface LevelAnnounceJob {
  guildId: string;
  userId: string;
  level: number;
  title: string;
  /** The channel to post in; null with `dm`. */
  channelId: string | null;
  dm: boolean;
  content: string;
  /** Discord dedupes messages with the same nonce (enforce_nonce), so a retried job posts once. */
  nonce: string;
}

export interface DispatchPlan {
  ids: string[];
  roles: RoleRewardJob[];
  announcements: LevelAnnounceJob[];
}

interface PendingRow {
  id: string;
  guild_id: string;
  user_id: string;
  from_level: number;
  to_level: number;
  channel_id: string | null;
  current_level: number | null;
  member_roles: string[] | null;
  /** The guild's `preferred_locale`, for announcements in its language. */
  guild_locale: string | null;
}

/** Loads and locks up to `limit` pending changes (SKIP LOCKED: workers share the backlog). */
export async function claimPending(tx: Queryable, limit: number): Promise<PendingRow[]> {
  const { rows } = await tx.query<PendingRow>(
    `WITH pending AS (
       SELECT id, guild_id, user_id, from_level, to_level, channel_id FROM level_changes
       WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     SELECT p.id, p.guild_id, p.user_id, p.from_level, p.to_level, p.channel_id::text AS channel_id,
            uk.current_level, m.role_ids::text[] AS member_roles, g.preferred_locale AS guild_locale
     FROM pending p
     LEFT JOIN user_karma uk ON uk.guild_id = p.guild_id AND uk.user_id = p.user_id
     LEFT JOIN members m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
     LEFT JOIN guilds g ON g.id = p.guild_id
     ORDER BY p.id`,
    [limit],
  );
  return rows;
}

export async function markDispatched(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('UPDATE level_changes SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

/** Pure: what to do for a set of pending rows, given each guild's configuration. */
export function planDispatch(
  rows: readonly PendingRow[],
  configs: ReadonlyMap<string, GuildConfig>,
): DispatchPlan {
  const byMember = new Map<string, PendingRow[]>();
  for (const row of rows) {
    const key = `${row.guild_id}:${row.user_id}`;
    const list = byMember.get(key) ?? [];
    list.push(row);
    byMember.set(key, list);
  }
  const plan: DispatchPlan = { ids: rows.map((r) => r.id), roles: [], announcements: [] };
  for (const changes of byMember.values()) {
    const first = changes[0];
    const last = changes.at(-1);
    if (!first || !last) continue;
    const config = configs.get(first.guild_id);
    if (!config) continue;
    const level = last.current_level ?? last.to_level;
    const rewards = config.levels.roleRewards;
    if (rewards.length > 0) {
      const changesToMake = roleRewardChanges({
        oldLevel: first.from_level,
        newLevel: level,
        rewards,
        mode: config.levels.roleRewardMode,
        ...(last.member_roles === null ? {} : { memberRoleIds: last.member_roles }),
      });
      for (const roleId of changesToMake.add) {
        plan.roles.push({ guildId: first.guild_id, userId: first.user_id, roleId, action: 'add', level });
      }
      for (const roleId of changesToMake.remove) {
        plan.roles.push({ guildId: first.guild_id, userId: first.user_id, roleId, action: 'remove', level });
      }
    }
    const reached = Math.max(...changes.map((c) => c.to_level));
    const announce = config.announcements;
    const wentUp = changes.some((c) => c.to_level > c.from_level);
    if (announce.mode !== 'off' && wentUp && reached >= announce.minLevel && reached > first.from_level) {
      const channelId =
        announce.mode === 'channel'
          ? (announce.channelId ?? null)
          : announce.mode === 'current_channel'
            ? ([...changes].reverse().find((c) => c.channel_id !== null)?.channel_id ?? null)
            : null;
      if (announce.mode === 'dm' || channelId !== null) {
        const title = rowForLevel(config.table, Math.min(reached, config.table.length)).title;
        plan.announcements.push({
          guildId: first.guild_id,
          userId: first.user_id,
          level: reached,
          title,
          channelId,
          dm: announce.mode === 'dm',
          content: announcementText(announce, last.guild_locale, {
            user: `<@${first.user_id}>`,
            level: String(reached),
            title,
          }),
          nonce: `lvl-${last.id}`.slice(0, 25),
        });
      }
    }
  }
  return plan;
}

/**
 * A guild's own template stands as written; the default one is Hearth's text, so it is written in
 * the guild's language (its Discord `preferred_locale`), a default title included. A guild that
 * wants the English default everywhere sets any template of its own.
 */
export function announcementText(
  announce: Pick<AnnouncementSettings, 'template'>,
  guildLocale: string | null,
  values: Record<'user' | 'level' | 'title', string>,
): string {
  if (announce.template !== DEFAULT_ANNOUNCEMENT_TEMPLATE) return renderTemplate(announce.template, values);
  const language = languageFor(null, guildLocale);
  return translate(language, 'announcements.levelUp', {
    ...values,
    title: levelTitle(language, values.title),
  });
}

export function renderTemplate(template: string, values: Record<'user' | 'level' | 'title', string>): string {
  return template.replace(/\{(user|level|title)\}/g, (_, key: 'user' | 'level' | 'title') => values[key]);
}

/**
 * One dispatcher run: claims pending rows in chunks, enqueues their jobs and marks them dispatched in
 * one transaction: `send` inserts the jobs in it (`tx`), so they exist exactly when the rows are
 * marked. (On PGlite it has to: the transaction holds the only connection, and a send beside it
 * would wait for it forever.) pg-boss may still run a job twice: role changes are idempotent and
 * announcements carry a nonce.
 */
export async function dispatchLevelChanges(
  runtime: KarmaRuntime,
  send: (queue: string, data: object, tx: Queryable) => Promise<unknown>,
  options: { chunk?: number; maxChunks?: number } = {},
): Promise<{ changes: number; roles: number; announcements: number }> {
  const chunk = options.chunk ?? 500;
  const totals = { changes: 0, roles: 0, announcements: 0 };
  for (let i = 0; i < (options.maxChunks ?? 100); i++) {
    const done = await runtime.db.transaction(async (tx) => {
      const rows = await claimPending(tx, chunk);
      if (rows.length === 0) return true;
      const configs = await runtime.configs.get(
        tx,
        rows.map((r) => r.guild_id),
      );
      const plan = planDispatch(rows, configs);
      for (const job of plan.roles) await send(ROLE_REWARD_QUEUE, job, tx);
      for (const job of plan.announcements) await send(LEVEL_ANNOUNCE_QUEUE, job, tx);
      await markDispatched(tx, plan.ids);
      totals.changes += plan.ids.length;
      totals.roles += plan.roles.length;
      totals.announcements += plan.announcements.length;
      return rows.length < chunk;
    });
    if (done) break;
  }
  return totals;
}
