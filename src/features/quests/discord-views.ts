import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { catalogText, type Translator } from '../../i18n/translate.ts';
import { button, EMBED_COLOR, type Panel, progressBar, truncate } from '../rewards/discord-panels.ts';
import type { QuestList } from './service.ts';

/** The panel of `/quests`: the period's quests with claim buttons, in the language of the one who asked. */

/** Custom ids: `karma:<action>:<args>` (the prefix of the panels sent before quests had its own). */
export const questButtonIds = {
  claim: (progressId: string, period: 'daily' | 'weekly') => `karma:claim:${period}:${progressId}`,
  list: (period: 'daily' | 'weekly') => `karma:quests:${period}`,
} as const;

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
            questButtonIds.claim(q.progressId, list.period),
            truncate(t('web:profile.quests.claimNamed', { name: nameOf(q) }), 80),
            ButtonStyle.Success,
          ),
        ),
    });
  }
  const other = list.period === 'daily' ? 'weekly' : 'daily';
  rows.push({
    type: ComponentType.ActionRow,
    components: [button(questButtonIds.list(other), t(PERIOD_HEADING[other]), ButtonStyle.Secondary)],
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
