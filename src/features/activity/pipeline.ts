import type { PipelineFeature } from '../../pipeline/feature.ts';
import { aggregateStats } from './domain.ts';
import { addStats, notifyStatsChanged } from './repository.ts';

/**
 * Keeps message_stats_daily (messages, words, attachments, edits, deletions and reactions per day) and
 * announces the guilds whose statistics moved, for the live streams of the dashboard.
 */
export const activityPipelineFeature: PipelineFeature = {
  name: 'activity',
  async apply(tx, events) {
    const deltas = aggregateStats(events);
    await addStats(tx, deltas);
    await notifyStatsChanged(tx, [...new Set(deltas.map((d) => d.guildId))]);
    return undefined;
  },
};
