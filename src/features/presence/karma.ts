/**
 * What presence asks of karma, as a port: the pipeline feature, the sweeper and the viewer routes
 * get it injected (roles/feature-services.ts builds it from the process's voice karma service), so presence
 * never touches karma's tables. Every call runs in the caller's transaction and returns the work
 * to do once it has committed.
 */
import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { VoiceRules } from './domain/index.ts';

export interface VoiceSpanAward {
  guildId: string;
  userId: string;
  /** The Discord channel (karma's channel lists and multipliers apply to it). */
  channelId: string;
  segmentId: string;
  /** Eligible whole minutes, judged by presence under the guild's voice rules. */
  minutes: number;
  /** When the span ended. */
  at: Date;
}

export interface StreamWatchAward {
  guildId: string;
  userId: string;
  sessionId: string;
  watchedSeconds: number;
  at: Date;
}

export interface PresenceKarma {
  voiceRules(tx: Queryable, guildId: string): Promise<VoiceRules>;
  payVoice(tx: Queryable, award: VoiceSpanAward): Promise<AfterCommit | undefined>;
  payStream(tx: Queryable, award: StreamWatchAward): Promise<AfterCommit | undefined>;
}

/** One after-commit step that runs the given ones in order (undefined when there are none). */
export function afterEach(steps: readonly (AfterCommit | undefined)[]): AfterCommit | undefined {
  const present = steps.filter((step): step is AfterCommit => step !== undefined);
  if (present.length === 0) return undefined;
  return async () => {
    for (const step of present) await step();
  };
}
