import { randomUUID } from 'node:crypto';
import type { VoiceStateChanged } from '../../pipeline/events.ts';
import type { PipelineFeature } from '../../pipeline/feature.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { HotStore } from '../../platform/hot/port.ts';
import type { PresenceDirectory } from './directory.ts';
import { ensureDiscordStages, stageOfChannel } from './discord-stages.ts';
import { planVoiceSessions, type VoiceObservation, type VoiceSessionRecord } from './domain/index.ts';
import { presenceHot } from './hot.ts';
import { afterEach, type PresenceKarma } from './karma.ts';
import * as repo from './session-repository.ts';
import { planVoiceKarma } from './voice-karma.ts';
import * as voiceRepo from './voice-session-repository.ts';

export interface PresencePipelineDeps {
  hot: HotStore;
  /** Epoch ms, for the creation time of stages first seen. */
  now?: () => number;
  /** Session ids; tests make them predictable. */
  newId?: () => string;
  /** Told which stages changed once the batch is committed (live count streams in this process). */
  onChange?: (stageId: string) => void;
  /** Pays voice minutes (karma and quests); without it sessions are recorded but nothing is paid. */
  karma?: PresenceKarma;
  /** Names the stages of channels first seen; without it they are voice stages named after their id. */
  directory?: PresenceDirectory;
}

type Located = VoiceSessionRecord & { stageId: string };

/**
 * The pseudo-member of every voice session of a guild: voice karma pays a member for time spent with
 * company, read from the other sessions of the stage, and a complete snapshot closes sessions of
 * anyone no longer listed. Every voice state declares it, so a guild's voice states are applied
 * together, in arrival order.
 */
export const VOICE = 'voice';

function observation(event: VoiceStateChanged): VoiceObservation {
  return {
    guildId: event.guildId,
    userId: event.userId,
    channelId: event.channelId,
    at: event.at,
    isBot: event.isBot,
    selfMute: event.selfMute,
    selfDeaf: event.selfDeaf,
    mute: event.mute,
    deaf: event.deaf,
  };
}

/** After commit: members who joined are present until they leave (+Infinity), those who left go. */
function hotUpdate(
  deps: PresencePipelineDeps,
  records: readonly Located[],
  inserted: Set<string>,
  nowMs: number,
) {
  const hot = presenceHot(deps.hot);
  return async () => {
    const stages = new Set<string>();
    for (const r of records) {
      if (r.leftAt !== null) {
        await hot.remove(r.stageId, r.id);
        stages.add(r.stageId);
      } else if (r.isNew && inserted.has(r.id)) {
        await hot.put(r.stageId, [{ member: r.id, score: Infinity }]);
        await hot.markActive(r.stageId, nowMs);
        stages.add(r.stageId);
      }
    }
    for (const stageId of stages) deps.onChange?.(stageId);
  };
}

/**
 * Discord voice presence in the event pipeline: joining a voice or stage channel opens a viewer
 * session on that channel's stage (created on first sight), moving closes one and opens another,
 * leaving closes it, and mute/deafen changes are appended to the session. Every span those states
 * complete is paid to karma in the same transaction (voice-karma.ts). Voice states
 * carry no event id and may be applied again (redelivery, GUILD_CREATE after a reconnect): a state
 * equal to the open session's changes nothing. Bots are ignored.
 */
export function presencePipelineFeature(deps: PresencePipelineDeps): PipelineFeature {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomUUID;
  return {
    name: 'presence',
    touches(event, touched) {
      if (event.kind === 'voice.state') {
        // Bots are ignored; a member's own voice minutes are paid to their karma row.
        if (event.isBot) return;
        touched.member(event.userId);
        touched.member(VOICE);
      } else if (event.kind === 'guild.snapshot' && event.voiceStates !== null) {
        touched.member(VOICE);
      }
    },
    async apply(tx, events) {
      const resynced: string[] = [];
      for (const event of events) {
        if (event.kind === 'guild.snapshot' && event.voiceStates !== null) {
          // A complete list of who is in voice: sessions of members no longer there ended while offline.
          const closed = await resyncVoiceGuild(tx, deps.hot, event.guildId, event.voiceStates, event.at);
          if (closed > 0) resynced.push(event.guildId);
        }
      }
      const observations: VoiceObservation[] = [];
      for (const event of events) {
        if (event.kind === 'voice.state' && !event.isBot) observations.push(observation(event));
      }
      if (observations.length === 0) return undefined;
      const members = [
        ...new Map(
          observations.map((o) => [`${o.guildId}:${o.userId}`, { guildId: o.guildId, userId: o.userId }]),
        ).values(),
      ];
      const open = await voiceRepo.openVoiceSessions(tx, members);
      const stageOfOpen = new Map(open.map((s) => [s.id, s.stageId]));
      const storedStates = new Map(open.map((s) => [s.id, s.states.length]));
      const touched = planVoiceSessions(open, observations, newId);
      if (touched.length === 0) return undefined;
      const nowMs = now();
      const stages = await ensureDiscordStages(
        tx,
        deps.directory,
        touched.filter((r) => r.isNew).map((r) => ({ guildId: r.guildId, channelId: r.channelId })),
        new Date(nowMs),
      );
      const located: Located[] = [];
      for (const r of touched) {
        const stageId = r.isNew ? stageOfChannel(stages, r.guildId, r.channelId) : stageOfOpen.get(r.id);
        if (stageId !== undefined) located.push({ ...r, stageId });
      }
      const plan = deps.karma ? await planVoiceKarma(tx, deps.karma, located, storedStates) : null;
      const records = plan?.records ?? located;
      const inserted = await voiceRepo.writeVoiceSessions(tx, records);
      // A new session that lost a race with another writer is that writer's to pay.
      const paid = await plan?.pay(tx, (r) => !r.isNew || inserted.has(r.id));
      return afterEach([hotUpdate(deps, records, inserted, nowMs), paid]);
    },
  };
}

/**
 * Ends the open voice sessions of a guild whose member is not in `present`: what Discord's full
 * list of voice states (GUILD_CREATE after a fresh connection) proves about leaves the bot missed
 * while it was offline. They end at `at` with reason `resync`: the true leave lies between the
 * session's last state and `at`, so karma pays no final span for them (the spans cut before, by
 * state changes and the sweeper, stay paid; at most one span of eligible time, 5 minutes, goes
 * unpaid, rather than paying for however long the bot was away). The pipeline calls it
 * for every complete snapshot (`voiceStates` not null).
 */
export async function resyncVoiceGuild(
  q: Queryable,
  hot: HotStore,
  guildId: string,
  present: readonly { userId: string; channelId: string }[],
  at: Date,
): Promise<number> {
  const here = new Set(present.map((p) => `${p.userId}:${p.channelId}`));
  const stale = (await voiceRepo.openVoiceSessionsOfGuild(q, guildId)).filter(
    (s) => !here.has(`${s.userId}:${s.channelId}`),
  );
  const closed = await repo.closeSessions(
    q,
    stale.map((s) => ({ id: s.id, leftAt: at, reason: 'resync' as const })),
  );
  const store = presenceHot(hot);
  for (const s of closed) await store.remove(s.stageId, s.id);
  return closed.length;
}
