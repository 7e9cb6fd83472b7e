import type { DomainEvent, MessageCreated, ReactionChanged } from '../../pipeline/events.ts';
import type { PipelineFeature } from '../../pipeline/feature.ts';
import type { Queryable } from '../../platform/db/port.ts';
import { progressQuests } from '../quests/progress-stage.ts';
import type { GuildConfig } from '../rewards/config.ts';
import type { KarmaRuntime } from '../rewards/context.ts';
import { addMemberChannels, lockMembers, type MemberRef } from '../rewards/member-repository.ts';
import { isKnownHuman, type MemberState, memberKey } from '../rewards/member-state.ts';
import { payEntries, settle } from '../rewards/settle.ts';
import { ActivityBook, touchStreak } from './activity.ts';
import {
  type ChannelScope,
  capWindow,
  type KarmaResult,
  karmaForMessage,
  karmaForReaction,
  type SkipReason,
  seededRng,
} from './domain/index.ts';

/**
 * Karma in the event pipeline. Per batch, whatever its size: the guilds' configurations (cached by
 * version), the members' rows loaded and locked in one statement, the pure rules run in memory in
 * arrival order, then one ledger insert, one channel insert, one quest load and one quest upsert,
 * one member update. Totals move only by the ledger rows that were actually inserted.
 */
export function karmaPipelineFeature(runtime: KarmaRuntime): PipelineFeature {
  return {
    name: 'karma',
    async apply(tx, events) {
      const relevant = events.filter(isRelevant);
      if (relevant.length === 0) return undefined;
      const configs = await runtime.configs.get(
        tx,
        relevant.map((e) => e.guildId),
      );
      const active = relevant.filter((e) => configs.get(e.guildId)?.rules.enabled === true);
      if (active.length === 0) return undefined;

      const locked = await lockMembers(tx, memberRefs(active), runtime.members);
      const states = new Map(locked.map((s) => [memberKey(s.guildId, s.userId), s]));
      const scopes = await loadScopes(tx, active, configs);
      const book = new ActivityBook();

      for (const event of active) {
        const config = configs.get(event.guildId) as GuildConfig;
        const scope = scopes.get(event.channelId) ?? { channelId: event.channelId };
        if (event.kind === 'message.created') onMessage(event, config, scope, states, book);
        else onReaction(event, config, scope, states, book);
      }

      const inserted = await payEntries(tx, states, book.entries);
      book.accepted(inserted);
      const freshChannels = await addMemberChannels(tx, book.channels);
      for (const [key, count] of freshChannels) {
        const state = states.get(key);
        if (state) state.distinctChannels += count;
      }
      const now = runtime.now();
      await progressQuests(tx, configs, book.activities(), now);
      const settlement = await settle(tx, configs, states, now);
      return runtime.afterCommit(settlement);
    },
  };
}

type KarmaEvent = MessageCreated | (ReactionChanged & { kind: 'reaction.added'; messageAuthorId: string });

function isRelevant(event: DomainEvent): event is KarmaEvent {
  if (event.kind === 'message.created') return !event.authorIsBot && !event.system && event.karma !== false;
  if (event.kind === 'reaction.added') {
    // Without the author nobody can tell a self-reaction from appreciation: nothing is paid.
    return !event.userIsBot && event.messageAuthorId !== null && event.messageAuthorId !== event.userId;
  }
  return false;
}

function memberRefs(events: readonly KarmaEvent[]): MemberRef[] {
  const refs: MemberRef[] = [];
  for (const event of events) {
    refs.push({ guildId: event.guildId, userId: event.userId });
    if (event.kind === 'reaction.added') refs.push({ guildId: event.guildId, userId: event.messageAuthorId });
  }
  return refs;
}

/** Reasons that mean "this does not count at all": no karma, no quest step, no achievement count. */
const NOT_COUNTED: ReadonlySet<SkipReason> = new Set([
  'disabled',
  'bot',
  'bot_message',
  'bot_reactor',
  'self_reaction',
  'no_karma_channel',
  'no_karma_role',
]);

function counts(result: KarmaResult): boolean {
  return result.kind === 'award' || !NOT_COUNTED.has(result.skip);
}

/** A 32-bit seed from a message id (FNV-1a), so a replayed message draws the same amount. */
export function seedOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function stateOf(states: ReadonlyMap<string, MemberState>, guildId: string, userId: string): MemberState {
  const state = states.get(memberKey(guildId, userId));
  if (!state) throw new Error(`member ${guildId}:${userId} was not loaded`);
  return state;
}

