import { type Rng, randomInt } from './rng.ts';
import type { KarmaRules } from './rules.ts';
import { type ChannelScope, gate, roleBlocked, scaled } from './scope.ts';
import { award, type KarmaResult, skip, sourceIds } from './sources.ts';

export type MessageFacts = ChannelScope &
  Readonly<{
    messageId: string;
    authorIsBot: boolean;
    roleIds: readonly string[];
    /** When this member was last paid for a message in this guild (from the hot store), or null. */
    lastRewardedAt: Date | null;
    /** The message's own timestamp: live traffic and history imports are judged the same way. */
    now: Date;
  }>;

/**
 * True when `now` is inside the cooldown window of the last paid message. The distance is taken in
 * both directions because history imports walk backwards in time: an older message right before the
 * last paid one is as much a burst as a newer one right after it.
 */
export function withinCooldown(lastRewardedAt: Date | null, now: Date, cooldownSeconds: number): boolean {
  if (lastRewardedAt === null || cooldownSeconds <= 0) return false;
  return Math.abs(now.getTime() - lastRewardedAt.getTime()) < cooldownSeconds * 1000;
}

/** A random amount in [min, max], at most once per cooldown window per member (MEE6's model). */
export function karmaForMessage(rules: KarmaRules, facts: MessageFacts, rng: Rng): KarmaResult {
  const blocked = gate(rules, facts, { isBot: facts.authorIsBot, roleIds: facts.roleIds });
  if (blocked) return skip(blocked);
  if (withinCooldown(facts.lastRewardedAt, facts.now, rules.message.cooldownSeconds)) return skip('cooldown');
  const base = randomInt(rules.message.min, rules.message.max, rng);
  const delta = scaled(base, rules, facts, facts.roleIds);
  if (delta <= 0) return skip('zero');
  return award('message', sourceIds.message(facts.messageId), delta, 'message');
}

export type ReactionParty = Readonly<{ userId: string; isBot: boolean; roleIds: readonly string[] }>;

export type ReactionFacts = ChannelScope &
  Readonly<{
    messageId: string;
    reactor: ReactionParty;
    author: ReactionParty;
    /** Reaction rewards already paid to the reactor (given) in the current cap window. */
    givenInWindow: number;
    /** Reaction rewards already paid to the author (received) in the current cap window. */
    receivedInWindow: number;
  }>;

export type ReactionKarma = Readonly<{ reactor: KarmaResult; author: KarmaResult }>;

/**
 * Karma for the member who reacted and for the author of the message. Reactions on one's own message,
 * reactions by bots and reactions on bot messages (reaction-role panels, polls) pay nobody: none of
 * them is one member appreciating another. Each side has its own cap window count.
 */
export function karmaForReaction(rules: KarmaRules, facts: ReactionFacts): ReactionKarma {
  if (facts.reactor.userId === facts.author.userId) {
    return { reactor: skip('self_reaction'), author: skip('self_reaction') };
  }
  const { reaction } = rules;
  const reactorGate = gate(rules, facts, facts.reactor) ?? (facts.author.isBot ? 'bot_message' : null);
  // A member who may not earn (a bot, a quarantined or unverified account) cannot pay others either,
  // or alt accounts parked in a no-karma role would farm karma for their owner.
  const authorGate =
    gate(rules, facts, facts.author) ??
    (facts.reactor.isBot
      ? 'bot_reactor'
      : roleBlocked(rules, facts.reactor.roleIds)
        ? 'no_karma_role'
        : null);

  const reactor = reactorGate
    ? skip(reactorGate)
    : capped(facts.givenInWindow, reaction.maxGivenPerWindow, () =>
        paid(
          scaled(reaction.given, rules, facts, facts.reactor.roleIds),
          sourceIds.reactionGiven(facts.messageId, facts.reactor.userId),
          'reaction_given',
        ),
      );
  const author = authorGate
    ? skip(authorGate)
    : capped(facts.receivedInWindow, reaction.maxReceivedPerWindow, () =>
        paid(
          scaled(reaction.received, rules, facts, facts.author.roleIds),
          sourceIds.reactionReceived(facts.messageId, facts.reactor.userId),
          'reaction_received',
        ),
      );
  return { reactor, author };
}

