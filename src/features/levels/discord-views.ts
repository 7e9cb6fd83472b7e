import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { levelTitle, type Translator } from '../../i18n/translate.ts';
import { button, EMBED_COLOR, type Panel, progressBar, truncate } from '../rewards/discord-panels.ts';
import type { LevelCurve } from './domain/index.ts';
import type { LevelTableRow } from './repository.ts';
import type { LeaderboardView, MyLevel } from './service.ts';

/** The panels of `/rank`, `/leaderboard` and `/levels`, in the language of the one who asked. */

export const LEADERBOARD_PAGE_SIZE = 10;

/** Custom ids: `karma:<action>:<args>` (the prefix of the panels sent before levels had its own). */
export const leaderboardButtonId = (page: number) => `karma:lb:${page}`;
export const LEADERBOARD_BUTTON_PREFIX = 'karma:lb:';

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
            leaderboardButtonId(view.page - 1),
            `◀ ${t('web:pager.previous')}`,
            ButtonStyle.Secondary,
            view.page <= 1,
          ),
          button(
            leaderboardButtonId(view.page + 1),
            `${t('web:pager.next')} ▶`,
            ButtonStyle.Secondary,
            view.page >= pages,
          ),
        ],
      },
    ],
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