function onMessage(
  event: MessageCreated,
  config: GuildConfig,
  scope: ChannelScope,
  states: ReadonlyMap<string, MemberState>,
  book: ActivityBook,
): void {
  const state = stateOf(states, event.guildId, event.userId);
  // Imported history walks forward from the past: it keeps a cooldown clock of its own, so neither
  // clock rewinds the other and an import gives what live processing of those messages gave.
  const history = event.source === 'backfill';
  const result = karmaForMessage(
    config.rules,
    {
      ...scope,
      messageId: event.messageId,
      authorIsBot: false,
      roleIds: state.roleIds,
      lastRewardedAt: history ? state.historyRewardAt : state.lastMessageRewardAt,
      now: event.at,
    },
    seededRng(seedOf(event.messageId)),
  );
  if (!counts(result)) return;
  const isReply = event.isReply;
  state.messages += 1;
  state.attachments += event.attachments;
  if (isReply) state.replies += 1;
  state.lastChannelId = event.channelId;
  touchStreak(state, event.at);
  book.channel(state, event.channelId, state.distinctChannels < config.channelsTracked);
  const delta = book.delta(state, event.at);
  delta.messages += 1;
  delta.attachments += event.attachments;
  if (isReply) delta.replies += 1;
  if (!delta.channelIds.includes(event.channelId)) delta.channelIds.push(event.channelId);
  if (result.kind === 'award') {
    if (history) state.historyRewardAt = event.at;
    else state.lastMessageRewardAt = event.at;
    book.pay({ guildId: event.guildId, userId: event.userId, ...result, at: event.at }, delta);
  }
}

function onReaction(
  event: KarmaEvent & { kind: 'reaction.added' },
  config: GuildConfig,
  scope: ChannelScope,
  states: ReadonlyMap<string, MemberState>,
  book: ActivityBook,
): void {
  const reactor = stateOf(states, event.guildId, event.userId);
  const author = stateOf(states, event.guildId, event.messageAuthorId);
  const window = capWindow(event.at, config.rules.reaction.windowSeconds).index;
  const result = karmaForReaction(config.rules, {
    ...scope,
    messageId: event.messageId,
    reactor: { userId: reactor.userId, isBot: reactor.isBot === true, roleIds: reactor.roleIds },
    author: { userId: author.userId, isBot: !isKnownHuman(author), roleIds: author.roleIds },
    givenInWindow: window === reactor.givenWindow ? reactor.givenInWindow : 0,
    receivedInWindow: window === author.receivedWindow ? author.receivedInWindow : 0,
  });
  if (counts(result.reactor)) {
    reactor.reactionsGiven += 1;
    reactor.lastChannelId = event.channelId;
    touchStreak(reactor, event.at);
    const delta = book.delta(reactor, event.at);
    delta.reactionsGiven += 1;
    if (result.reactor.kind === 'award') {
      bumpWindow(reactor, 'given', window);
      book.pay({ guildId: event.guildId, userId: reactor.userId, ...result.reactor, at: event.at }, delta);
    }
  }
  if (counts(result.author)) {
    author.reactionsReceived += 1;
    const delta = book.delta(author, event.at);
    delta.reactionsReceived += 1;
    if (result.author.kind === 'award') {
      bumpWindow(author, 'received', window);
      book.pay({ guildId: event.guildId, userId: author.userId, ...result.author, at: event.at }, delta);
    }
  }
}

/**
 * Counts a paid reaction in the member's cap window. A window older than the stored one (a history
 * import) is not tracked: the stored window is the live one, and imports cannot rewind it.
 */
function bumpWindow(state: MemberState, side: 'given' | 'received', window: number): void {
  if (side === 'given') {
    if (window > state.givenWindow) {
      state.givenWindow = window;
      state.givenInWindow = 0;
    }
    if (window === state.givenWindow) state.givenInWindow += 1;
  } else {
    if (window > state.receivedWindow) {
      state.receivedWindow = window;
      state.receivedInWindow = 0;
    }
    if (window === state.receivedWindow) state.receivedInWindow += 1;
  }
}

/** Thread -> parent channel -> category, only for guilds whose rules look at channels. */
async function loadScopes(
  tx: Queryable,
  events: readonly KarmaEvent[],
  configs: ReadonlyMap<string, GuildConfig>,
): Promise<Map<string, ChannelScope>> {
  const ids = new Set<string>();
  for (const event of events) if (configs.get(event.guildId)?.usesChannels) ids.add(event.channelId);
  const scopes = new Map<string, ChannelScope>();
  if (ids.size === 0) return scopes;
  const { rows } = await tx.query<{ id: string; parent_id: string | null; grandparent_id: string | null }>(
    `SELECT c.id::text AS id, c.parent_id::text AS parent_id, p.parent_id::text AS grandparent_id
     FROM channels c LEFT JOIN channels p ON p.id = c.parent_id WHERE c.id = ANY($1::bigint[])`,
    [[...ids]],
  );
  for (const row of rows) {
    scopes.set(row.id, { channelId: row.id, parentId: row.parent_id, categoryId: row.grandparent_id });
  }
  return scopes;
}
