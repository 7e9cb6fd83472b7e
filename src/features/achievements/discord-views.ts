import { ComponentType } from 'discord-api-types/v10';
import { catalogText, type Translator } from '../../i18n/translate.ts';
import { EMBED_COLOR, type Panel, progressBar, truncate } from '../rewards/discord-panels.ts';
import type { AchievementList } from './service.ts';

/** The panel of `/achievements`: a member's achievements, paged with a select. */

export const ACHIEVEMENTS_PAGE_SIZE = 10;

/** Custom id: `karma:ach:<user>` (the prefix of the panels sent before achievements had its own). */
export const achievementsSelectId = (userId: string) => `karma:ach:${userId}`;
export const ACHIEVEMENTS_SELECT_PREFIX = 'karma:ach:';

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
                  custom_id: achievementsSelectId(list.userId),
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
