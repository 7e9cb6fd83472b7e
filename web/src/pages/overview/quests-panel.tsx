import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { GuildQuest, GuildQuests } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { QuestText } from '../../components/quest-text.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { formatNumber } from '../../lib/format.ts';
import { catalogText, fractionOf } from '../../lib/karma.ts';

/** Placeholder rows: the default catalog's size (10 daily, 7 weekly), so the page rarely moves. */
const SKELETON_ROWS = Array.from({ length: 17 }, (_, i) => `quest-skeleton-${i}`);

function QuestLine({ quest }: { quest: GuildQuest }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (value: number) => formatNumber(value, lang);
  const name = catalogText(i18n, 'quests', quest);
  const completed = t('overview.questCompleted', {
    completed: n(quest.completed),
    members: n(quest.members),
  });
  return (
    <li className="quest" data-quest={quest.key}>
      <QuestText quest={quest} />
      <div className="quest-progress">
        <ProgressBar
          fraction={quest.members === 0 ? 0 : fractionOf(quest.completed, quest.members)}
          label={name}
          valueText={completed}
        />
        <span className="quest-count">{completed}</span>
      </div>
      <div className="quest-action">
        <span className="quest-reward">{t('overview.questReward', { value: n(quest.reward) })}</span>
      </div>
    </li>
  );
}

/** The guild's active quests of the day and the week, with how its members fare on each. */
export function GuildQuestsPanel({ quests }: { quests: UseQueryResult<GuildQuests> }) {
  const { t } = useTranslation();
  const periods = quests.data?.periods.filter((p) => p.quests.length > 0);
  return (
    <section className="panel guild-quests" aria-labelledby="quests-now">
      <h2 id="quests-now">{t('overview.questsNow')}</h2>
      <p className="panel-caption">{t('overview.questsCaption')}</p>
      {quests.isError && !quests.data ? (
        <ErrorPanel
          error={quests.error}
          what={t('errors.what.quests')}
          onRetry={() => void quests.refetch()}
        />
      ) : !periods ? (
        <div className="channel-skeleton">
          {SKELETON_ROWS.map((key) => (
            <Skeleton key={key} height="2.5rem" />
          ))}
        </div>
      ) : periods.length === 0 ? (
        <EmptyState title={t('overview.noQuests.title')}>
          <p>{t('overview.noQuests.body')}</p>
        </EmptyState>
      ) : (
        <div className="guild-quest-periods">
          {periods.map((period) => (
            <section key={period.period} aria-labelledby={`quests-${period.period}`}>
              <h3 id={`quests-${period.period}`} className="guild-quests-period">
                {t(`overview.period.${period.period}`)}
              </h3>
              <ul className="quest-list">
                {period.quests.map((quest) => (
                  <QuestLine key={quest.key} quest={quest} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

/** The overview's card: how many quests run now, and today's completions. */
export function activeQuestFigures(data: GuildQuests | undefined) {
  if (!data) return undefined;
  let active = 0;
  let completedToday = 0;
  for (const period of data.periods) {
    active += period.quests.length;
    if (period.period === 'daily') for (const q of period.quests) completedToday += q.completed;
  }
  return { active, completedToday };
}
