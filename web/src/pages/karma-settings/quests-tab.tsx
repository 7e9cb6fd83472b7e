import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestDefinition } from '../../api/types.ts';
import { localized } from '../../lib/karma.ts';
import { newQuest, removeAt, updateAt } from '../../lib/karma-settings-edit.ts';
import { AddItem } from './add-item.tsx';
import type { SettingsEditor } from './editor-state.ts';
import { FieldError, NumberField, SelectField, SettingsForm, Switch } from './fields.tsx';

type Period = QuestDefinition['period'];
type Criterion = QuestDefinition['criterion'];

const QUEST_CRITERIA: readonly Criterion[] = [
  'messages_sent',
  'replies_sent',
  'attachments_shared',
  'reactions_given',
  'reactions_received',
  'voice_minutes',
  'karma_earned',
  'distinct_channels',
  'active_days',
  'streak_days',
  'quests_completed',
];

function QuestRow({
  quest,
  index,
  onChange,
  onRemove,
}: {
  quest: QuestDefinition;
  index: number;
  onChange: (quest: QuestDefinition) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = localized(i18n.language, quest.name, quest.nameZh ?? null);
  const path = `quests.${index}`;
  return (
    <li className={`catalog-row ${quest.active ? '' : 'inactive'}`} data-key={quest.key}>
      <div className="catalog-text">
        <h3 className="catalog-name">{name}</h3>
        <p className="catalog-meta">
          <span className="badge">{t(`karmaSettings.quests.periods.${quest.period}`)}</span>{' '}
          {t(`karmaSettings.quests.criteria.${quest.criterion}`)} · <code>{quest.key}</code>
        </p>
      </div>
      <NumberField
        path={`${path}.target`}
        label={t('karmaSettings.quests.target')}
        srLabel={t('karmaSettings.quests.targetOf', { name })}
        className="narrow"
        value={quest.target}
        min={1}
        onChange={(target) => onChange({ ...quest, target })}
      />
      <NumberField
        path={`${path}.reward`}
        label={t('karmaSettings.quests.reward')}
        srLabel={t('karmaSettings.quests.rewardOf', { name })}
        className="narrow"
        value={quest.reward}
        min={0}
        max={100_000}
        onChange={(reward) => onChange({ ...quest, reward })}
      />
      <Switch
        path={`${path}.active`}
        label={t('karmaSettings.quests.active')}
        srLabel={t('karmaSettings.quests.activeOf', { name })}
        checked={quest.active}
        onChange={(active) => onChange({ ...quest, active })}
      />
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

/** The guild's quest catalog; a quest removed here is switched off for members (its history stays). */
export function QuestsTab({ editor }: { editor: SettingsEditor }) {
  const { t } = useTranslation();
  const quests = editor.draft('quests');
  const set = (edit: (d: QuestDefinition[]) => QuestDefinition[]) => editor.setDraft('quests', edit);
  const [period, setPeriod] = useState<Period>('daily');
  const [criterion, setCriterion] = useState<Criterion>('messages_sent');
  const [target, setTarget] = useState(10);
  const [reward, setReward] = useState(20);
  return (
    <SettingsForm
      editor={editor}
      form="quests"
      title={t('karmaSettings.quests.title')}
      caption={t('karmaSettings.quests.caption')}
      saveLabel={t('karmaSettings.quests.save')}
    >
      <ul className="catalog">
        {quests.map((quest, i) => (
          <QuestRow
            key={quest.key}
            quest={quest}
            index={i}
            onChange={(next) => set((d) => updateAt(d, i, () => next))}
            onRemove={() => set((d) => removeAt(d, i))}
          />
        ))}
      </ul>
      <AddItem
        legend={t('karmaSettings.quests.add')}
        addLabel={t('karmaSettings.quests.addConfirm')}
        catalog={quests}
        onAdd={(text) => {
          if (!Number.isInteger(target) || !Number.isInteger(reward)) return false;
          set((d) => [...d, newQuest({ ...text, period, criterion, target, reward })]);
          return true;
        }}
      >
        <div className="field-grid">
          <SelectField
            path="new.period"
            label={t('karmaSettings.quests.period')}
            value={period}
            onChange={(value) => setPeriod(value as Period)}
            choices={(['daily', 'weekly'] as const).map((p) => ({
              id: p,
              label: t(`karmaSettings.quests.periods.${p}`),
            }))}
          />
          <SelectField
            path="new.criterion"
            label={t('karmaSettings.quests.criterion')}
            value={criterion}
            onChange={(value) => setCriterion(value as Criterion)}
            choices={QUEST_CRITERIA.map((c) => ({ id: c, label: t(`karmaSettings.quests.criteria.${c}`) }))}
          />
          <NumberField
            path="new.target"
            label={t('karmaSettings.quests.target')}
            value={target}
            min={1}
            onChange={setTarget}
          />
          <NumberField
            path="new.reward"
            label={t('karmaSettings.quests.reward')}
            value={reward}
            min={0}
            onChange={setReward}
          />
        </div>
      </AddItem>
    </SettingsForm>
  );
}
