import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useGuildViewers } from '../../api/live.ts';
import { useDeleteStage, useStages } from '../../api/stages.ts';
import type { Stage } from '../../api/types.ts';
import { useConfirmStep } from '../../components/confirm-step.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { SkeletonRows } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatNumber } from '../../lib/format.ts';
import { isDiscordKind, withLiveCounts } from '../../lib/stages.ts';
import { StreamNote } from '../overview/viewers-panels.tsx';
import { StageForm } from './stage-form.tsx';

const SKELETON_ROWS = 4;

/** Delete with a confirmation in place, the safe choice focused, as History import's cancel. */
function DeleteControl({ guildId, stage }: { guildId: string; stage: Stage }) {
  const { t } = useTranslation();
  const remove = useDeleteStage(guildId);
  const { confirming, setConfirming, keep, start } = useConfirmStep();

  if (!confirming) {
    return (
      <>
        <button
          ref={start}
          type="button"
          className="button secondary small"
          aria-label={t('stages.list.deleteOf', { name: stage.name })}
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
        >
          {t('stages.list.delete')}
        </button>
        {remove.isError ? <InlineError error={remove.error} title={t('stages.list.deleteFailed')} /> : null}
      </>
    );
  }
  return (
    <fieldset className="task-actions confirm">
      <legend>
        {t(isDiscordKind(stage.kind) ? 'stages.list.confirmDiscord' : 'stages.list.confirm', {
          name: stage.name,
        })}
      </legend>
      <button
        type="button"
        className="button danger small"
        disabled={remove.isPending}
        onClick={() => remove.mutate(stage.id, { onSettled: () => setConfirming(false) })}
      >
        {remove.isPending ? t('stages.list.deleting') : t('stages.list.confirmYes')}
      </button>
      <button
        ref={keep}
        type="button"
        className="button secondary small"
        onClick={() => setConfirming(false)}
      >
        {t('stages.list.confirmNo')}
      </button>
    </fieldset>
  );
}

function StageRow({
  guildId,
  stage,
  lang,
  onEdit,
}: {
  guildId: string;
  stage: Stage;
  lang: string;
  onEdit: (stage: Stage) => void;
}) {
  const { t } = useTranslation();
  const discord = isDiscordKind(stage.kind);
  return (
    <tr data-stage={stage.id}>
      <th scope="row" className="stage-name">
        <Link href={`/${stage.id}`}>{stage.name}</Link>
        <span className="stage-external">{stage.external_id}</span>
      </th>
      <td className="stage-kind">
        <span className="badge">{t(`stages.kind.${stage.kind}`)}</span>
      </td>
      <td className="numeric stage-live">
        <span className="cell-label">{t('stages.list.live')}: </span>
        {formatNumber(stage.viewer_count, lang)}
      </td>
      <td className="numeric stage-max">
        <span className="cell-label">{t('stages.list.max')}: </span>
        {discord ? '—' : stage.is_master ? t('stages.list.unlimited') : formatNumber(stage.max_viewers, lang)}
      </td>
      <td className="stage-master">
        <span className="cell-label">{t('stages.list.master')}: </span>
        {stage.is_master ? t('stages.list.yes') : t('stages.list.no')}
      </td>
      <td className="stage-actions">
        <div className="task-actions">
          <button
            type="button"
            className="button secondary small"
            aria-label={t('stages.list.editOf', { name: stage.name })}
            onClick={() => onEdit(stage)}
          >
            {t('stages.list.edit')}
          </button>
          <DeleteControl guildId={guildId} stage={stage} />
        </div>
      </td>
    </tr>
  );
}

/**
 * The guild's stages with their live counts (from the guild's stream), the form to add an external
 * stream or edit a stage, and delete with a confirmation.
 */
export function StageList({ guildId }: { guildId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useStages(guildId);
  const viewers = useGuildViewers(guildId);
  const [editing, setEditing] = useState<Stage | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const stages = list.data ? withLiveCounts(list.data.stages, viewers.query.data) : undefined;

  let body: ReactNode;
  if (list.isError && !stages) {
    body = (
      <ErrorPanel error={list.error} what={t('errors.what.stages')} onRetry={() => void list.refetch()} />
    );
  } else if (stages && stages.length === 0) {
    body = (
      <EmptyState title={t('stages.list.empty.title')}>
        <p>{t('stages.list.empty.body')}</p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="panel table-panel">
        <table className="stages-table" aria-busy={!stages}>
          <caption className="visually-hidden">{t('stages.list.caption')}</caption>
          <TableHead
            columns={[
              { label: t('stages.list.name') },
              { label: t('stages.list.kind') },
              { label: t('stages.list.live'), numeric: true },
              { label: t('stages.list.max'), numeric: true },
              { label: t('stages.list.master') },
              { label: t('stages.list.actions'), hidden: true },
            ]}
          />
          <tbody>
            {stages ? (
              stages.map((stage) => (
                <StageRow
                  key={stage.id}
                  guildId={guildId}
                  stage={stage}
                  lang={lang}
                  onEdit={(s) => {
                    setSaved(null);
                    setEditing(s);
                  }}
                />
              ))
            ) : (
              <SkeletonRows count={SKELETON_ROWS} columns={6} height="2.25rem" />
            )}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <div className="stages-toolbar">
        <StreamNote mode={viewers.mode} pollSeconds={5} />
        {editing === null ? (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setSaved(null);
              setEditing('new');
            }}
          >
            {t('stages.list.add')}
          </button>
        ) : null}
      </div>
      {editing !== null ? (
        <StageForm
          key={editing === 'new' ? 'new' : editing.id}
          guildId={guildId}
          {...(editing === 'new' ? {} : { stage: editing })}
          onDone={(stage) => {
            setSaved(t(editing === 'new' ? 'stages.list.added' : 'stages.list.saved', { name: stage.name }));
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <p className="notice-line" role="status">
        {saved ?? ''}
      </p>
      {list.isError && stages ? (
        <InlineError error={list.error} title={t('errors.failed', { what: t('errors.what.stages') })} />
      ) : null}
      {body}
    </>
  );
}
