import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportFormat, ImportMode } from '../../api/types.ts';
import {
  fileProblem,
  guessFormat,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  IMPORT_MODES,
} from '../../lib/imports.ts';

/** What the guesser reads of a file: enough for a MEE6 page's `"players"` or a CSV's header. */
const HEAD_BYTES = 4096;

export interface UploadChoice {
  file: File | undefined;
  format: ImportFormat;
  mode: ImportMode;
}

/**
 * Picks the file, its format (guessed from the file when it tells) and the mode, and asks for a
 * dry run. The file's own problems (empty, over 32 MiB) are said here, before any upload. The
 * page holds the choice: a dry run it shows holds only for the choice it was made with.
 */
export function UploadForm({
  value,
  pending,
  onValue,
  onCheck,
}: {
  value: UploadChoice;
  pending: boolean;
  onValue: (next: UploadChoice) => void;
  onCheck: (choice: UploadChoice & { file: File }) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { file, format, mode } = value;
  const [guessed, setGuessed] = useState<ImportFormat | undefined>();
  const [problem, setProblem] = useState<'missing' | 'empty' | 'tooLarge' | undefined>();

  const pick = async (next: File | undefined) => {
    setProblem(undefined);
    setGuessed(undefined);
    onValue({ ...value, file: next });
    if (!next) return;
    const guess = guessFormat(next.name, await next.slice(0, HEAD_BYTES).text());
    if (guess) {
      setGuessed(guess);
      onValue({ ...value, file: next, format: guess });
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return setProblem('missing');
    const issue = fileProblem(file);
    if (issue) return setProblem(issue);
    setProblem(undefined);
    onCheck({ file, format, mode });
  };

  const errorId = `${id}-file-error`;
  return (
    <form className="panel import-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('imports.form.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('imports.form.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".json,.csv,.tsv,.txt,application/json,text/csv,text/plain"
          onChange={(e) => void pick(e.target.files?.[0])}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[`${id}-file-hint`, problem ? errorId : undefined].filter(Boolean).join(' ')}
        />
        <p className="field-hint" id={`${id}-file-hint`}>
          {t('imports.form.fileHint', { mib: IMPORT_MAX_BYTES / 1024 / 1024 })}
        </p>
        {problem ? (
          <p className="field-error" id={errorId}>
            {t(`imports.form.problem.${problem}`, { mib: IMPORT_MAX_BYTES / 1024 / 1024 })}
          </p>
        ) : null}
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-format`}>{t('imports.form.format')}</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(e) => {
              onValue({ ...value, format: e.target.value as ImportFormat });
            }}
            aria-describedby={`${id}-format-hint`}
          >
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`imports.format.${f}`)}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${id}-format-hint`}>
            {guessed
              ? t('imports.form.guessed', { format: t(`imports.format.${guessed}`) })
              : t(`imports.form.formatHint.${format}`)}
          </p>
        </div>
        <fieldset className="form-group">
          <legend>{t('imports.form.mode')}</legend>
          {IMPORT_MODES.map((m) => (
            <label key={m} className="check">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === m}
                onChange={() => onValue({ ...value, mode: m })}
              />
              <span>
                {t(`imports.mode.${m}`)}
                <span className="field-hint block">{t(`imports.mode.${m}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? t('imports.form.checking') : t('imports.form.check')}
      </button>
    </form>
  );
}
