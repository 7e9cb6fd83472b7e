import { languageFor } from '../../i18n/discord-locale.ts';
import { levelTitle, translate } from '../../i18n/translate.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { RewardsContext } from '../rewards/context.ts';
import {
  type AnnouncementSettings,
  DEFAULT_ANNOUNCEMENT_TEMPLATE,
  type GuildConfig,
} from '../rewards/domain/config.ts';
import {
  claimPendingLevelChanges,
  markLevelChangesDispatched,
  type PendingLevelChange,
} from '../rewards/level-change-repository.ts';
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

/** Pure: what to do for a set of pending rows, given each guild's configuration. */
export function planDispatch(
  rows: readonly PendingLevelChange[],
  configs: ReadonlyMap<string, GuildConfig>,
): DispatchPlan {
  const byMember = new Map<string, PendingLevelChange[]>();
  for (const row of rows) {
    const key = `${row.guildId}:${row.userId}`;
    const list = byMember.get(key) ?? [];
    list.push(row);
    byMember.set(key, list);
  }
  const plan: DispatchPlan = { ids: rows.map((r) => r.id), roles: [], announcements: [] };
  for (const changes of byMember.values()) {
    const first = changes[0];
    const last = changes.at(-1);
    if (!first || !last) continue;
    const config = configs.get(first.guildId);
    if (!config) continue;
    const level = last.currentLevel ?? last.toLevel;
    const rewards = config.levels.roleRewards;
    if (rewards.length > 0) {
      const changesToMake = roleRewardChanges({
        oldLevel: first.fromLevel,
        newLevel: level,
        rewards,
        mode: config.levels.roleRewardMode,
        ...(last.memberRoles === null ? {} : { memberRoleIds: last.memberRoles }),
      });
      for (const roleId of changesToMake.add) {
        plan.roles.push({ guildId: first.guildId, userId: first.userId, roleId, action: 'add', level });
      }
      for (const roleId of changesToMake.remove) {
        plan.roles.push({ guildId: first.guildId, userId: first.userId, roleId, action: 'remove', level });
      }
    }
    const reached = Math.max(...changes.map((c) => c.toLevel));
    const announce = config.announcements;
    const wentUp = changes.some((c) => c.toLevel > c.fromLevel);
    if (announce.mode !== 'off' && wentUp && reached >= announce.minLevel && reached > first.fromLevel) {
      const channelId =
        announce.mode === 'channel'
          ? (announce.channelId ?? null)
          : announce.mode === 'current_channel'
            ? ([...changes].reverse().find((c) => c.channelId !== null)?.channelId ?? null)
            : null;
      if (announce.mode === 'dm' || channelId !== null) {
        const title = rowForLevel(config.table, Math.min(reached, config.table.length)).title;
        plan.announcements.push({
          guildId: first.guildId,
          userId: first.userId,
          level: reached,
          title,
          channelId,
          dm: announce.mode === 'dm',
          content: announcementText(announce, last.guildLocale, {
            user: `<@${first.userId}>`,
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
  context: RewardsContext,
  send: (queue: string, data: object, tx: Queryable) => Promise<unknown>,
  options: { chunk?: number; maxChunks?: number } = {},
): Promise<{ changes: number; roles: number; announcements: number }> {
  const chunk = options.chunk ?? 500;
  const totals = { changes: 0, roles: 0, announcements: 0 };
  for (let i = 0; i < (options.maxChunks ?? 100); i++) {
    const done = await context.db.transaction(async (tx) => {
      const rows = await claimPendingLevelChanges(tx, chunk);
      if (rows.length === 0) return true;
      const configs = await context.configs.get(
        tx,
        rows.map((r) => r.guildId),
      );
      const plan = planDispatch(rows, configs);
      for (const job of plan.roles) await send(ROLE_REWARD_QUEUE, job, tx);
      for (const job of plan.announcements) await send(LEVEL_ANNOUNCE_QUEUE, job, tx);
      await markLevelChangesDispatched(tx, plan.ids);
      totals.changes += plan.ids.length;
      totals.roles += plan.roles.length;
      totals.announcements += plan.announcements.length;
      return rows.length < chunk;
    });
    if (done) break;
  }
  return totals;
}
