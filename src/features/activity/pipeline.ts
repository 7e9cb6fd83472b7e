import type { PipelineFeature } from '../../pipeline/feature.ts';
import { aggregateStats } from './domain.ts';
import { addStats } from './repository.ts';

/** Keeps message_stats_daily: messages, words, attachments, edits, deletions and reactions per day. */
export const activityPipelineFeature: PipelineFeature = {
  name: 'activity',
  async apply(tx, events) {
    await addStats(tx, aggregateStats(events));
    return undefined;
  },
};
