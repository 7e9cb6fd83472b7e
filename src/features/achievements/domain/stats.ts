/**
 * Lifetime counters per member that the pipeline maintains (totals from what the ledger and the
 * activity tables actually recorded) and hands to `evaluate`. A plain object so it can come from SQL,
 * the hot store or a test literal alike.
 */
export const MEMBER_STATS = [
  'messages',
  'replies',
  'attachments',
  'reactionsGiven',
  'reactionsReceived',
  'voiceMinutes',
  'karma',
  'level',
  'currentStreak',
  'longestStreak',
  'questsCompleted',
  'distinctChannels',
] as const;
export type MemberStat = (typeof MEMBER_STATS)[number];

export type MemberStats = Readonly<Record<MemberStat, number>>;

export const EMPTY_MEMBER_STATS: MemberStats = {
  messages: 0,
  replies: 0,
  attachments: 0,
  reactionsGiven: 0,
  reactionsReceived: 0,
  voiceMinutes: 0,
  karma: 0,
  level: 0,
  currentStreak: 0,
  longestStreak: 0,
  questsCompleted: 0,
  distinctChannels: 0,
};
