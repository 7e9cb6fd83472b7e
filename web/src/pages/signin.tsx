import { useTranslation } from 'react-i18next';
import { useSearch } from 'wouter';
import { PageHeading } from '../components/page-heading.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { LanguageSelect } from '../layout/language-select.tsx';
import { loginHref } from '../lib/paths.ts';

/** Why the server sent the browser back here (`/auth/callback` redirects with `?error=`). */
function useSignInNotice(params: URLSearchParams): { kind: 'error' | 'info'; text: string } | undefined {
  const { t } = useTranslation();
  const error = params.get('error');
  if (error === 'discord') return { kind: 'error', text: t('signin.errors.discord') };
  if (error === 'access_denied') return { kind: 'error', text: t('signin.errors.accessDenied') };
  if (error) return { kind: 'error', text: t('signin.errors.other', { code: error }) };
  if (params.has('expired')) return { kind: 'info', text: t('signin.expired') };
  if (params.has('signedOut')) return { kind: 'info', text: t('signin.signedOut') };
  return undefined;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const params = new URLSearchParams(useSearch());
  const notice = useSignInNotice(params);
  useDocumentTitle(t('signin.title'));
  return (
    <div className="signin">
      <header className="signin-header">
        <span className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Hearth</span>
        </span>
        <LanguageSelect />
      </header>
      <main className="signin-card">
        <PageHeading>{t('signin.title')}</PageHeading>
        <p className="lead">{t('signin.lead')}</p>
        {notice ? (
          <p
            className={notice.kind === 'error' ? 'notice error' : 'notice'}
            role={notice.kind === 'error' ? 'alert' : 'status'}
          >
            {notice.text}
          </p>
        ) : null}
        {/* A link, not a form: signing in is a navigation to Discord and back. */}
        <a className="button primary large" href={loginHref(params.get('next'))}>
          {t('signin.button')}
        </a>
        <p className="fine-print">{t('signin.privacy')}</p>
      </main>
    </div>
  );
}
