import type { SignInGuilds } from '../features/auth/guilds.ts';
import type { ImportGuilds } from '../features/history-import/guilds.ts';
import { HistoryImportService } from '../features/history-import/service.ts';
import type { VoiceKarmaService } from '../features/karma/voice.ts';
import type { PresenceDirectory } from '../features/presence/directory.ts';
import type { PresenceKarma } from '../features/presence/karma.ts';
import { createPresenceService, type PresenceService } from '../features/presence/service.ts';
import { createPresenceUpkeep, type PresenceUpkeep } from '../features/presence/upkeep.ts';
import {
  availableGuildIds,
  channelsByIds,
  guildExists,
  knownChannelIds,
  memberNames,
} from '../features/sync/repository.ts';
import { createSyncService, type SyncService } from '../features/sync/service.ts';
import type { Db, Queryable } from '../platform/db/port.ts';
import type { HotStore } from '../platform/hot/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { Queue } from '../platform/queue/index.ts';
import type { RewardsServices } from './rewards.ts';

/**
 * The services of sync, presence and history import, built once per process and shared by its
 * routes, Discord handlers and jobs (the reward features' by `createRewards`). The ports one feature
 * defines to read another's tables are filled in here from the owner's narrow functions.
 */
export interface FeatureServices {
  sync: SyncService;
  presence: PresenceService;
  /** Presence's sweeper, snapshots and retention (the worker's jobs and its start). */
  presenceUpkeep: PresenceUpkeep;
  historyImport: HistoryImportService;
  /** Sign-in's view of the guilds Hearth is in. */
  signInGuilds: SignInGuilds;
}

export interface FeatureServicesDeps {
  db: Db;
  hot: HotStore;
  /** Exists before it starts (sends wait for the start); absent in tools that have no queue. */
  queue: Queue | undefined;
  logger: Logger;
  rewards: RewardsServices;
}

export function createFeatureServices(deps: FeatureServicesDeps): FeatureServices {
  const karma = presenceKarma(deps.rewards.voice);
  return {
    sync: createSyncService({ db: deps.db, queue: deps.queue }),
    presence: createPresenceService({ db: deps.db, hot: deps.hot, karma, directory: presenceDirectory }),
    presenceUpkeep: createPresenceUpkeep({ db: deps.db, hot: deps.hot, karma }),
    historyImport: new HistoryImportService({
      db: deps.db,
      guilds: importGuilds(deps.db),
      queue: deps.queue,
      logger: deps.logger,
    }),
    signInGuilds: signInGuilds(deps.db),
  };
}

/** History import's port, from sync's repository. */
export function importGuilds(db: Queryable): ImportGuilds {
  return {
    exists: (guildId) => guildExists(db, guildId),
    knownChannels: (guildId, channelIds) => knownChannelIds(db, guildId, channelIds),
  };
}

/** Presence's port, from sync's repository (in the caller's transaction). */
export const presenceDirectory: PresenceDirectory = {
  channels: channelsByIds,
  memberNames,
};

/** Auth's port, from sync's repository. */
export function signInGuilds(db: Queryable): SignInGuilds {
  return { availableIds: () => availableGuildIds(db) };
}

/** Presence's karma port, from karma's voice service (one per process, built by `createRewards`). */
export function presenceKarma(voice: VoiceKarmaService): PresenceKarma {
  return {
    voiceRules: (tx, guildId) => voice.voiceRules(tx, guildId),
    async payVoice(tx, award) {
      // Presence judged the minutes (company, mute, deafen over time): karma applies its other
      // gates (disabled, bots, no-karma channels and roles) and multipliers.
      const result = await voice.awardVoiceMinutes(tx, award);
      return result.afterCommit;
    },
    async payStream(tx, award) {
      return (await voice.awardStreamMinutes(tx, award)).afterCommit;
    },
  };
}
