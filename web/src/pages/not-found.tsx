import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';

export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <section aria-labelledby="page-title">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <EmptyState title={t('notFound.body')}>
        <Link href="/" className="button secondary">
          {t('notFound.home')}
        </Link>
      </EmptyState>
    </section>
  );
}
