import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import type { HistoryStartBody } from '../../api/types.ts';
import { fieldProblems } from '../../components/field-problems.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { type FormField, formFieldOf, startBody } from '../../lib/history.ts';
import { ChannelPicker } from './channel-picker.tsx';

/** Today as a UTC day: the "from" field cannot be later (the API refuses a `since` in the future). */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Starts an import: all channels or picked ones, an optional window of UTC days, and whether the
 * imported messages pay karma. A 400 is shown at the field the API names; a 409 (an import already
 * runs) is the page's to show, since the page then swaps this form for that import's progress.
 */
export function StartForm({
  guildId,
  pending,
  error,
  onStart,
}: {
  guildId: string;
  pending: boolean;
  error: unknown;
  onStart: (body: HistoryStartBody) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [allChannels, setAllChannels] = useState(true);
  const [channelIds, setChannelIds] = useState<Set<string>>(() => new Set());
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [awardKarma, setAwardKarma] = useState(true);
  const [invalid, setInvalid] = useState<FormField | undefined>();

  const api = isApiError(error) ? error : undefined;
  const apiField = api?.status === 400 ? formFieldOf(api.field) : undefined;
  const problems = fieldProblems<FormField>(
    id,
    invalid,
    (field) => t(`history.form.invalid.${field}`),
    api && { field: apiField, message: t('history.form.refused', { message: api.message }) },
  );
  // A refusal the form cannot pin on a field, and any other failure except the page's 409.
  const general = error && !invalid && !apiField && api?.status !== 409 ? error : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = startBody({ allChannels, channelIds: [...channelIds], since, until, awardKarma });
    if ('invalid' in result) {
      setInvalid(result.invalid);
      return;
    }
    setInvalid(undefined);
    onStart(result.body);
  };

  return (
    <form className="panel history-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('history.form.title')}</h2>
      <p className="panel-caption">{t('history.form.lead')}</p>

      <fieldset className="form-group" aria-describedby={problems.describedBy('channels')}>
        <legend>{t('history.form.channels')}</legend>
        <label className="check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={allChannels}
            onChange={() => setAllChannels(true)}
          />
          {t('history.form.allChannels')}
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={!allChannels}
            onChange={() => setAllChannels(false)}
          />
          {t('history.form.someChannels')}
        </label>
        {allChannels ? null : (
          <ChannelPicker
            guildId={guildId}
            selected={channelIds}
            onChange={(next) => {
              setChannelIds(next);
              if (invalid === 'channels') setInvalid(undefined);
            }}
          />
        )}
        {problems.error('channels')}
      </fieldset>

      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-since`}>{t('history.form.since')}</label>
          <input
            id={`${id}-since`}
            type="date"
            value={since}
            max={until || todayUtc()}
            onChange={(e) => setSince(e.target.value)}
            aria-invalid={problems.message('since') ? true : undefined}
            aria-describedby={problems.describedBy('since', `${id}-since-hint`)}
          />
          <p className="field-hint" id={`${id}-since-hint`}>
            {t('history.form.sinceHint')}
          </p>
          {problems.error('since')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-until`}>{t('history.form.until')}</label>
          <input
            id={`${id}-until`}
            type="date"
            value={until}
            min={since || undefined}
            onChange={(e) => setUntil(e.target.value)}
            aria-invalid={problems.message('until') ? true : undefined}
            aria-describedby={problems.describedBy('until', `${id}-until-hint`)}
          />
          <p className="field-hint" id={`${id}-until-hint`}>
            {t('history.form.untilHint')}
          </p>
          {problems.error('until')}
        </div>
      </div>

      <div className="form-group">
        <label className="check">
          <input
            type="checkbox"
            checked={awardKarma}
            onChange={(e) => setAwardKarma(e.target.checked)}
            aria-describedby={problems.describedBy('awardKarma', `${id}-karma-hint`)}
          />
          {t('history.form.awardKarma')}
        </label>
        <p className="field-hint" id={`${id}-karma-hint`}>
          {t('history.form.awardKarmaHint')}
        </p>
        {problems.error('awardKarma')}
      </div>

      {general ? <InlineError error={general} title={t('history.form.failed')} /> : null}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? t('history.form.starting') : t('history.form.start')}
      </button>
    </form>
  );
}
