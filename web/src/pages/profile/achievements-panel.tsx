import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAchievements } from '../../api/queries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { catalogText, sortAchievements } from '../../lib/karma.ts';

const SKELETON_CARDS = 6;

/** Drawn, not an emoji: servers and kiosks without an emoji font show emojis as boxes. */
function TrophyIcon() {
  return (
    <svg className="achievement-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M4 1h8v1h3v2.5A3.5 3.5 0 0 1 11.8 8 4 4 0 0 1 9 10.4V12h2v2H5v-2h2v-1.6A4 4 0 0 1 4.2 8 3.5 3.5 0 0 1 1 4.5V2h3V1Zm0 2.5H2.5v1A2 2 0 0 0 4 6.4V3.5Zm8 0v2.9a2 2 0 0 0 1.5-1.9v-1H12Z"
      />
    </svg>
  );
}

/** Every achievement the guild offers with the member's progress; unlocked ones first. */
export function AchievementsPanel({ guildId }: { guildId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useAchievements(guildId);
  const sorted = useMemo(() => (list.data ? sortAchievements(list.data.achievements) : []), [list.data]);
  const n = (value: number) => formatNumber(value, lang);

  return (
    <section className="panel" aria-labelledby="achievements-heading">
      <div className="panel-title">
        <h2 id="achievements-heading">{t('profile.achievements.heading')}</h2>
        {list.data ? (
          <span className="badge">
            {t('profile.achievements.count', { unlocked: n(list.data.unlocked), total: n(list.data.total) })}
          </span>
        ) : null}
      </div>
      {list.isError && !list.data ? (
        <ErrorPanel
          error={list.error}
          what={t('errors.what.achievements')}
          onRetry={() => void list.refetch()}
        />
      ) : !list.data ? (
        <ul className="achievement-grid">
          {Array.from({ length: SKELETON_CARDS }, (_v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <li key={i}>
              <Skeleton height="6.5rem" />
            </li>
          ))}
        </ul>
      ) : sorted.length === 0 ? (
        <EmptyState title={t('profile.achievements.empty')} />
      ) : (
        <ul className="achievement-grid">
          {sorted.map((a) => {
            const name = catalogText(i18n, 'achievements', a);
            return (
              <li key={a.key} className={`achievement ${a.unlocked ? 'unlocked' : 'locked'}`}>
                <p className="achievement-name">
                  {a.unlocked ? <TrophyIcon /> : null}
                  {name}
                </p>
                <p className="achievement-description">
                  {catalogText(i18n, 'achievements', a, 'description')}
                </p>
                {a.unlocked ? (
                  <p className="achievement-meta">
                    {a.unlockedAt
                      ? t('profile.achievements.unlockedAt', { when: formatDateTime(a.unlockedAt, lang) })
                      : t('profile.achievements.unlocked')}
                  </p>
                ) : (
                  <ProgressBar
                    fraction={a.fraction}
                    label={name}
                    valueText={t('profile.quests.progress', {
                      progress: n(Math.min(a.current, a.target)),
                      target: n(a.target),
                    })}
                  />
                )}
                {a.karmaReward > 0 ? (
                  <p className="achievement-meta">
                    {t('profile.quests.reward', { value: n(a.karmaReward) })}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
