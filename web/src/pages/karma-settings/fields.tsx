import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { formatTime } from '../../lib/format.ts';
import { FIELD_PATTERNS, type FormName, placeFieldError } from '../../lib/karma-settings.ts';
import type { SettingsEditor } from './editor-state.ts';

interface Scope {
  id: string;
  /** The field path the current refusal is shown at, if one of this form's fields takes it. */
  placed: string | undefined;
  message: string | undefined;
}

const FormScope = createContext<Scope>({ id: '', placed: undefined, message: undefined });

/** A field's error, when the form's refusal is placed at `path`: its id, for aria-describedby. */
export function useFieldError(path: string): { errorId: string; message: string | undefined } {
  const scope = useContext(FormScope);
  return {
    errorId: `${scope.id}-${path}-error`,
    message: scope.placed === path ? scope.message : undefined,
  };
}

export function fieldId(scopeId: string, path: string): string {
  return `${scopeId}-${path}`;
}

export function useFieldId(path: string): string {
  return fieldId(useContext(FormScope).id, path);
}

export function FieldError({ path }: { path: string }) {
  const { errorId, message } = useFieldError(path);
  return message ? (
    <p className="field-error" id={errorId}>
      {message}
    </p>
  ) : null;
}

function describedBy(...ids: (string | undefined | false)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** A field's control: its id, marked invalid and described by its hint and its refusal. */
function useControl(path: string, hint: string | undefined) {
  const id = useFieldId(path);
  const { errorId, message } = useFieldError(path);
  return {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy(hint && `${id}-hint`, message && errorId),
  };
}

/** Under a field's control: its hint, then its refusal. */
function FieldNotes({
  controlId,
  path,
  hint,
}: {
  controlId: string;
  path: string;
  hint: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${controlId}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError path={path} />
    </>
  );
}

/** A field whose control (`children`) stands under its label. */
function LabelledField({
  className,
  label,
  controlId,
  path,
  hint,
  children,
}: {
  className: string;
  label: string;
  controlId: string;
  path: string;
  hint: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={controlId}>{label}</label>
      {children}
      <FieldNotes controlId={controlId} path={path} hint={hint} />
    </div>
  );
}

/**
 * A number input that keeps what is typed ("1." or an empty field) while telling the draft the
 * number it means: NaN until it is one, which the form refuses to send.
 */
export function NumberField({
  path,
  label,
  srLabel,
  value,
  onChange,
  min,
  max,
  step = 1,
  hint,
  className,
}: {
  path: string;
  label: string;
  /** The whole name for screen readers when the visible label leans on the row ("Target" of what). */
  srLabel?: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  hint?: string;
  className?: string;
}) {
  const control = useControl(path, hint);
  const [text, setText] = useState(Number.isFinite(value) ? String(value) : '');
  // A new value from outside (discard, a preset, a save) replaces the text; typing does not loop.
  useEffect(() => {
    setText((current) => {
      const typed = current.trim() === '' ? Number.NaN : Number(current);
      if (Object.is(typed, value) || !Number.isFinite(value)) return current;
      return String(value);
    });
  }, [value]);
  return (
    <LabelledField
      className={`field ${className ?? ''}`}
      label={label}
      controlId={control.id}
      path={path}
      hint={hint}
    >
      <input
        {...control}
        type="number"
        inputMode={step === 1 ? 'numeric' : 'decimal'}
        value={text}
        min={min}
        max={max}
        step={step}
        aria-label={srLabel}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
        }}
      />
    </LabelledField>
  );
}

export function TextField({
  path,
  label,
  value,
  onChange,
  hint,
  maxLength,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  maxLength?: number;
}) {
  const control = useControl(path, hint);
  return (
    <LabelledField className="field wide" label={label} controlId={control.id} path={path} hint={hint}>
      <input
        {...control}
        type="text"
        value={value}
        maxLength={maxLength}
        onChange={(e) => onChange(e.target.value)}
      />
    </LabelledField>
  );
}

