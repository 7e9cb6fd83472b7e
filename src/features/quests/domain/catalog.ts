import { z } from 'zod';
import { QUEST_PERIODS } from './period.ts';

/**
 * What a quest measures. Three kinds of measure:
 * - counters add up the activity deltas (messages, reactions, minutes, karma...);
 * - distinct criteria remember the items seen (channel ids, UTC days) in the progress row, capped at
 *   the target so the state stays a small array;
 * - gauges keep the highest value reported (the member's current streak).
 */
export const QUEST_CRITERIA = [
  'messages_sent',
  'replies_sent',
  'attachments_shared',
  'reactions_given',
  'reactions_received',
  'voice_minutes',
  'karma_earned',
  'distinct_channels',
  'active_days',
  'streak_days',
  'quests_completed',
] as const;
export type QuestCriterion = (typeof QUEST_CRITERIA)[number];

export type CriterionMeasure = 'counter' | 'distinct' | 'gauge';

export function measureOf(criterion: QuestCriterion): CriterionMeasure {
  if (criterion === 'distinct_channels' || criterion === 'active_days') return 'distinct';
  if (criterion === 'streak_days') return 'gauge';
  return 'counter';
}

/** Bounds the channel/day array kept in each progress row. */
export const MAX_DISTINCT_TARGET = 50;

export const questDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'lowercase letters, digits and underscores'),
    name: z.string().trim().min(1).max(80),
    nameZh: z.string().trim().min(1).max(80).optional(),
    description: z.string().trim().min(1).max(200),
    descriptionZh: z.string().trim().min(1).max(200).optional(),
    period: z.enum(QUEST_PERIODS),
    criterion: z.enum(QUEST_CRITERIA),
    target: z.int().min(1).max(1_000_000),
    reward: z.int().min(0).max(100_000),
    active: z.boolean().default(true),
  })
  .superRefine((quest, ctx) => {
    const limit = targetLimit(quest.period, quest.criterion);
    if (quest.target > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: `a ${quest.period} ${quest.criterion} quest can have a target of at most ${limit}`,
      });
    }
  });

/** Targets that cannot be reached within the period, or would bloat the stored state, are refused. */
function targetLimit(period: (typeof QUEST_PERIODS)[number], criterion: QuestCriterion): number {
  if (criterion === 'active_days') return period === 'daily' ? 1 : 7;
  if (criterion === 'distinct_channels') return MAX_DISTINCT_TARGET;
  if (criterion === 'streak_days') return 3650;
  if (criterion === 'voice_minutes') return period === 'daily' ? 1440 : 10_080;
  return 1_000_000;
}

export type QuestDefinition = z.output<typeof questDefinitionSchema>;
export type QuestDefinitionInput = z.input<typeof questDefinitionSchema>;

export const questCatalogSchema = z
  .array(questDefinitionSchema)
  .max(100)
  .superRefine((quests, ctx) => {
    const seen = new Set<string>();
    quests.forEach((quest, index) => {
      if (seen.has(quest.key))
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `duplicate key ${quest.key}` });
      seen.add(quest.key);
    });
  });

export function parseQuestCatalog(input: unknown): QuestDefinition[] {
  return questCatalogSchema.parse(input);
}

/**
 * The 17 default quests (seed 004 seeds 17 rows in `quests` without listing them): ten daily, seven
 * weekly. Rewards are sized against message karma (15-25 per message, at most once a minute): a day's
 * quests together are worth roughly a dozen paid messages, so they steer behaviour without dwarfing chat.
 */
