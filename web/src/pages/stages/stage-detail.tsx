import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { isApiError } from '../../api/client.ts';
import { useStageCount } from '../../api/live.ts';
import { queryKeys } from '../../api/queries.ts';
import { useStage } from '../../api/stages.ts';
import type { Stage } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Fact } from '../../components/fact.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { StatCard } from '../../components/stat-card.tsx';
import { useDocumentTitle } from '../../layout/document-title.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { isDiscordKind } from '../../lib/stages.ts';
import { StreamNote } from '../overview/viewers-panels.tsx';
import { CurrentViewers } from './current-viewers.tsx';
import { PlayerPanel } from './player-panel.tsx';
import { StageForm } from './stage-form.tsx';
import { StageStatsPanel, type StatsRange } from './stage-stats.tsx';

function Settings({ guildId, stage }: { guildId: string; stage: Stage }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <StageForm
        guildId={guildId}
        stage={stage}
        onDone={() => setEditing(false)}
        onCancel={() => setEditing(false)}
      />
    );
  const yes = (v: boolean) => (v ? t('stages.list.yes') : t('stages.list.no'));
  return (
    <section className="panel" aria-labelledby="stage-settings">
      <div className="panel-head">
        <h2 id="stage-settings">{t('stages.detail.settings')}</h2>
        <button type="button" className="button secondary small" onClick={() => setEditing(true)}>
          {t('stages.list.edit')}
        </button>
      </div>
      <dl className="facts settings-facts">
        <Fact label={t('stages.list.kind')} value={t(`stages.kind.${stage.kind}`)} />
        <Fact label={t('stages.form.externalId')} value={stage.external_id} />
        <Fact
          label={t('stages.list.max')}
          value={
            isDiscordKind(stage.kind)
              ? t('stages.detail.discordDecides')
              : stage.is_master
                ? t('stages.list.unlimited')
                : formatNumber(stage.max_viewers, lang)
          }
        />
        <Fact label={t('stages.list.master')} value={yes(stage.is_master)} />
        <Fact label={t('stages.form.ttlSeconds')} value={formatNumber(stage.ttl_seconds, lang)} />
        <Fact label={t('stages.form.allowAnonymous')} value={yes(stage.allow_anonymous)} />
        <Fact label={t('stages.detail.created')} value={formatDateTime(stage.created_at, lang)} />
      </dl>
    </section>
  );
}

/**
 * One stage: its live count (the stage's stream, else polled), who is watching, statistics and
 * snapshots over 7 or 30 days, its settings (editable), and how a web player joins.
 */
export function StageDetail({ guildId, stageId }: { guildId: string; stageId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const client = useQueryClient();
  const stage = useStage(guildId, stageId);
  const count = useStageCount(guildId, stageId);
  const [days, setDays] = useState<StatsRange>(7);
  useDocumentTitle(stage.data?.name ?? t('nav.stages'), t('nav.stages'));
  const live = count.query.data;
  const liveCount = live?.viewer_count ?? stage.data?.viewer_count;
  const livePoint = useMemo(
    () => (live ? { at: Date.parse(live.at), value: live.viewer_count } : undefined),
    [live],
  );
  useEffect(() => {
    if (count.deleted) void client.invalidateQueries({ queryKey: queryKeys.stages(guildId) });
  }, [count.deleted, client, guildId]);

  const back = (
    <p className="back-link">
      <Link href="/">{t('stages.detail.back')}</Link>
    </p>
  );
  const missing = count.deleted || (isApiError(stage.error) && stage.error.status === 404);
  if (missing) {
    return (
      <section aria-labelledby="page-title">
        {back}
        <PageHeading>{t('stages.detail.goneTitle')}</PageHeading>
        <EmptyState title={t('stages.detail.gone')} />
      </section>
    );
  }
  if (stage.isError && !stage.data) {
    return (
      <section aria-labelledby="page-title">
        {back}
        <PageHeading>{t('nav.stages')}</PageHeading>
        <ErrorPanel error={stage.error} what={t('errors.what.stage')} onRetry={() => void stage.refetch()} />
      </section>
    );
  }
  const data = stage.data;
  return (
    <section aria-labelledby="page-title" className="stage-page">
      {back}
      <PageHeading aside={<StreamNote mode={count.mode} pollSeconds={5} />}>
        {data ? data.name : <Skeleton height="2.25rem" width="12rem" />}
      </PageHeading>
      <dl className="stat-grid">
        <StatCard
          label={t('stages.detail.watchingNow')}
          value={liveCount === undefined ? undefined : formatNumber(liveCount, lang)}
          hint={data ? t(`stages.kind.${data.kind}`) : '\u00a0'}
        />
        <StatCard
          label={t('stages.list.max')}
          value={
            !data
              ? undefined
              : isDiscordKind(data.kind)
                ? '—'
                : data.is_master
                  ? '∞'
                  : formatNumber(data.max_viewers, lang)
          }
          hint={data?.is_master ? t('stages.detail.masterHint') : '\u00a0'}
        />
        <StatCard
          label={t('stages.form.ttlSeconds')}
          value={data ? formatNumber(data.ttl_seconds, lang) : undefined}
          hint={t('stages.detail.ttlHint')}
        />
        <StatCard
          label={t('stages.form.allowAnonymous')}
          value={data ? (data.allow_anonymous ? t('stages.list.yes') : t('stages.list.no')) : undefined}
          hint={'\u00a0'}
        />
      </dl>
      <div className="stack">
        <CurrentViewers guildId={guildId} stageId={stageId} count={live?.viewer_count} />
        <StageStatsPanel guildId={guildId} stageId={stageId} days={days} onDays={setDays} live={livePoint} />
        {data ? <Settings guildId={guildId} stage={data} /> : <Skeleton height="12rem" />}
        {data ? <PlayerPanel stage={data} /> : null}
      </div>
    </section>
  );
}
