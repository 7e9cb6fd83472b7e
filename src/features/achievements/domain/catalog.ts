import { z } from 'zod';
import { MEMBER_STATS } from './stats.ts';

/**
 * Achievements are one-off: unlocked once per member, optionally with karma. A criterion is a
 * threshold on one lifetime stat, which makes them re-evaluable at any time (adding a definition
 * later awards it retroactively to members who already qualify).
 */
export const achievementDefinitionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, 'lowercase letters, digits and underscores'),
  name: z.string().trim().min(1).max(80),
  nameZh: z.string().trim().min(1).max(80).optional(),
  description: z.string().trim().min(1).max(200),
  descriptionZh: z.string().trim().min(1).max(200).optional(),
  criterion: z.object({ stat: z.enum(MEMBER_STATS), atLeast: z.int().min(1).max(1_000_000_000) }),
  karmaReward: z.int().min(0).max(100_000).default(0),
  /** Hidden achievements are not listed until unlocked. */
  hidden: z.boolean().default(false),
});

export type AchievementDefinition = z.output<typeof achievementDefinitionSchema>;
export type AchievementDefinitionInput = z.input<typeof achievementDefinitionSchema>;

export const achievementCatalogSchema = z
  .array(achievementDefinitionSchema)
  .max(500)
  .superRefine((definitions, ctx) => {
    const seen = new Set<string>();
    definitions.forEach((definition, index) => {
      if (seen.has(definition.key)) {
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `duplicate key ${definition.key}` });
      }
      seen.add(definition.key);
    });
  });

export function parseAchievementCatalog(input: unknown): AchievementDefinition[] {
  return achievementCatalogSchema.parse(input);
}

type Entry = [key: string, name: string, nameZh: string, description: string, descriptionZh: string];

function tiered(
  stat: AchievementDefinition['criterion']['stat'],
  tiers: readonly [atLeast: number, karmaReward: number, entry: Entry][],
): AchievementDefinitionInput[] {
  return tiers.map(([atLeast, karmaReward, [key, name, nameZh, description, descriptionZh]]) => ({
    key,
    name,
    nameZh,
    description,
    descriptionZh,
    criterion: { stat, atLeast },
    karmaReward,
  }));
}

/*
 * Level achievements pay no karma: karma from reaching a level would push the member toward the next
 * level, and a badge is reward enough for a milestone the level-up already announces. Streak
 * achievements use the longest streak so a member who reached 30 days keeps qualifying on re-evaluation.
 */
const DEFAULTS: readonly AchievementDefinitionInput[] = [
  ...tiered('messages', [
    [1, 10, ['first_message', 'First Words', '初次發言', 'Send your first message.', '發送第一則訊息。']],
    [100, 50, ['messages_100', 'Chatty', '侃侃而談', 'Send 100 messages.', '累計發送 100 則訊息。']],
    [
      1000,
      200,
      ['messages_1000', 'Conversationalist', '健談之士', 'Send 1,000 messages.', '累計發送 1,000 則訊息。'],
    ],
    [
      10_000,
      1000,
      [
        'messages_10000',
        'Voice of the Server',
        '社群之聲',
        'Send 10,000 messages.',
        '累計發送 10,000 則訊息。',
      ],
    ],
  ]),
  ...tiered('replies', [
    [
      100,
      100,
      ['replies_100', 'Helping Hand', '熱心助人', 'Reply to 100 messages.', '累計回覆 100 則訊息。'],
    ],
  ]),
  ...tiered('voiceMinutes', [
    [60, 25, ['voice_1h', 'Tuned In', '語音新手', 'Spend 1 hour talking in voice.', '累計語音聊天 1 小時。']],
    [
      600,
      100,
      ['voice_10h', 'On the Air', '語音常客', 'Spend 10 hours talking in voice.', '累計語音聊天 10 小時。'],
    ],
    [
      6000,
      500,
      [
        'voice_100h',
        'Broadcaster',
        '語音達人',
        'Spend 100 hours talking in voice.',
        '累計語音聊天 100 小時。',
      ],
    ],
  ]),
  ...tiered('level', [
    [5, 0, ['level_5', 'Rising Star', '嶄露頭角', 'Reach level 5.', '達到等級 5。']],
    [10, 0, ['level_10', 'Regular', '常客', 'Reach level 10.', '達到等級 10。']],
    [25, 0, ['level_25', 'Pillar', '中流砥柱', 'Reach level 25.', '達到等級 25。']],
    [50, 0, ['level_50', 'Expert', '專家', 'Reach level 50.', '達到等級 50。']],
    [100, 0, ['level_100', 'Legend', '傳奇', 'Reach level 100.', '達到等級 100。']],
  ]),
  ...tiered('longestStreak', [
    [7, 70, ['streak_7', 'Week Warrior', '一週不間斷', 'Be active 7 days in a row.', '連續 7 天參與活動。']],
    [30, 300, ['streak_30', 'Devoted', '全心投入', 'Be active 30 days in a row.', '連續 30 天參與活動。']],
    [
      100,
      1000,
      ['streak_100', 'Unstoppable', '勢不可擋', 'Be active 100 days in a row.', '連續 100 天參與活動。'],
    ],
  ]),
  ...tiered('questsCompleted', [
    [1, 10, ['quests_1', 'Adventurer', '冒險啟程', 'Complete your first quest.', '完成第一個任務。']],
    [10, 100, ['quests_10', 'Quest Hunter', '任務獵人', 'Complete 10 quests.', '累計完成 10 個任務。']],
    [100, 500, ['quests_100', 'Quest Champion', '任務冠軍', 'Complete 100 quests.', '累計完成 100 個任務。']],
  ]),
  ...tiered('reactionsReceived', [
    [
      100,
      50,
      [
        'reactions_received_100',
        'Appreciated',
        '備受肯定',
        'Receive 100 reactions.',
        '累計獲得 100 個反應。',
      ],
    ],
    [
      1000,
      300,
      ['reactions_received_1000', 'Beloved', '萬人迷', 'Receive 1,000 reactions.', '累計獲得 1,000 個反應。'],
    ],
  ]),
  ...tiered('reactionsGiven', [
    [
      100,
      50,
      ['reactions_given_100', 'Cheerleader', '啦啦隊長', 'React to 100 messages.', '累計給出 100 個反應。'],
    ],
  ]),
  ...tiered('distinctChannels', [
    [
      10,
      50,
      ['channels_10', 'Explorer', '探險家', 'Post in 10 different channels.', '在 10 個不同頻道發言。'],
    ],
  ]),
];

export const DEFAULT_ACHIEVEMENTS: readonly AchievementDefinition[] = parseAchievementCatalog(DEFAULTS);
