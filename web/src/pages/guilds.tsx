import { useTranslation } from 'react-i18next';
import { useSwitchGuild } from '../api/queries.ts';
import { Avatar, guildIconUrl } from '../components/avatar.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';

/** The guild picker: where users with several guilds (or none yet chosen) land. */
export default function GuildsPage() {
  const { t } = useTranslation();
  const { me, guild } = useSession();
  const switcher = useSwitchGuild();
  useDocumentTitle(t('guilds.title'));
  return (
    <section aria-labelledby="page-title">
      <PageHeading>{t('guilds.title')}</PageHeading>
      {me.guilds.length === 0 ? (
        <EmptyState title={t('guilds.empty.title')}>
          <p>{t('guilds.empty.body')}</p>
        </EmptyState>
      ) : (
        <>
          <p className="lead">{t('guilds.lead')}</p>
          <ul className="guild-list">
            {me.guilds.map((g) => {
              const current = g.id === guild?.id;
              return (
                <li key={g.id}>
                  <button
                    type="button"
                    className="guild-choice"
                    aria-current={current ? 'true' : undefined}
                    disabled={switcher.isPending}
                    onClick={() => switcher.mutate(g.id)}
                  >
                    <Avatar name={g.name} src={guildIconUrl(g.id, g.icon)} size={48} />
                    <span className="guild-choice-name">{g.name}</span>
                    <span className="guild-choice-meta">
                      <span className="badge">{g.admin ? t('guilds.admin') : t('guilds.member')}</span>
                      {current ? <span className="badge accent">{t('guilds.current')}</span> : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {switcher.isError ? <InlineError error={switcher.error} title={t('errors.action.switch')} /> : null}
        </>
      )}
    </section>
  );
}
