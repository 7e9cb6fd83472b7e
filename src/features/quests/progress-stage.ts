import type { Queryable } from '../../platform/db/port.ts';
import type { GuildConfig } from '../rewards/domain/config.ts';
import { type MemberActivity, type MemberState, memberKey } from '../rewards/domain/member-state.ts';
import {
  applyActivity,
  periodFor,
  type QuestProgress,
  type QuestStatus,
  questsToAssign,
} from './domain/index.ts';
import { decodeLive, encodeLive, liveEntries, liveValue } from './domain/live-state.ts';
import { type FlushRow, flushProgress, loadProgress, upsertProgress } from './repository.ts';

/**
 * Quest progress for a set of members inside the caller's transaction (pipeline batch, voice award).
 * The live state of each member's open quests travels with their locked `user_karma` row
 * (`questState`); once per member and period (or catalog version) it is rebuilt from the
 * `user_quest_progress` rows, assigning the period's quests lazily. The pure `applyActivity` moves it,
 * and only rows whose status changed (plus new ones) are written, in one upsert. Completions count
 * into the member's `questsCompleted` only when the write really happened.
 */

export interface QuestStageResult {
  completed: { guildId: string; userId: string; questKey: string; progressId: string }[];
}

/** The `questState` marker once a member has the quests of these periods and this quest catalog. */
export function assignmentMarker(now: Date, catalog: string): string {
  return `${periodFor('daily', now).key}|${periodFor('weekly', now).key}|${catalog}`;
}

interface Tracked {
  guildId: string;
  row: QuestProgress;
  /** Status as stored in user_quest_progress (null: not stored yet). */
  stored: QuestStatus | null;
}

export async function progressQuests(
  tx: Queryable,
  configs: ReadonlyMap<string, GuildConfig>,
  activities: readonly MemberActivity[],
  now: Date,
): Promise<QuestStageResult> {
  const daily = periodFor('daily', now);
  const weekly = periodFor('weekly', now);
  // Only this week's activity can move a current row; older history (imports) moves none.
  const current = activities.filter(
    (a) => a.at.getTime() >= weekly.startsAt.getTime() && a.at.getTime() < weekly.expiresAt.getTime(),
  );
  if (current.length === 0) return { completed: [] };

  const members = new Map<string, { state: MemberState; marker: string; tracked: Tracked[] }>();
  const reload: MemberState[] = [];
  for (const activity of current) {
    const { state } = activity;
    const key = memberKey(state.guildId, state.userId);
    if (members.has(key)) continue;
    const config = configs.get(state.guildId);
    if (!config?.quests.some((q) => q.active)) continue;
    const marker = assignmentMarker(now, config.questCatalogId);
    const upToDate = state.questState?.m === marker;
    const tracked =
      upToDate && state.questState
        ? decodeLive(state.questState, state.userId, config.quests).open.map((row) => ({
            guildId: state.guildId,
            row,
            stored: row.status,
          }))
        : [];
    members.set(key, { state, marker, tracked });
    if (!upToDate) reload.push(state);
  }
  if (members.size === 0) return { completed: [] };

  const flushes: FlushRow[] = [];
  if (reload.length > 0) {
    const loaded = await loadProgress(
      tx,
      reload.map((s) => ({ guildId: s.guildId, userId: s.userId, allRows: true })),
      [daily.key, weekly.key],
    );
    const rowsOf = new Map<string, QuestProgress[]>();
    for (const stored of loaded) {
      const key = memberKey(stored.guildId, stored.row.userId);
      const list = rowsOf.get(key) ?? [];
      list.push(stored.row);
      rowsOf.set(key, list);
    }
    for (const state of reload) {
      const key = memberKey(state.guildId, state.userId);
      const member = members.get(key);
      if (!member) continue;
      const config = configs.get(state.guildId) as GuildConfig;
      const stored = rowsOf.get(key) ?? [];
      member.tracked = rebuild(state, stored);
      for (const entry of liveEntries(state.questState)) {
        if (entry.periodKey !== daily.key && entry.periodKey !== weekly.key && entry.progress > 0) {
          flushes.push({ guildId: state.guildId, userId: state.userId, ...entry });
        }
      }
      for (const row of questsToAssign(config.quests, stored, now, state.userId)) {
        member.tracked.push({ guildId: state.guildId, row, stored: null });
      }
    }
  }

  for (const activity of [...current].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const member = members.get(memberKey(activity.state.guildId, activity.state.userId));
    if (!member || member.tracked.length === 0) continue;
    const result = applyActivity(
      member.tracked.map((t) => t.row),
      activity.delta,
      activity.at,
    );
    result.rows.forEach((row, index) => {
      const tracked = member.tracked[index];
      if (tracked) tracked.row = row;
    });
  }

  const writes: Tracked[] = [];
  for (const member of members.values()) {
    for (const tracked of member.tracked) {
      if (tracked.stored !== tracked.row.status) writes.push(tracked);
    }
    member.state.questState = encodeLive({ marker: member.marker, open: member.tracked.map((t) => t.row) });
    member.state.questStateChanged = true;
  }
  await flushProgress(tx, flushes);
  if (writes.length === 0) return { completed: [] };

  const written = await upsertProgress(tx, writes);
  const before = new Map(
    writes.map((w) => [`${w.guildId}:${w.row.userId}:${w.row.periodKey}:${w.row.questKey}`, w.stored]),
  );
  const completed: QuestStageResult['completed'] = [];
  for (const row of written) {
    const key = `${row.guildId}:${row.userId}:${row.periodKey}:${row.questKey}`;
    if (row.status !== 'COMPLETED' || before.get(key) === 'COMPLETED') continue;
    const member = members.get(memberKey(row.guildId, row.userId));
    if (member) member.state.questsCompleted += 1;
    completed.push({ guildId: row.guildId, userId: row.userId, questKey: row.questKey, progressId: row.id });
  }
  return { completed };
}

/**
 * A member's tracked rows for the current periods from their stored rows, taking the live progress
 * where it is ahead (the stored progress of an open row is only as fresh as its last status change).
 */
function rebuild(state: MemberState, stored: readonly QuestProgress[]): Tracked[] {
  const tracked: Tracked[] = [];
  for (const row of stored) {
    if (row.status !== 'AVAILABLE' && row.status !== 'IN_PROGRESS') continue;
    const live = liveValue(state.questState, row.period, row.periodKey, row.questKey);
    const fresher = live !== null && live.progress > row.progress;
    tracked.push({
      guildId: state.guildId,
      row: fresher ? { ...row, progress: live.progress, seen: live.seen, status: 'IN_PROGRESS' } : row,
      stored: row.status,
    });
  }
  return tracked;
}
