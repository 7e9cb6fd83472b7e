import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
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
  const errorFor = (field: NewItemProblem) =>
    problem === field || (field === 'key' && problem === 'duplicate') ? (
      <p className="field-error" id={`${id}-${field}-error`}>
        {t(`karmaSettings.add.problems.${problem}`)}
      </p>
    ) : null;
  const invalid = (field: NewItemProblem) =>
    problem === field || (field === 'key' && problem === 'duplicate')
      ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` }
      : {};
  return (
    <fieldset className="form-group add-item" onKeyDown={onKeyDown}>
      <legend>{legend}</legend>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('karmaSettings.add.name')}</label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            {...invalid('name')}
          />
          {errorFor('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>{t('karmaSettings.add.key')}</label>
          <input
            id={`${id}-key`}
            value={shownKey}
            maxLength={48}
            onChange={(e) => {
              setKey(e.target.value);
              setKeyEdited(true);
            }}
            aria-describedby={`${id}-key-hint`}
            {...invalid('key')}
          />
          <p className="field-hint" id={`${id}-key-hint`}>
            {t('karmaSettings.add.keyHint')}
          </p>
          {errorFor('key')}
        </div>
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-description`}>{t('karmaSettings.add.description')}</label>
        <input
          id={`${id}-description`}
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
          {...invalid('description')}
        />
        {errorFor('description')}
      </div>
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
