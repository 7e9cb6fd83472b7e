import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import { catalogText, levelTitle, type Translator } from '../../i18n/translate.ts';
import type { AchievementList } from '../achievements/service.ts';
import type { LevelCurve } from '../levels/domain/index.ts';
import type { LeaderboardView, MyLevel } from '../levels/service.ts';
import type { QuestList } from '../quests/service.ts';
import type { LevelTableRow } from './settings-repository.ts';

/**
 * The Discord panels of the karma system as plain API payloads (embeds and components), built from
 * service results in the language of the one who asked (`Translator`). Pure, so their limits are
 * tested without a client: an embed stays under 6,000 characters and 25 fields, a message under 5
 * rows of 5 buttons.
 */

export interface Panel {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const EMBED_COLOR = 0xf28c28;
export const LEADERBOARD_PAGE_SIZE = 10;
export const ACHIEVEMENTS_PAGE_SIZE = 10;

/** Custom ids: `karma:<action>:<args>`; Discord allows 100 characters. */
export const customIds = {
  leaderboard: (page: number) => `karma:lb:${page}`,
  claim: (progressId: string, period: 'daily' | 'weekly') => `karma:claim:${period}:${progressId}`,
  quests: (period: 'daily' | 'weekly') => `karma:quests:${period}`,
  achievements: (userId: string) => `karma:ach:${userId}`,
} as const;

export function progressBar(fraction: number, width = 12): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function rankPanel(
  level: MyLevel,
  rank: { rank: number | null; total: number },
  name: string,
  i18n: Translator,
): Panel {
  const { t } = i18n;
  const next = level.next
    ? t('web:profile.level.remaining', { karma: level.progress.remaining, level: level.next.level })
    : t('rank.max');
  return {
    embeds: [
      {
        title: truncate(t('rank.title', { name, level: level.level }), 256),
        description: `**${levelTitle(i18n.language, level.title)}**\n${progressBar(level.progress.fraction)} ${level.progress.percent}%\n${next}`,
        color: EMBED_COLOR,
        fields: [
          { name: t('web:leaderboard.karma'), value: i18n.number(level.karma), inline: true },
          {
            name: t('web:leaderboard.rank'),
            value:
              rank.rank === null
                ? t('rank.unranked')
                : t('rank.position', { rank: rank.rank, total: rank.total }),
            inline: true,
          },
        ],
      },
    ],
    components: [],
  };
}

export function leaderboardPanel(view: LeaderboardView, { t }: Translator): Panel {
  const pages = Math.max(1, Math.ceil(view.total / view.limit));
  const lines = view.items.map((item) =>
    t('leaderboard.line', {
      rank: item.rank,
      name: truncate(item.displayName ?? item.username ?? `<@${item.userId}>`, 40),
      karma: item.karma,
      level: item.level,
    }),
  );
  return {
    embeds: [
      {
        title: t('web:leaderboard.title'),
        description: lines.length > 0 ? lines.join('\n') : t('web:leaderboard.empty.title'),
        color: EMBED_COLOR,
        footer: {
          text: `${t('common.pageOf', { page: view.page, pages })} · ${t('web:leaderboard.ranked', { count: view.total, value: view.total })}`,
        },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          button(
            customIds.leaderboard(view.page - 1),
            `◀ ${t('web:pager.previous')}`,
            ButtonStyle.Secondary,
            view.page <= 1,
          ),
          button(
            customIds.leaderboard(view.page + 1),
            `${t('web:pager.next')} ▶`,
            ButtonStyle.Secondary,
            view.page >= pages,
          ),
        ],
      },
    ],
  };
}

const STATUS_ICON = {
  AVAILABLE: '⬜',
  IN_PROGRESS: '🟨',
  COMPLETED: '✅',
  CLAIMED: '🏅',
  EXPIRED: '⌛',
} as const;

const PERIOD_HEADING = { daily: 'web:profile.quests.daily', weekly: 'web:profile.quests.weekly' } as const;

/** When a period's quests reset, as a UTC date and time in the reader's language. */
function resetTime(iso: string, language: Translator['language']): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