function capped(countInWindow: number, cap: number, pay: () => KarmaResult): KarmaResult {
  return countInWindow >= cap ? skip('cap_reached') : pay();
}

function paid(delta: number, sourceId: string, reason: string): KarmaResult {
  return delta > 0 ? award('reaction', sourceId, delta, reason) : skip('zero');
}

export type CapWindow = Readonly<{ index: number; startsAt: Date; endsAt: Date }>;

/** The fixed cap window containing `now`; `index` names the hot-store counter, `endsAt` its expiry. */
export function capWindow(now: Date, windowSeconds: number): CapWindow {
  const size = windowSeconds * 1000;
  const index = Math.floor(now.getTime() / size);
  return { index, startsAt: new Date(index * size), endsAt: new Date((index + 1) * size) };
}

export type VoiceFacts = ChannelScope &
  Readonly<{
    userId: string;
    /** Identifies this span of minutes for the ledger; the same span must always get the same id. */
    segmentId: string;
    isBot: boolean;
    roleIds: readonly string[];
    /** Whole minutes during which all the facts below held. */
    minutes: number;
    /** Other non-bot members in the channel during those minutes. */
    companions: number;
    selfMuted: boolean;
    selfDeafened: boolean;
    serverMuted?: boolean;
    serverDeafened?: boolean;
    /** The guild's AFK channel never pays, whatever the channel lists say. */
    isAfkChannel?: boolean;
  }>;

/** Karma for minutes spent talking with others; idling alone, muted or deafened earns nothing. */
export function karmaForVoiceMinutes(rules: KarmaRules, facts: VoiceFacts): KarmaResult {
  const blocked = gate(rules, facts, facts);
  if (blocked) return skip(blocked);
  if (facts.isAfkChannel === true) return skip('afk_channel');
  if (facts.companions < rules.voice.minCompanions) return skip('alone');
  if (rules.voice.requireUndeafened && (facts.selfDeafened || facts.serverDeafened === true)) {
    return skip('deafened');
  }
  if (rules.voice.requireUnmuted && (facts.selfMuted || facts.serverMuted === true)) return skip('muted');
  const minutes = Math.max(0, Math.floor(facts.minutes));
  const delta = scaled(minutes * rules.voice.perMinute, rules, facts, facts.roleIds);
  if (delta <= 0) return skip('zero');
  return award('voice', sourceIds.voice(facts.userId, facts.segmentId), delta, 'voice');
}

export type StreamFacts = Readonly<{
  /** The viewing session: one payment per session, whatever its length. */
  sessionId: string;
  isBot: boolean;
  roleIds: readonly string[];
  /** Whole minutes watched (join to the last heartbeat or the leave). */
  minutes: number;
}>;

/** A stream has no channel: channel lists and multipliers never match it, role rules do. */
const NO_CHANNEL: ChannelScope = { channelId: '' };

/** Karma for watching an external stream, when the guild pays for it (`stream.perMinute` > 0). */
export function karmaForStreamMinutes(rules: KarmaRules, facts: StreamFacts): KarmaResult {
  const blocked = gate(rules, NO_CHANNEL, facts);
  if (blocked) return skip(blocked);
  const minutes = Math.min(Math.max(0, Math.floor(facts.minutes)), rules.stream.maxMinutesPerSession);
  const delta = scaled(minutes * rules.stream.perMinute, rules, NO_CHANNEL, facts.roleIds);
  if (delta <= 0) return skip('zero');
  return award('voice', sourceIds.stream(facts.sessionId), delta, 'stream');
}
