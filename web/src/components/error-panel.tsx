import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';

/**
 * Says what failed (which data, which request, the API's code and message) and gives the
 * request id that finds it in the server log.
 */
export function ErrorPanel({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const api = isApiError(error) ? error : undefined;
  return (
    <div className="error-panel" role="alert">
      <p className="error-title">{t('errors.failed', { what })}</p>
      {api?.status === 0 ? (
        <p>{t('errors.network')}</p>
      ) : api?.status === 403 ? (
        <p>{t('errors.forbidden')}</p>
      ) : (
        <p>{t('errors.server')}</p>
      )}
      <dl className="error-facts">
        <dt>{t('errors.request')}</dt>
        <dd>
          <code>{api?.request ?? '—'}</code>
        </dd>
        <dt>{t('errors.answer')}</dt>
        <dd>
          <code>{api ? `${api.status || '—'} ${api.code}: ${api.message}` : String(error)}</code>
        </dd>
        {api?.requestId ? (
          <>
            <dt>{t('errors.requestId')}</dt>
            <dd>
              <code className="request-id">{api.requestId}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}