export function questsPanel(list: QuestList, i18n: Translator): Panel {
  const { t, language } = i18n;
  const nameOf = (quest: QuestList['quests'][number]) => catalogText(language, 'quests', quest);
  const fields = list.quests.slice(0, 25).map((quest) => ({
    name: truncate(
      `${STATUS_ICON[quest.status]} ${nameOf(quest)} (${t('web:profile.quests.reward', { value: quest.reward })})`,
      256,
    ),
    value: truncate(
      `${catalogText(language, 'quests', quest, 'description')}\n${progressBar(quest.progress / quest.target, 10)} ${t('web:profile.quests.progress', { progress: quest.progress, target: quest.target })} · ${t(`web:profile.quests.status.${quest.status}`)}`,
      1024,
    ),
  }));
  const claimable = list.quests.filter((q) => q.claimable).slice(0, 20);
  const rows: Panel['components'] = [];
  for (let i = 0; i < claimable.length; i += 5) {
    rows.push({
      type: ComponentType.ActionRow,
      components: claimable
        .slice(i, i + 5)
        .map((q) =>
          button(
            customIds.claim(q.progressId, list.period),
            truncate(t('web:profile.quests.claimNamed', { name: nameOf(q) }), 80),
            ButtonStyle.Success,
          ),
        ),
    });
  }
  const other = list.period === 'daily' ? 'weekly' : 'daily';
  rows.push({
    type: ComponentType.ActionRow,
    components: [button(customIds.quests(other), t(PERIOD_HEADING[other]), ButtonStyle.Secondary)],
  });
  return {
    embeds: [
      {
        title: t(PERIOD_HEADING[list.period]),
        color: EMBED_COLOR,
        fields,
        footer: { text: t('quests.resets', { when: resetTime(list.expiresAt, language) }) },
      },
    ],
    components: rows,
  };
}

export function achievementsPanel(
  list: AchievementList,
  name: string,
  page: number,
  i18n: Translator,
): Panel {
  const { t, language } = i18n;
  const pages = Math.max(1, Math.ceil(list.achievements.length / ACHIEVEMENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = list.achievements.slice(
    (current - 1) * ACHIEVEMENTS_PAGE_SIZE,
    current * ACHIEVEMENTS_PAGE_SIZE,
  );
  return {
    embeds: [
      {
        title: truncate(
          `${name} — ${t('web:profile.achievements.heading')} · ${t('web:profile.achievements.count', { unlocked: list.unlocked, total: list.total })}`,
          256,
        ),
        color: EMBED_COLOR,
        fields: slice.map((a) => {
          const description = catalogText(language, 'achievements', a, 'description');
          const reward =
            a.karmaReward > 0 ? ` (${t('web:profile.quests.reward', { value: a.karmaReward })})` : '';
          return {
            name: truncate(
              `${a.unlocked ? '🏆' : '🔒'} ${catalogText(language, 'achievements', a)}${reward}`,
              256,
            ),
            value: truncate(
              a.unlocked
                ? description
                : `${description}\n${progressBar(a.fraction, 10)} ${t('web:profile.quests.progress', { progress: a.current, target: a.target })}`,
              1024,
            ),
          };
        }),
        footer: { text: t('common.pageOf', { page: current, pages }) },
      },
    ],
    components:
      pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.StringSelect,
                  custom_id: customIds.achievements(list.userId),
                  placeholder: t('common.pageOf', { page: current, pages }),
                  options: Array.from({ length: Math.min(pages, 25) }, (_, i) => ({
                    label: t('web:pager.page', { page: i + 1 }),
                    value: String(i + 1),
                    default: i + 1 === current,
                  })),
                },
              ],
            },
          ]
        : [],
  };
}

/** `/levels`: the curve at a glance, the first levels and every milestone level. */
export function levelsPanel(
  rows: readonly LevelTableRow[],
  curve: LevelCurve['kind'],
  { t, language }: Translator,
): Panel {
  const shown = rows.filter((row, i) => i < 5 || row.level % 10 === 0 || row.roleRewardId !== null);
  const lines = shown
    .slice(0, 40)
    .map(
      (row) =>
        `${t('levels.line', { level: row.level, karma: row.requiredKarma, title: levelTitle(language, row.title) })}${row.roleRewardId ? ` · <@&${row.roleRewardId}>` : ''}`,
    );
  return {
    embeds: [
      {
        title: t('levels.title', { curve: t(`levels.curves.${curve}`) }),
        description: truncate(lines.join('\n'), 4000),
        color: EMBED_COLOR,
        footer: { text: t('levels.count', { count: rows.length }) },
      },
    ],
    components: [],
  };
}

/** Characters Discord counts toward an embed's 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  disabled = false,
) {
  return { type: ComponentType.Button as const, custom_id: customId, label, style, disabled };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
