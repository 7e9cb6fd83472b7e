import { useTranslation } from 'react-i18next';
import { useMyLevel, useNextMilestone } from '../../api/queries.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { formatNumber } from '../../lib/format.ts';
import { levelTitle } from '../../lib/karma.ts';

/** The member's level, the bar toward the next one, and the next level that brings something new. */
export function LevelPanel({ guildId }: { guildId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const level = useMyLevel(guildId);
  const milestone = useNextMilestone(guildId);
  const n = (value: number) => formatNumber(value, lang);

  return (
    <section className="panel level-panel" aria-labelledby="level-heading">
      <h2 id="level-heading">{t('profile.level.heading')}</h2>
      {level.isError && !level.data ? (
        <ErrorPanel error={level.error} what={t('errors.what.level')} onRetry={() => void level.refetch()} />
      ) : !level.data ? (
        <div className="level-body">
          <Skeleton height="2rem" width="12rem" />
          <Skeleton height="0.875rem" />
          <Skeleton height="1.25rem" width="16rem" />
        </div>
      ) : (
        <div className="level-body">
          <p className="level-now">
            {t('profile.level.current', {
              level: n(level.data.level),
              title: levelTitle(i18n, level.data.title),
            })}
          </p>
          {level.data.next ? (
            <>
              <ProgressBar
                fraction={level.data.progress.fraction}
                label={t('profile.level.progressLabel', { level: n(level.data.next.level) })}
                valueText={t('profile.level.remaining', {
                  karma: n(level.data.progress.remaining),
                  level: n(level.data.next.level),
                })}
              />
              <p className="level-caption">
                <span>
                  {t('profile.level.into', {
                    into: n(level.data.progress.intoLevel),
                    span: n((level.data.progress.nextRequired ?? 0) - level.data.progress.currentRequired),
                  })}
                </span>
                <span>
                  {t('profile.level.remaining', {
                    karma: n(level.data.progress.remaining),
                    level: n(level.data.next.level),
                  })}
                </span>
              </p>
            </>
          ) : (
            <p className="level-caption">{t('profile.level.max')}</p>
          )}
        </div>
      )}
      <h3 className="milestone-heading">{t('profile.milestone.heading')}</h3>
      {milestone.isError && !milestone.data ? (
        <ErrorPanel
          error={milestone.error}
          what={t('errors.what.milestone')}
          onRetry={() => void milestone.refetch()}
        />
      ) : !milestone.data ? (
        <Skeleton height="3rem" />
      ) : milestone.data.milestone ? (
        <p className="milestone">
          <span className="milestone-level">
            {t('profile.milestone.level', {
              level: n(milestone.data.milestone.level),
              title: levelTitle(i18n, milestone.data.milestone.title),
            })}
          </span>
          <span className="milestone-what">
            {milestone.data.milestone.reasons.map((r) => t(`profile.milestone.reason.${r}`)).join(' · ')}
            {' — '}
            {t('profile.milestone.remaining', { karma: n(milestone.data.milestone.remaining) })}
          </span>
        </p>
      ) : (
        <p className="milestone">{t('profile.milestone.none')}</p>
      )}
    </section>
  );
}
