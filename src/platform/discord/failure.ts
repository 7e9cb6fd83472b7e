import { isMessageKey, type Translator } from '../../i18n/translate.ts';
import { ServiceError } from '../errors.ts';

/**
 * A failed interaction as the member reads it: the one place that maps a service's refusal to a
 * Discord reply. A refusal's stable reason picks a translation (`errors.alreadyClaimed` for
 * `already_claimed`); a reason without one keeps the service's English message; anything that is not
 * a refusal is a generic apology (the caller logs it).
 */
export function failureText(error: unknown, { t }: Pick<Translator, 't'>): string {
  if (!(error instanceof ServiceError)) return t('common.failed');
  const key = `errors.${error.reason.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`;
  if (isMessageKey(key)) return t(key);
  return error.message.charAt(0).toUpperCase() + error.message.slice(1);
}

/** Whether an interaction's failure was an expected refusal (answered, not logged as an error). */
export function isRefusal(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
