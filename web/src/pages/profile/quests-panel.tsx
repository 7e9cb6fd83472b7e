import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useQuests } from '../../api/queries.ts';
import type { Quest, QuestPeriod } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { QuestText } from '../../components/quest-text.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { formatNumber } from '../../lib/format.ts';
import { catalogText, fractionOf } from '../../lib/karma.ts';

/** The page's one claim at a time: which quest is being claimed and the last claim's failure. */
export interface ClaimState {
  pendingId: string | undefined;
  failed: { progressId: string; error: unknown } | undefined;
  claim: (quest: Quest) => void;
}

/** Placeholder rows: the default catalog's size per period, so the page rarely moves on load. */
const SKELETON_ROWS: Record<QuestPeriod, number> = { daily: 10, weekly: 7 };

function QuestRow({ quest, claim }: { quest: Quest; claim: ClaimState }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const name = catalogText(i18n, 'quests', quest);
  const n = (value: number) => formatNumber(value, lang);
  const pending = claim.pendingId === quest.progressId;
  const failure = claim.failed?.progressId === quest.progressId ? claim.failed.error : undefined;
  return (
    <li className={`quest quest-${quest.status.toLowerCase()}`}>
      <QuestText quest={quest} />
      <div className="quest-progress">
        <ProgressBar
          fraction={fractionOf(quest.progress, quest.target)}
          label={name}
          valueText={t('profile.quests.progress', { progress: n(quest.progress), target: n(quest.target) })}
        />
        <span className="quest-count">
          {n(Math.min(quest.progress, quest.target))} / {n(quest.target)}
        </span>
      </div>
      <div className="quest-action">
        <span className="quest-reward">{t('profile.quests.reward', { value: n(quest.reward) })}</span>
        {quest.claimable ? (
          <button
            type="button"
            className="button primary small"
            disabled={claim.pendingId !== undefined}
            aria-label={t('profile.quests.claimNamed', { name })}
            onClick={() => claim.claim(quest)}
          >
            {pending ? t('profile.quests.claiming') : t('profile.quests.claim')}
          </button>
        ) : (
          <span className={`status quest-status-${quest.status.toLowerCase()}`}>
            {t(`profile.quests.status.${quest.status}`)}
          </span>
        )}
      </div>
      {failure ? (
        <p className="inline-error quest-error" role="alert">
          {t('profile.quests.claimFailed', {
            message: isApiError(failure) ? failure.message : String(failure),
          })}
        </p>
      ) : null}
    </li>
  );
}

/** Today's or this week's quests with their progress, and a claim button on completed ones. */
export function QuestsPanel({
  guildId,
  period,
  claim,
}: {
  guildId: string;
  period: QuestPeriod;
  claim: ClaimState;
}) {
  const { t } = useTranslation();
  const quests = useQuests(guildId, period);
  const headingId = `quests-${period}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`profile.quests.${period}`)}</h2>
      <p className="panel-caption">{t(`profile.quests.${period}Caption`)}</p>
      {quests.isError && !quests.data ? (
        <ErrorPanel
          error={quests.error}
          what={t('errors.what.quests')}
          onRetry={() => void quests.refetch()}
        />
      ) : !quests.data ? (
        <ul className="quest-list">
          {Array.from({ length: SKELETON_ROWS[period] }, (_v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <li key={i} className="quest">
              <Skeleton height="3.25rem" />
            </li>
          ))}
        </ul>
      ) : quests.data.quests.length === 0 ? (
        <EmptyState title={t('profile.quests.empty')} />
      ) : (
        <ul className="quest-list">
          {quests.data.quests.map((quest) => (
            <QuestRow key={quest.progressId} quest={quest} claim={claim} />
          ))}
        </ul>
      )}
    </section>
  );
}
