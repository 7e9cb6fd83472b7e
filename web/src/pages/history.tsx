import { type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useHistoryTasks, useStartHistory } from '../api/queries.ts';
import type { HistoryTask } from '../api/types.ts';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { AdminGate } from '../layout/admin-gate.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { activeTask } from '../lib/history.ts';
import { LiveTask } from './history/live-task.tsx';
import { StartForm } from './history/start-form.tsx';
import { TaskDetail } from './history/task-detail.tsx';
import { TaskList, toggleId } from './history/task-list.tsx';

/**
 * The top of the page: the import being followed (started here, or found running), else the form
 * to start one. A guild runs one import at a time, so the form would only earn a 409 meanwhile.
 */
function CurrentImport({ guildId }: { guildId: string }) {
  const { t } = useTranslation();
  const newest = useHistoryTasks(guildId, undefined);
  const start = useStartHistory(guildId);
  const [followed, setFollowed] = useState<HistoryTask | null>(null);
  const running = newest.data && !newest.isPlaceholderData ? activeTask(newest.data.tasks) : undefined;
  // An import that runs (started by another admin, the CLI, or before this visit) is followed.
  useEffect(() => {
    if (running && running.id !== followed?.id) setFollowed(running);
  }, [running, followed?.id]);

  const conflict = isApiError(start.error) && start.error.status === 409 ? start.error : undefined;
  let slot: ReactNode;
  if (followed) {
    slot = (
      <LiveTask
        key={followed.id}
        guildId={guildId}
        initial={followed}
        onDismiss={() => {
          start.reset();
          setFollowed(null);
        }}
      />
    );
  } else if (newest.isPending) {
    // The form's size (set per screen width in the stylesheet), until the list says whether an
    // import is running.
    slot = (
      <div className="current-skeleton">
        <Skeleton height="100%" />
      </div>
    );
  } else {
    slot = (
      <StartForm
        guildId={guildId}
        pending={start.isPending}
        error={start.error}
        onStart={(body) => start.mutate(body, { onSuccess: (task) => setFollowed(task) })}
      />
    );
  }
  return (
    <div className="current-import">
      {conflict ? <InlineError error={conflict} title={t('history.form.conflict')} /> : null}
      {slot}
    </div>
  );
}

function History({ guildId, guildName, userId }: { guildId: string; guildName: string; userId: string }) {
  const { t } = useTranslation();
  const detailId = useId();
  const [selected, setSelected] = useState<string | null>(null);
  useDocumentTitle(t('nav.history'), guildName);
  return (
    <section aria-labelledby="page-title" className="history-page">
      <PageHeading>{t('history.title')}</PageHeading>
      <p className="lead">{t('history.lead')}</p>
      <CurrentImport guildId={guildId} />
      <TaskList
        guildId={guildId}
        userId={userId}
        selectedId={selected}
        detailId={detailId}
        onSelect={setSelected}
      />
      {selected ? (
        <TaskDetail
          key={selected}
          guildId={guildId}
          taskId={selected}
          id={detailId}
          onClose={() => {
            setSelected(null);
            // The Close button goes away with the panel: the keyboard goes back to the row it came from.
            requestAnimationFrame(() => document.getElementById(toggleId(detailId, selected))?.focus());
          }}
        />
      ) : null}
    </section>
  );
}

/** Seed 000's admin page: start a history import, follow it live, cancel it, read past ones. */
export default function HistoryPage() {
  const { me } = useSession();
  return (
    <AdminGate page="history">
      {/* Keyed by guild: switching guilds starts from a clean page (no task followed from the other). */}
      {(guild) => <History key={guild.id} guildId={guild.id} guildName={guild.name} userId={me.user.id} />}
    </AdminGate>
  );
}
