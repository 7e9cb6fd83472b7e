import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { keyFromName, type NewItemProblem, newItemProblem } from '../../lib/karma-settings-edit.ts';

export interface NewItemText {
  key: string;
  name: string;
  description: string;
}

/**
 * The "add" part of a catalog editor: key, name and description, plus the catalog's own fields
 * (`children`). It lives inside the catalog's form, so Enter here adds rather than saves; the new
 * item is part of the draft until the catalog is saved.
 */
export function AddItem({
  legend,
  addLabel,
  catalog,
  onAdd,
  children,
}: {
  legend: string;
  addLabel: string;
  catalog: readonly { key: string }[];
  /** Returns false when the catalog's own fields refuse. */
  onAdd: (text: NewItemText) => boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyEdited, setKeyEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<NewItemProblem | undefined>();
  const shownKey = keyEdited ? key : keyFromName(name);
  // The button and the fields replace each other: the keyboard follows to whichever appears.
  const nameRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const toggled = useRef(false);
  useEffect(() => {
    if (toggled.current) (open ? nameRef : openerRef).current?.focus();
  }, [open]);
  const toggle = (next: boolean) => {
    toggled.current = true;
    setOpen(next);
  };

  const add = () => {
    const text = { key: shownKey, name, description };
    const found = newItemProblem(text, catalog);
    setProblem(found);
    if (found || !onAdd(text)) return;
    setName('');
    setKey('');
    setKeyEdited(false);
    setDescription('');
    toggle(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      add();
    }
  };
  if (!open) {
    return (
      <div>
        <button ref={openerRef} type="button" className="button secondary small" onClick={() => toggle(true)}>
          {legend}
        </button>
      </div>
    );
  }
  const input = (
    field: 'name' | 'key' | 'description',
    value: string,
    maxLength: number,
    onChange: (value: string) => void,
    extra: { ref?: RefObject<HTMLInputElement | null>; hint?: string; className?: string } = {},
  ) => {
    const fieldId = `${id}-${field}`;
    const refused = problem === field || (field === 'key' && problem === 'duplicate');
    return (
      <div className={extra.className ?? 'field'}>
        <label htmlFor={fieldId}>{t(`karmaSettings.add.${field}`)}</label>
        <input
          ref={extra.ref}
          id={fieldId}
          value={value}
          maxLength={maxLength}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={refused ? true : undefined}
          aria-describedby={refused ? `${fieldId}-error` : extra.hint && `${fieldId}-hint`}
        />
        {extra.hint ? (
          <p className="field-hint" id={`${fieldId}-hint`}>
            {extra.hint}
          </p>
        ) : null}
        {refused ? (
          <p className="field-error" id={`${fieldId}-error`}>
            {t(`karmaSettings.add.problems.${problem}`)}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <fieldset className="form-group add-item" onKeyDown={onKeyDown}>
      <legend>{legend}</legend>
      <div className="field-grid">
        {input('name', name, 80, setName, { ref: nameRef })}
        {input(
          'key',
          shownKey,
          48,
          (value) => {
            setKey(value);
            setKeyEdited(true);
          },
          { hint: t('karmaSettings.add.keyHint') },
        )}
      </div>
      {input('description', description, 200, setDescription, { className: 'field wide' })}
      {children}
      <div className="row-actions">
        <button type="button" className="button secondary small" onClick={add}>
          {addLabel}
        </button>
        <button type="button" className="button secondary small" onClick={() => toggle(false)}>
          {t('karmaSettings.add.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
