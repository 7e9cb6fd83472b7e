import type { PipelineFeature } from '../../pipeline/feature.ts';
import { aggregateStats } from './domain.ts';
import { addStats, notifyStatsChanged } from './repository.ts';

/** The pseudo-member of the statistics rows of deleted messages whose author is unknown. */
export const UNKNOWN_AUTHOR = 'unknown-author';

/**
 * Keeps message_stats_daily (messages, words, attachments, edits, deletions and reactions per day) and
 * announces the guilds whose statistics moved, for the live streams of the dashboard.
 */
export const activityPipelineFeature: PipelineFeature = {
  name: 'activity',
  // Statistics rows per (day, channel, user): what aggregateStats counts, under the member it counts
  // it for. Deletions by unknown authors share rows (stored under UNKNOWN_USER): a pseudo-member.
  touches(event, touched) {
    switch (event.kind) {
      case 'message.created':
        if (!event.authorIsBot && !event.system) touched.member(event.userId);
        break;
      case 'message.updated':
        if (!event.authorIsBot && event.userId !== null) touched.member(event.userId);
        break;
      case 'message.deleted':
        touched.member(event.userId ?? UNKNOWN_AUTHOR);
        break;
      case 'reaction.added':
        if (!event.userIsBot) touched.member(event.userId);
        break;
      default:
        break;
    }
  },
  async apply(tx, events) {
    const deltas = aggregateStats(events);
    await addStats(tx, deltas);
    await notifyStatsChanged(tx, [...new Set(deltas.map((d) => d.guildId))]);
    return undefined;
  },
};
