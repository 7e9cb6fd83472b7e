import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useCreateStage, useUpdateStage } from '../../api/stages.ts';
import type { Stage } from '../../api/types.ts';
import { fieldProblems } from '../../components/field-problems.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import {
  createStageBody,
  isDiscordKind,
  patchStageBody,
  STAGE_LIMITS,
  type StageFormField,
  type StageFormValues,
  stageFieldOf,
  stageFormValues,
} from '../../lib/stages.ts';

/**
 * Adds an external stage, or edits a stage's settings (`stage` given). The form checks what the
 * API would refuse first; a 400 or 409 the API gives anyway is shown under the field it names,
 * anything else above the buttons.
 */
export function StageForm({
  guildId,
  stage,
  onDone,
  onCancel,
}: {
  guildId: string;
  stage?: Stage;
  onDone: (stage: Stage) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateStage(guildId);
  const update = useUpdateStage(guildId);
  const mutation = stage ? update : create;
  const [form, setForm] = useState<StageFormValues>(() => stageFormValues(stage));
  const [invalid, setInvalid] = useState<StageFormField | undefined>();
  const [unchanged, setUnchanged] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const error = mutation.error;
  const api = isApiError(error) ? error : undefined;
  const apiField = api && (api.status === 400 || api.status === 409) ? stageFieldOf(api.field) : undefined;
  const problems = fieldProblems<StageFormField>(
    id,
    invalid,
    (field) => t(`stages.form.invalid.${field}`, STAGE_LIMITS),
    api && {
      field: apiField,
      message:
        api.status === 409
          ? t('stages.form.taken', { message: api.message })
          : t('stages.form.refused', { message: api.message }),
    },
  );
  const general = error && !invalid && !apiField ? error : undefined;
  const set = <K extends keyof StageFormValues>(key: K, value: StageFormValues[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setUnchanged(false);
    if (invalid === key) setInvalid(undefined);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (stage) {
      const result = patchStageBody(form, stage);
      if ('invalid' in result) return setInvalid(result.invalid);
      setInvalid(undefined);
      if (!result.body) return setUnchanged(true);
      update.mutate({ stageId: stage.id, body: result.body }, { onSuccess: onDone });
    } else {
      const result = createStageBody(form, guildId);
      if ('invalid' in result) return setInvalid(result.invalid);
      setInvalid(undefined);
      create.mutate(result.body, { onSuccess: onDone });
    }
  };

  const text = (field: 'name' | 'externalId' | 'maxViewers' | 'ttlSeconds', numeric = false) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`stages.form.${field}`)}</label>
      <input
        ref={field === 'name' ? first : undefined}
        id={`${id}-${field}`}
        type="text"
        inputMode={numeric ? 'numeric' : undefined}
        value={form[field]}
        onChange={(e) => set(field, e.target.value)}
        aria-invalid={problems.message(field) ? true : undefined}
        aria-describedby={problems.describedBy(field, `${id}-${field}-hint`)}
      />
      <p className="field-hint" id={`${id}-${field}-hint`}>
        {t(`stages.form.${field}Hint`, STAGE_LIMITS)}
      </p>
      {problems.error(field)}
    </div>
  );

  return (
    <form className="panel stage-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>
        {stage ? t('stages.form.editTitle', { name: stage.name }) : t('stages.form.addTitle')}
      </h2>
      <p className="panel-caption">
        {stage && isDiscordKind(stage.kind) ? t('stages.form.discordLead') : t('stages.form.lead')}
      </p>
      <div className="form-row">
        {text('name')}
        {stage ? (
          <div className="field">
            <span className="field-label">{t('stages.form.externalId')}</span>
            <code className="stage-external-id">{stage.external_id}</code>
            <p className="field-hint">{t('stages.form.externalIdFixed')}</p>
          </div>
        ) : (
          text('externalId')
        )}
      </div>
      <div className="form-row">
        {text('maxViewers', true)}
        {text('ttlSeconds', true)}
      </div>
      <div className="form-group">
        {(['isMaster', 'allowAnonymous'] as const).map((field) => (
          <label className="check" key={field}>
            <input type="checkbox" checked={form[field]} onChange={(e) => set(field, e.target.checked)} />
            <span>
              {t(`stages.form.${field}`)}
              <span className="field-hint block">{t(`stages.form.${field}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>
      {general ? (
        <InlineError
          error={general}
          title={stage ? t('stages.form.saveFailed') : t('stages.form.addFailed')}
        />
      ) : null}
      {unchanged ? (
        <p className="notice" role="status">
          {t('stages.form.unchanged')}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={mutation.isPending}>
          {mutation.isPending
            ? t('stages.form.saving')
            : stage
              ? t('stages.form.save')
              : t('stages.form.add')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('stages.form.cancel')}
        </button>
      </div>
    </form>
  );
}
