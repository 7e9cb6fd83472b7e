import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useLevelPreview } from '../../api/queries.ts';
import type { LevelCurve, LevelTitle } from '../../api/types.ts';
import { Skeleton } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatNumber } from '../../lib/format.ts';
import type { LevelsDraft } from '../../lib/karma-settings.ts';
import {
  addTitle,
  CURVE_KINDS,
  curveOfKind,
  keyLevels,
  MAX_COEFFICIENTS,
  MAX_LEVEL_LIMIT,
  MIN_COEFFICIENTS,
  previewBody,
  removeAt,
  renameTitle,
  updateAt,
} from '../../lib/karma-settings-edit.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { CURVE_CHART_HEIGHT } from './curve-height.ts';
import type { SettingsEditor } from './editor-state.ts';
import { FieldError, NumberField, RadioGroup, SettingsForm, TextField } from './fields.tsx';

const CurveChart = lazy(() => import('./curve-chart.tsx'));

const PREVIEW_DELAY_MS = 300;

/**
 * Cumulative karma per level of the curve being edited, beside the stored one, from
 * `POST /levels/table/preview` once typing pauses. The box keeps its size while it loads.
 */
type CurveOnly = Pick<LevelsDraft, 'curve' | 'maxLevel'>;

function CurvePreview({ guildId, draft, saved }: { guildId: string; draft: CurveOnly; saved: CurveOnly }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const body = useDebounced(previewBody(draft.curve, draft.maxLevel), PREVIEW_DELAY_MS);
  const current = useLevelPreview(guildId, body);
  const stored = useLevelPreview(guildId, previewBody(saved.curve, saved.maxLevel));
  const draftValues = useMemo(() => current.data?.levels.map((l) => l.requiredKarma) ?? [], [current.data]);
  const savedValues = useMemo(() => stored.data?.levels.map((l) => l.requiredKarma) ?? [], [stored.data]);
  const refused = isApiError(current.error) ? current.error : undefined;
  const marks = keyLevels(Math.max(draft.maxLevel || 1, 1));
  const updating = current.isFetching || body !== previewBody(draft.curve, draft.maxLevel);
  return (
    <section className={`curve-preview ${refused ? 'refused' : ''}`} aria-labelledby="curve-preview-title">
      <div className="curve-preview-head">
        <h3 id="curve-preview-title">{t('karmaSettings.levels.preview')}</h3>
        <p className="preview-state" aria-live="polite">
          {refused
            ? t('karmaSettings.levels.previewRefused', { message: refused.message })
            : updating
              ? t('karmaSettings.levels.previewUpdating')
              : '\u00a0'}
        </p>
      </div>
      <ul className="curve-legend" aria-hidden="true">
        <li className="draft">{t('karmaSettings.levels.thisCurve')}</li>
        <li className="saved">{t('karmaSettings.levels.savedCurve')}</li>
      </ul>
      <div className="curve-chart-box" style={{ height: `${CURVE_CHART_HEIGHT}px` }}>
        {current.data ? (
          <Suspense fallback={<Skeleton height={`${CURVE_CHART_HEIGHT}px`} />}>
            <CurveChart
              draft={draftValues}
              saved={savedValues}
              draftLabel={t('karmaSettings.levels.thisCurve')}
              savedLabel={t('karmaSettings.levels.savedCurve')}
              lang={lang}
            />
          </Suspense>
        ) : (
          <Skeleton height={`${CURVE_CHART_HEIGHT}px`} />
        )}
      </div>
      <table className="key-levels">
        <caption className="visually-hidden">{t('karmaSettings.levels.previewTable')}</caption>
        <TableHead
          columns={[
            { label: t('karmaSettings.levels.level') },
            { label: t('karmaSettings.levels.thisCurve') },
            { label: t('karmaSettings.levels.savedCurve') },
          ]}
        />
        <tbody>
          {marks.map((level) => {
            const value = draftValues[level - 1];
            const before = savedValues[level - 1];
            return (
              <tr key={level} data-level={level}>
                <th scope="row">{formatNumber(level, lang)}</th>
                <td className="numeric draft-value">
                  {value === undefined ? '—' : formatNumber(value, lang)}
                </td>
                <td className="numeric">{before === undefined ? '—' : formatNumber(before, lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function CurveFields({ curve, onChange }: { curve: LevelCurve; onChange: (curve: LevelCurve) => void }) {
  const { t } = useTranslation();
  if (curve.kind === 'linear') {
    return (
      <NumberField
        path="levels.curve.step"
        label={t('karmaSettings.levels.step')}
        hint={t('karmaSettings.levels.stepHint')}
        value={curve.step}
        min={1}
        max={10_000_000}
        onChange={(step) => onChange({ ...curve, step })}
      />
    );
  }
  if (curve.kind !== 'polynomial') return null;
  const { coefficients } = curve;
  return (
    <fieldset className="form-group">
      <legend>{t('karmaSettings.levels.coefficients')}</legend>
      <p className="field-hint">{t('karmaSettings.levels.coefficientsHint')}</p>
      <div className="field-grid coefficients">
        {coefficients.map((value, i) => (
          <NumberField
            // biome-ignore lint/suspicious/noArrayIndexKey: a coefficient is its power of L
            key={i}
            path={`levels.curve.coefficients.${i}`}
            label={t('karmaSettings.levels.coefficient', { power: i })}
            value={value}
            min={0}
            step="any"
            onChange={(next) => onChange({ ...curve, coefficients: updateAt(coefficients, i, () => next) })}
          />
        ))}
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="button secondary small"
          disabled={coefficients.length >= MAX_COEFFICIENTS}
          onClick={() => onChange({ ...curve, coefficients: [...coefficients, 0] })}
        >
          {t('karmaSettings.levels.addCoefficient')}
        </button>
        <button
          type="button"
          className="button secondary small"
          disabled={coefficients.length <= MIN_COEFFICIENTS}
          onClick={() => onChange({ ...curve, coefficients: coefficients.slice(0, -1) })}
        >
          {t('karmaSettings.levels.removeCoefficient')}
        </button>
      </div>
      <FieldError path="levels.curve.coefficients" />
    </fieldset>
  );
}

function TitlesEditor({
  titles,
  maxLevel,
  onChange,
}: {
  titles: LevelTitle[];
  maxLevel: number;
  onChange: (titles: LevelTitle[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-group">
      <legend>{t('karmaSettings.levels.titles')}</legend>
      <p className="field-hint">{t('karmaSettings.levels.titlesHint')}</p>
      <ul className="edit-rows titles">
        {titles.map((tier, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <li key={i} className="edit-row">
            <NumberField
              path={`levels.titles.${i}.fromLevel`}
              label={t('karmaSettings.levels.fromLevel')}
              className="narrow"
              value={tier.fromLevel}
              min={1}
              max={maxLevel}
              onChange={(fromLevel) => onChange(updateAt(titles, i, (x) => ({ ...x, fromLevel })))}
            />
            <TextField
              path={`levels.titles.${i}.title`}
              label={t('karmaSettings.levels.titleText')}
              maxLength={64}
              value={tier.title}
              onChange={(text) => onChange(updateAt(titles, i, (x) => renameTitle(x, text)))}
            />
            <button
              type="button"
              className="button secondary small row-remove"
              aria-label={t('karmaSettings.removeNamed', { name: tier.title || String(tier.fromLevel) })}
              onClick={() => onChange(removeAt(titles, i))}
            >
              {t('karmaSettings.remove')}
            </button>
            <FieldError path={`levels.titles.${i}`} />
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button secondary small add-button"
        onClick={() => onChange(addTitle(titles, maxLevel))}
      >
        {t('karmaSettings.levels.addTitle')}
      </button>
      <FieldError path="levels.titles" />
    </fieldset>
  );
}

/** The curve preset, the highest level and the titles: the `levels` section but its role rewards. */
export function LevelsTab({ editor, guildId }: { editor: SettingsEditor; guildId: string }) {
  const { t } = useTranslation();
  const draft = editor.draft('levels');
  const set = (edit: (d: LevelsDraft) => LevelsDraft) => editor.setDraft('levels', edit);
  // Curves typed for other presets come back when their preset is chosen again.
  const [typed, setTyped] = useState<LevelCurve[]>([]);
  const saved = { curve: editor.settings.levels.curve, maxLevel: editor.settings.levels.maxLevel };
  return (
    <SettingsForm
      editor={editor}
      form="levels"
      title={t('karmaSettings.levels.title')}
      caption={t('karmaSettings.levels.caption')}
      saveLabel={t('karmaSettings.levels.save')}
    >
      <RadioGroup
        path="levels.curve.kind"
        legend={t('karmaSettings.levels.curve')}
        value={draft.curve.kind}
        onChange={(kind) => {
          setTyped((all) => [draft.curve, ...all.filter((c) => c.kind !== draft.curve.kind)]);
          set((d) => ({ ...d, curve: curveOfKind(kind, typed) }));
        }}
        choices={CURVE_KINDS.map((kind) => ({
          id: kind,
          label: t(`karmaSettings.levels.kinds.${kind}`),
          hint: t(`karmaSettings.levels.kindHints.${kind}`),
        }))}
      />
      <CurveFields curve={draft.curve} onChange={(curve) => set((d) => ({ ...d, curve }))} />
      <FieldError path="levels.curve" />
      <NumberField
        path="levels.maxLevel"
        label={t('karmaSettings.levels.maxLevel')}
        hint={t('karmaSettings.levels.maxLevelHint', { limit: MAX_LEVEL_LIMIT })}
        className="narrow"
        value={draft.maxLevel}
        min={1}
        max={MAX_LEVEL_LIMIT}
        onChange={(maxLevel) => set((d) => ({ ...d, maxLevel }))}
      />
      <CurvePreview guildId={guildId} draft={draft} saved={saved} />
      <TitlesEditor
        titles={draft.titles}
        maxLevel={draft.maxLevel}
        onChange={(titles) => set((d) => ({ ...d, titles }))}
      />
    </SettingsForm>
  );
}
