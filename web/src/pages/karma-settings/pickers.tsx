import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineError } from '../../components/inline-error.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import type { MultiplierRow } from '../../lib/karma-settings.ts';
import { addMultiplierRow, type Choice } from '../../lib/karma-settings-edit.ts';
import { FieldError, NumberField, useFieldError, useFieldId } from './fields.tsx';

/** The state of a list the pickers choose from (channels, roles), loaded by the page. */
export interface ChoiceList {
  choices: Choice[] | undefined;
  error: unknown;
  retry: () => void;
  /** "the channel list": what failed, in the error. */
  what: string;
}

function ListProblem({ list }: { list: ChoiceList }) {
  const { t } = useTranslation();
  return (
    <div className="picker-problem">
      <InlineError error={list.error} title={t('errors.failed', { what: list.what })} />
      <button type="button" className="button secondary small" onClick={list.retry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}

/**
 * A set of channels or roles: the chosen ones as chips with a remove button, and a select with
 * an Add button (a select that acted on change would add whatever the arrow keys pass over).
 */
export function IdListPicker({
  path,
  legend,
  hint,
  list,
  ids,
  onChange,
  addLabel,
  removeLabel,
  emptyLabel,
}: {
  path: string;
  legend: string;
  hint: string;
  list: ChoiceList;
  ids: readonly string[];
  onChange: (ids: string[]) => void;
  addLabel: string;
  removeLabel: (name: string) => string;
  emptyLabel: string;
}) {
  const { t } = useTranslation();
  const id = useFieldId(path);
  const { errorId, message } = useFieldError(path);
  const [pick, setPick] = useState('');
  const byId = new Map(list.choices?.map((choice) => [choice.id, choice.label]));
  const left = list.choices?.filter((choice) => !ids.includes(choice.id)) ?? [];
  const chosen = left.some((choice) => choice.id === pick) ? pick : (left[0]?.id ?? '');
  return (
    <fieldset
      className="form-group picker"
      aria-describedby={[`${id}-hint`, message && errorId].filter(Boolean).join(' ')}
    >
      <legend>{legend}</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <ul className="chips" aria-label={legend}>
        {ids.length === 0 ? <li className="chips-empty">{emptyLabel}</li> : null}
        {ids.map((chipId) => {
          const name = byId.get(chipId) ?? t('karmaSettings.unknownId', { id: chipId });
          return (
            <li key={chipId} className="chip">
              <span>{name}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={removeLabel(name)}
                onClick={() => onChange(ids.filter((other) => other !== chipId))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {list.choices ? (
        <div className="picker-add">
          <label className="visually-hidden" htmlFor={id}>
            {addLabel}
          </label>
          <select
            id={id}
            value={chosen}
            onChange={(e) => setPick(e.target.value)}
            disabled={left.length === 0}
          >
            {left.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button secondary small"
            disabled={!chosen}
            onClick={() => chosen && onChange([...ids, chosen])}
          >
            {addLabel}
          </button>
        </div>
      ) : list.error ? (
        <ListProblem list={list} />
      ) : (
        <Skeleton height="2rem" width="16rem" />
      )}
      <FieldError path={path} />
    </fieldset>
  );
}

/** Channel or role multipliers: one row per choice, its factor, and a remove button. */
export function MultiplierEditor({
  path,
  legend,
  hint,
  list,
  rows,
  onChange,
  addLabel,
  choiceLabel,
  factorLabel,
  removeLabel,
  emptyLabel,
}: {
  path: string;
  legend: string;
  hint: string;
  list: ChoiceList;
  rows: readonly MultiplierRow[];
  onChange: (rows: MultiplierRow[]) => void;
  addLabel: string;
  choiceLabel: (index: number) => string;
  factorLabel: (name: string) => string;
  removeLabel: (name: string) => string;
  emptyLabel: string;
}) {
  const { t } = useTranslation();
  const id = useFieldId(path);
  const choices = list.choices ?? [];
  const nameOf = (rowId: string) =>
    choices.find((choice) => choice.id === rowId)?.label ?? t('karmaSettings.unknownId', { id: rowId });
  const added = list.choices ? addMultiplierRow(rows, choices) : undefined;
  const edit = (index: number, row: MultiplierRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  return (
    <fieldset className="form-group multipliers" aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      {rows.length === 0 ? <p className="chips-empty">{emptyLabel}</p> : null}
      <ul className="multiplier-rows">
        {rows.map((row, index) => {
          const rowPath = `${path}.${row.id}`;
          const selectId = `${id}-${index}-choice`;
          const free = choices.filter((c) => c.id === row.id || !rows.some((r) => r.id === c.id));
          const options = free.some((c) => c.id === row.id)
            ? free
            : [{ id: row.id, label: nameOf(row.id) }, ...free];
          return (
            // By position: a row whose choice changes stays the same row (and keeps the focus).
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <li key={index} className="multiplier-row">
              <div className="field">
                <label htmlFor={selectId}>{choiceLabel(index + 1)}</label>
                <select
                  id={selectId}
                  value={row.id}
                  onChange={(e) => edit(index, { ...row, id: e.target.value })}
                >
                  {options.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </div>
              <NumberField
                path={rowPath}
                label={t('karmaSettings.rules.factor')}
                srLabel={factorLabel(nameOf(row.id))}
                className="factor"
                value={row.value}
                min={0}
                max={10}
                step="any"
                onChange={(value) => edit(index, { ...row, value })}
              />
              <button
                type="button"
                className="button secondary small row-remove"
                aria-label={removeLabel(nameOf(row.id))}
                onClick={() => onChange(rows.filter((_r, i) => i !== index))}
              >
                {t('karmaSettings.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      {list.error && !list.choices ? <ListProblem list={list} /> : null}
      <button
        type="button"
        className="button secondary small add-button"
        disabled={!added}
        onClick={() => added && onChange(added)}
      >
        {addLabel}
      </button>
      <FieldError path={path} />
    </fieldset>
  );
}
