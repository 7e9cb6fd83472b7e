import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect } from 'wouter';
import { useClaimQuest, useKarmaSummary } from '../api/queries.ts';
import type { Quest } from '../api/types.ts';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { formatNumber } from '../lib/format.ts';
import { catalogText, levelTitle } from '../lib/karma.ts';
import { AchievementsPanel } from './profile/achievements-panel.tsx';
import { HistoryPanel } from './profile/history-panel.tsx';
import { LevelPanel } from './profile/level-panel.tsx';
import { LogPanel } from './profile/log-panel.tsx';
import { type ClaimState, QuestsPanel } from './profile/quests-panel.tsx';

function Profile({ guildId, guildName }: { guildId: string; guildName: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const summary = useKarmaSummary(guildId);
  const claimMutation = useClaimQuest(guildId);
  const [failed, setFailed] = useState<ClaimState['failed']>();
  const [claimed, setClaimed] = useState('');
  useDocumentTitle(t('nav.profile'), guildName);
  const s = summary.data;
  const failedFirst = summary.isError && !s;
  const show = (n: number | undefined) =>
    failedFirst ? '—' : n === undefined ? undefined : formatNumber(n, lang);

  const claim: ClaimState = {
    pendingId: claimMutation.isPending ? claimMutation.variables : undefined,
    failed,
    claim: (quest: Quest) => {
      setFailed(undefined);
      setClaimed('');
      claimMutation.mutate(quest.progressId, {
        onSuccess: (result) =>
          setClaimed(
            t('profile.quests.claimed', {
              name: catalogText(i18n, 'quests', quest),
              value: formatNumber(result.reward, lang),
            }),
          ),
        onError: (error) => setFailed({ progressId: quest.progressId, error }),
      });
    },
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeading>{t('profile.title')}</PageHeading>
      <dl className="stat-grid">
        <StatCard label={t('profile.karma')} value={show(s?.total)} />
        <StatCard
          label={t('profile.levelCard')}
          value={show(s?.level)}
          {...(s ? { hint: levelTitle(i18n, s.title) } : {})}
        />
        <StatCard
          label={t('profile.rank')}
          value={
            failedFirst ? '—' : s ? (s.rank === null ? '—' : `#${formatNumber(s.rank, lang)}`) : undefined
          }
          {...(s ? { hint: t('profile.rankOf', { total: formatNumber(s.rankedMembers, lang) }) } : {})}
        />
        <StatCard
          label={t('profile.today')}
          value={show(s?.earnedToday)}
          {...(s ? { hint: t('profile.thisWeek', { value: formatNumber(s.earnedThisWeek, lang) }) } : {})}
        />
      </dl>
      {summary.isError ? (
        <InlineError error={summary.error} title={t('errors.failed', { what: t('errors.what.summary') })} />
      ) : null}
      <div className="panels">
        <LevelPanel guildId={guildId} />
        <HistoryPanel guildId={guildId} />
      </div>
      <p className="claim-status" role="status">
        {claimed}
      </p>
      <div className="panels even">
        <QuestsPanel guildId={guildId} period="daily" claim={claim} />
        <QuestsPanel guildId={guildId} period="weekly" claim={claim} />
      </div>
      <div className="stack">
        <AchievementsPanel guildId={guildId} />
        <LogPanel guildId={guildId} />
      </div>
    </section>
  );
}

/** The signed-in member's karma, level, quests, achievements and history in the session's guild. */
export default function ProfilePage() {
  const { guild } = useSession();
  if (!guild) return <Redirect to="/guilds" replace />;
  return <Profile key={guild.id} guildId={guild.id} guildName={guild.name} />;
}
