import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogText } from '../../lib/karma.ts';
import { removeAt, updateAt } from '../../lib/karma-settings-edit.ts';
import { AddItem, type NewItemText } from './add-item.tsx';
import type { SettingsEditor } from './editor-state.ts';
import { FieldError, SettingsForm } from './fields.tsx';

interface CatalogItem {
  key: string;
  name: string;
  nameZh?: string | null;
}

/** What a row's own fields are given: `path` and `name` place and name them for refusals and screen readers. */
export interface CatalogRowFields<T> {
  item: T;
  path: string;
  name: string;
  onChange: (item: T) => void;
}

function CatalogRow<T extends CatalogItem>({
  form,
  item,
  path,
  inactive,
  meta,
  fields,
  onChange,
  onRemove,
}: {
  form: 'quests' | 'achievements';
  item: T;
  path: string;
  inactive: boolean;
  meta: ReactNode;
  fields: (row: CatalogRowFields<T>) => ReactNode;
  onChange: (item: T) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = catalogText(i18n, form, item);
  return (
    <li className={inactive ? 'catalog-row inactive' : 'catalog-row'} data-key={item.key}>
      <div className="catalog-text">
        <h3 className="catalog-name">{name}</h3>
        <p className="catalog-meta">{meta}</p>
      </div>
      {fields({ item, path, name, onChange })}
      <button
        type="button"
        className="button secondary small row-remove"
        aria-label={t('karmaSettings.removeNamed', { name })}
        onClick={onRemove}
      >
        {t('karmaSettings.remove')}
      </button>
      <FieldError path={path} />
    </li>
  );
}

/**
 * A catalog of the settings (quests, achievements) as one form: a row per item with its own
 * fields and a remove button, then the "add" part, whose catalog fields are `children`.
 */
export function CatalogEditor<T extends CatalogItem>({
  editor,
  form,
  items,
  setItems,
  meta,
  inactive,
  fields,
  create,
  children,
}: {
  editor: SettingsEditor;
  form: 'quests' | 'achievements';
  items: readonly T[];
  setItems: (edit: (items: T[]) => T[]) => void;
  /** The line under an item's name. */
  meta: (item: T) => ReactNode;
  inactive?: (item: T) => boolean;
  fields: (row: CatalogRowFields<T>) => ReactNode;
  /** The new item from the add part's text and `children`'s values; undefined when those refuse. */
  create: (text: NewItemText) => T | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <SettingsForm
      editor={editor}
      form={form}
      title={t(`karmaSettings.${form}.title`)}
      caption={t(`karmaSettings.${form}.caption`)}
      saveLabel={t(`karmaSettings.${form}.save`)}
    >
      <ul className="catalog">
        {items.map((item, i) => (
          <CatalogRow
            key={item.key}
            form={form}
            item={item}
            path={`${form}.${i}`}
            inactive={inactive?.(item) ?? false}
            meta={meta(item)}
            fields={fields}
            onChange={(next) => setItems((d) => updateAt(d, i, () => next))}
            onRemove={() => setItems((d) => removeAt(d, i))}
          />
        ))}
      </ul>
      <AddItem
        legend={t(`karmaSettings.${form}.add`)}
        addLabel={t(`karmaSettings.${form}.addConfirm`)}
        catalog={items}
        onAdd={(text) => {
          const item = create(text);
          if (!item) return false;
          setItems((d) => [...d, item]);
          return true;
        }}
      >
        <div className="field-grid">{children}</div>
      </AddItem>
    </SettingsForm>
  );
}
