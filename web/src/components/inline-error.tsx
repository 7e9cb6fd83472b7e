import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';

/** A one-line failure: what failed (the title), why, and the request id. */
export function InlineError({ error, title }: { error: unknown; title: string }) {
  const { t } = useTranslation();
  const api = isApiError(error) ? error : undefined;
  return (
    <p className="inline-error" role="alert">
      {title}
      {api ? ` (${api.status || '—'} ${api.code}: ${api.message})` : null}
      {api?.requestId ? (
        <>
          {' '}
          {t('errors.requestId')}: <code className="request-id">{api.requestId}</code>
        </>
      ) : null}
    </p>
  );
}
