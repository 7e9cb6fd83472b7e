import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect } from 'wouter';
import type { GuildChoice } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useDocumentTitle } from './document-title.ts';
import { useSession } from './session.tsx';

/** The admin pages: each one's title is `{page}.title`, its name in the menu `nav.{page}`. */
export type AdminPage = 'history' | 'imports' | 'karmaSettings' | 'stages';

function AdminOnly({ page }: { page: AdminPage }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`nav.${page}`));
  return (
    <section aria-labelledby="page-title">
      <PageHeading>{t(`${page}.title`)}</PageHeading>
      <EmptyState title={t('errors.adminOnly')} />
    </section>
  );
}

/**
 * An admin page's way in: without a guild to the guild list (`guilds`: a nested page's path to
 * it), for a member who is not an admin the page's heading and why it stays empty.
 */
export function AdminGate({
  page,
  guilds = '/guilds',
  children,
}: {
  page: AdminPage;
  guilds?: string;
  children: (guild: GuildChoice) => ReactNode;
}) {
  const { isAdmin, guild } = useSession();
  if (!guild) return <Redirect to={guilds} replace />;
  if (!isAdmin) return <AdminOnly page={page} />;
  return children(guild);
}