export function SelectField({
  path,
  label,
  value,
  onChange,
  choices,
  disabled,
  hint,
}: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly { id: string; label: string }[];
  disabled?: boolean;
  hint?: string;
}) {
  const control = useControl(path, hint);
  return (
    <LabelledField className="field" label={label} controlId={control.id} path={path} hint={hint}>
      <select {...control} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/** One choice among a few, all in sight: radio buttons (arrow keys move between them). */
export function RadioGroup<V extends string>({
  path,
  legend,
  value,
  onChange,
  choices,
}: {
  path: string;
  legend: string;
  value: V;
  onChange: (value: V) => void;
  choices: readonly { id: V; label: string; hint?: string }[];
}) {
  const id = useFieldId(path);
  const { errorId, message } = useFieldError(path);
  return (
    <fieldset className="form-group" aria-describedby={message ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choice-row">
        {choices.map((choice) => (
          <label className="check" key={choice.id}>
            <input
              type="radio"
              name={id}
              checked={value === choice.id}
              onChange={() => onChange(choice.id)}
            />
            <span>
              {choice.label}
              {choice.hint ? <span className="choice-hint">{choice.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldError path={path} />
    </fieldset>
  );
}

/** An on/off setting: a checkbox announced as a switch. */
export function Switch({
  path,
  label,
  srLabel,
  checked,
  onChange,
  hint,
}: {
  path: string;
  label: string;
  srLabel?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const { id, 'aria-describedby': describedBy } = useControl(path, hint);
  return (
    <div className="switch-field">
      <label className="check switch">
        <input
          id={id}
          type="checkbox"
          role="switch"
          aria-checked={checked}
          aria-label={srLabel}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={describedBy}
        />
        {label}
      </label>
      <FieldNotes controlId={id} path={path} hint={hint} />
    </div>
  );
}

/** What the status line says: saving, saved (when), or that there are unsaved changes. */
function StatusLine({ editor, form }: { editor: SettingsEditor; form: FormName }) {
  const { t, i18n } = useTranslation();
  const status = editor.status(form);
  let text = '';
  if (status.kind === 'saving') text = t('karmaSettings.status.saving');
  else if (editor.dirty(form)) text = t('karmaSettings.status.unsaved');
  else if (status.kind === 'saved')
    text = t('karmaSettings.status.saved', { time: formatTime(status.at, i18n.language) });
  return (
    <p className={`save-status ${editor.dirty(form) ? 'unsaved' : ''}`} role="status">
      {text}
    </p>
  );
}

/**
 * One form of the settings, saving one section with PUT: its fields, the refusal placed at the
 * field the API (or the form) names, else above the buttons, and a status line.
 */
export function SettingsForm({
  editor,
  form,
  title,
  caption,
  saveLabel,
  children,
}: {
  editor: SettingsEditor;
  form: FormName;
  title: string;
  caption?: string;
  saveLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const status = editor.status(form);
  const api = status.kind === 'failed' && isApiError(status.error) ? status.error : undefined;
  let scope: Scope = { id, placed: undefined, message: undefined };
  let general: ReactNode = null;
  if (status.kind === 'invalid') {
    scope = {
      id,
      placed: placeFieldError(status.field, FIELD_PATTERNS[form]),
      message: t('karmaSettings.invalidNumber'),
    };
    if (!scope.placed)
      general = <p className="field-error">{t('karmaSettings.invalidNumberAt', { field: status.field })}</p>;
  } else if (status.kind === 'failed') {
    const placed = api?.status === 400 ? placeFieldError(api.field, FIELD_PATTERNS[form]) : undefined;
    scope = { id, placed, message: api ? t('karmaSettings.refused', { message: api.message }) : undefined };
    if (!placed) general = <InlineError error={status.error} title={t('karmaSettings.saveFailed')} />;
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (status.kind !== 'saving') void editor.save(form);
  };
  return (
    <form
      className="panel settings-form"
      data-form={form}
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {caption ? <p className="panel-caption">{caption}</p> : null}
      <FormScope.Provider value={scope}>{children}</FormScope.Provider>
      {general}
      <div className="settings-form-foot">
        {/* Not disabled while saving: a disabled button would drop the keyboard's focus. */}
        <button type="submit" className="button primary" aria-disabled={status.kind === 'saving'}>
          {saveLabel}
        </button>
        <button
          type="button"
          className="button secondary"
          aria-disabled={!editor.dirty(form) || status.kind === 'saving'}
          onClick={() => {
            if (editor.dirty(form) && status.kind !== 'saving') editor.discard(form);
          }}
        >
          {t('karmaSettings.discard')}
        </button>
        <StatusLine editor={editor} form={form} />
      </div>
    </form>
  );
}
