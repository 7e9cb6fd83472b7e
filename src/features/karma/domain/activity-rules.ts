import type { DomainEvent, MessageCreated, ReactionChanged } from '../../../pipeline/events.ts';
import type { GuildConfig } from '../../rewards/domain/config.ts';
import {
  isKnownHuman,
  type LockedMembers,
  type MemberRef,
  type ReactionWindows,
} from '../../rewards/domain/member-state.ts';
import { type ActivityBook, touchStreak } from './activity-book.ts';
import { capWindow, karmaForMessage, karmaForReaction } from './earn.ts';
import { seededRng } from './rng.ts';
import type { ChannelScope } from './scope.ts';
import type { KarmaResult, SkipReason } from './sources.ts';

/**
 * What messages and reactions do to the members locked in a batch: the pure rules (earn.ts) decide
 * the karma, and these apply the decision to the members' state and to the batch's book (ledger
 * entries to propose, activity for quests, channels posted in), in arrival order. No I/O: the
 * pipeline loads and locks before and writes after.
 */

export type KarmaEvent =
  | MessageCreated
  | (ReactionChanged & { kind: 'reaction.added'; messageAuthorId: string });

/** Whether karma looks at the event at all: human messages, and reactions whose author is known. */
export function isRelevant(event: DomainEvent): event is KarmaEvent {
  if (event.kind === 'message.created') return !event.authorIsBot && !event.system && event.karma !== false;
  if (event.kind === 'reaction.added') {
    // Without the author nobody can tell a self-reaction from appreciation: nothing is paid.
    return !event.userIsBot && event.messageAuthorId !== null && event.messageAuthorId !== event.userId;
  }
  return false;
}

/** The members the events touch: the author, or the reactor and the message's author. */
export function memberRefs(events: readonly KarmaEvent[]): MemberRef[] {
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

/**
 * A message: karma for the author if the rules pay it, and in any case (unless it does not count at
 * all) the author's counters, streak, channels and the day's activity for quests.
 */
export function onMessage(
  event: MessageCreated,
  config: GuildConfig,
  scope: ChannelScope,
  members: LockedMembers,
  book: ActivityBook,
): void {
  const state = members.get(event.guildId, event.userId);
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

/** A reaction: karma for the reactor and the author within their cap windows, and their counters. */
export function onReaction(
  event: KarmaEvent & { kind: 'reaction.added' },
  config: GuildConfig,
  scope: ChannelScope,
  members: LockedMembers,
  book: ActivityBook,
): void {
  const reactor = members.get(event.guildId, event.userId);
  const author = members.get(event.guildId, event.messageAuthorId);
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
function bumpWindow(state: ReactionWindows, side: 'given' | 'received', window: number): void {
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
