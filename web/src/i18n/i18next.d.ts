import 'i18next';
import type en from '../../../shared/i18n/en.json';

// English is the reference: `t('...')` only accepts its keys, so a typo fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}
