import type { DomainEvent } from '../../pipeline/events.ts';
import type { PipelineFeature, Touched } from '../../pipeline/feature.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { RewardsContext } from '../rewards/context.ts';
import type { GuildConfig } from '../rewards/domain/config.ts';
import { LockedMembers } from '../rewards/domain/member-state.ts';
import { lockMembers } from '../rewards/member-repository.ts';
import { payEntries, settle } from '../rewards/settle.ts';
import { ActivityBook } from './domain/activity-book.ts';
import { isRelevant, type KarmaEvent, memberRefs, onMessage, onReaction } from './domain/activity-rules.ts';
import type { ChannelScope } from './domain/index.ts';
import type { KarmaDirectory, QuestProgress } from './ports.ts';
import { addMemberChannels } from './repository.ts';

/**
 * Karma in the event pipeline. Per batch, whatever its size: the guilds' configurations (cached by
 * version), the members' rows loaded and locked in one statement, the pure rules run in memory in
 * arrival order (domain/activity-rules.ts), then one ledger insert, one channel insert, one quest
 * load and one quest upsert, one member update. Totals move only by the ledger rows that were
 * actually inserted.
 */
export function karmaPipelineFeature(deps: {
  context: RewardsContext;
  directory: KarmaDirectory;
  quests: QuestProgress;
}): PipelineFeature {
  const { context } = deps;
  return {
    name: 'karma',
    touches: karmaTouches,
    async apply(tx, events) {
      const relevant = events.filter(isRelevant);
      if (relevant.length === 0) return undefined;
      const configs = await context.configs.get(
        tx,
        relevant.map((e) => e.guildId),
      );
      const active = relevant.filter((e) => configs.get(e.guildId)?.rules.enabled === true);
      if (active.length === 0) return undefined;

      const members = new LockedMembers(await lockMembers(tx, memberRefs(active), context.knownMembers));
      const scopes = await loadScopes(tx, deps.directory, active, configs);
      const book = new ActivityBook();

      for (const event of active) {
        const config = configs.get(event.guildId) as GuildConfig;
        const scope = scopes.get(event.channelId) ?? { channelId: event.channelId };
        if (event.kind === 'message.created') onMessage(event, config, scope, members, book);
        else onReaction(event, config, scope, members, book);
      }

      const inserted = await payEntries(tx, members, book.entries);
      book.accepted(inserted);
      const freshChannels = await addMemberChannels(tx, book.channels);
      for (const [key, count] of freshChannels) {
        const state = members.byKey(key);
        if (state) state.distinctChannels += count;
      }
      const now = context.now();
      await deps.quests.progress(tx, configs, book.activities(), now);
      const settlement = await settle(tx, configs, members, now, context.consumers);
      return context.afterCommit(settlement);
    },
  };
}

/**
 * What the karma rules read and write for an event: the rows of the members it pays or counts (their
 * `user_karma` row, ledger entries, channels, quests, achievements, level changes) and their
 * `members` row (roles, bot flag). A message is its author's; a reaction the reactor's and the
 * author's (caps of given and received reactions). The guild's configuration and channels are read
 * too: only the API and events that touch the whole guild change those. Whether the guild has karma
 * enabled is not known here, so events of disabled guilds are declared as well.
 */
export function karmaTouches(event: DomainEvent, touched: Touched): void {
  if (!isRelevant(event)) return;
  touched.member(event.userId);
  if (event.kind === 'reaction.added') touched.member(event.messageAuthorId);
}

/** Thread -> parent channel -> category, only for guilds whose rules look at channels. */
async function loadScopes(
  tx: Queryable,
  directory: KarmaDirectory,
  events: readonly KarmaEvent[],
  configs: ReadonlyMap<string, GuildConfig>,
): Promise<Map<string, ChannelScope>> {
  const ids = new Set<string>();
  for (const event of events) if (configs.get(event.guildId)?.usesChannels) ids.add(event.channelId);
  if (ids.size === 0) return new Map();
  return directory.channelScopes(tx, [...ids]);
}