const DEFAULTS: readonly QuestDefinitionInput[] = [
  {
    key: 'daily_check_in',
    name: 'Daily Check-in',
    nameZh: '每日報到',
    description: 'Send a message today.',
    descriptionZh: '今天發送一則訊息。',
    period: 'daily',
    criterion: 'messages_sent',
    target: 1,
    reward: 10,
  },
  {
    key: 'daily_chatter',
    name: 'Chatter',
    nameZh: '健談者',
    description: 'Send 20 messages today.',
    descriptionZh: '今天發送 20 則訊息。',
    period: 'daily',
    criterion: 'messages_sent',
    target: 20,
    reward: 30,
  },
  {
    key: 'daily_lively_talk',
    name: 'Lively Talk',
    nameZh: '熱烈討論',
    description: 'Send 50 messages today.',
    descriptionZh: '今天發送 50 則訊息。',
    period: 'daily',
    criterion: 'messages_sent',
    target: 50,
    reward: 60,
  },
  {
    key: 'daily_helpful_replies',
    name: 'Helpful Replies',
    nameZh: '熱心回覆',
    description: 'Reply to 5 messages today.',
    descriptionZh: '今天回覆 5 則訊息。',
    period: 'daily',
    criterion: 'replies_sent',
    target: 5,
    reward: 25,
  },
  {
    key: 'daily_spread_love',
    name: 'Spread the Love',
    nameZh: '按讚支持',
    description: "React to 10 other members' messages today.",
    descriptionZh: '今天對其他成員的訊息按 10 次反應。',
    period: 'daily',
    criterion: 'reactions_given',
    target: 10,
    reward: 15,
  },
  {
    key: 'daily_crowd_pleaser',
    name: 'Crowd Pleaser',
    nameZh: '人氣之星',
    description: 'Receive 10 reactions on your messages today.',
    descriptionZh: '今天你的訊息獲得 10 個反應。',
    period: 'daily',
    criterion: 'reactions_received',
    target: 10,
    reward: 30,
  },
  {
    key: 'daily_voice_hangout',
    name: 'Voice Hangout',
    nameZh: '語音暢談',
    description: 'Spend 30 minutes talking in voice channels today.',
    descriptionZh: '今天在語音頻道聊天 30 分鐘。',
    period: 'daily',
    criterion: 'voice_minutes',
    target: 30,
    reward: 30,
  },
  {
    key: 'daily_explorer',
    name: 'Channel Explorer',
    nameZh: '頻道探索',
    description: 'Post in 3 different channels today.',
    descriptionZh: '今天在 3 個不同頻道發言。',
    period: 'daily',
    criterion: 'distinct_channels',
    target: 3,
    reward: 20,
  },
  {
    key: 'daily_karma_collector',
    name: 'Karma Collector',
    nameZh: '積分收集者',
    description: 'Earn 200 karma from activity today.',
    descriptionZh: '今天透過活動獲得 200 點積分。',
    period: 'daily',
    criterion: 'karma_earned',
    target: 200,
    reward: 40,
  },
  {
    key: 'daily_show_and_tell',
    name: 'Show and Tell',
    nameZh: '分享好物',
    description: 'Share an image or file today.',
    descriptionZh: '今天分享一張圖片或一個檔案。',
    period: 'daily',
    criterion: 'attachments_shared',
    target: 1,
    reward: 15,
  },
  {
    key: 'weekly_regular',
    name: 'Regular',
    nameZh: '常駐成員',
    description: 'Be active on 5 different days this week.',
    descriptionZh: '本週有 5 天參與活動。',
    period: 'weekly',
    criterion: 'active_days',
    target: 5,
    reward: 150,
  },
  {
    key: 'weekly_chatterbox',
    name: 'Chatterbox',
    nameZh: '話匣子',
    description: 'Send 200 messages this week.',
    descriptionZh: '本週發送 200 則訊息。',
    period: 'weekly',
    criterion: 'messages_sent',
    target: 200,
    reward: 200,
  },
  {
    key: 'weekly_voice_regular',
    name: 'Voice Regular',
    nameZh: '語音常客',
    description: 'Spend 3 hours talking in voice channels this week.',
    descriptionZh: '本週在語音頻道聊天 3 小時。',
    period: 'weekly',
    criterion: 'voice_minutes',
    target: 180,
    reward: 200,
  },
  {
    key: 'weekly_community_star',
    name: 'Community Star',
    nameZh: '社群之星',
    description: 'Receive 50 reactions on your messages this week.',
    descriptionZh: '本週你的訊息獲得 50 個反應。',
    period: 'weekly',
    criterion: 'reactions_received',
    target: 50,
    reward: 150,
  },
  {
    key: 'weekly_globetrotter',
    name: 'Globetrotter',
    nameZh: '四處探險',
    description: 'Post in 10 different channels this week.',
    descriptionZh: '本週在 10 個不同頻道發言。',
    period: 'weekly',
    criterion: 'distinct_channels',
    target: 10,
    reward: 120,
  },
  {
    key: 'weekly_quest_master',
    name: 'Quest Master',
    nameZh: '任務達人',
    description: 'Complete 10 other quests this week.',
    descriptionZh: '本週完成 10 個其他任務。',
    period: 'weekly',
    criterion: 'quests_completed',
    target: 10,
    reward: 250,
  },
  {
    key: 'weekly_streak',
    name: 'Seven-Day Streak',
    nameZh: '連續七天',
    description: 'Keep a 7-day activity streak going.',
    descriptionZh: '連續 7 天參與活動。',
    period: 'weekly',
    criterion: 'streak_days',
    target: 7,
    reward: 300,
  },
];

export const DEFAULT_QUESTS: readonly QuestDefinition[] = parseQuestCatalog(DEFAULTS);
