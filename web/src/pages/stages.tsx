import { useTranslation } from 'react-i18next';
import { Route, Switch } from 'wouter';
import { PageHeading } from '../components/page-heading.tsx';
import { AdminGate } from '../layout/admin-gate.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import './live.css';
import './stages/stages.css';
import { StageDetail } from './stages/stage-detail.tsx';
import { StageList } from './stages/stage-list.tsx';

function Stages({ guildId, guildName }: { guildId: string; guildName: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.stages'), guildName);
  return (
    <section aria-labelledby="page-title" className="stages-page">
      <PageHeading>{t('stages.title')}</PageHeading>
      <p className="lead">{t('stages.lead')}</p>
      <StageList guildId={guildId} />
    </section>
  );
}

/**
 * Stages for live viewers (admins): the list at `/stages`, one stage at `/stages/{id}`. Nested
 * under `/stages` (the registry's `nest`), so links inside are relative to it.
 */
export default function StagesPage() {
  return (
    <AdminGate page="stages" guilds="~/guilds">
      {(guild) => (
        <Switch>
          <Route path="/">
            <Stages key={guild.id} guildId={guild.id} guildName={guild.name} />
          </Route>
          <Route path="/:stageId">
            {(params) => (
              <StageDetail
                key={`${guild.id}:${params.stageId}`}
                guildId={guild.id}
                stageId={params.stageId}
              />
            )}
          </Route>
        </Switch>
      )}
    </AdminGate>
  );
}
