import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestDefinition } from '../../api/types.ts';
import { newQuest } from '../../lib/karma-settings-edit.ts';
import { CatalogEditor } from './catalog-editor.tsx';
import type { SettingsEditor } from './editor-state.ts';
import { NumberField, SelectField, Switch } from './fields.tsx';

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

/** The guild's quest catalog; a quest removed here is switched off for members (its history stays). */
export function QuestsTab({ editor }: { editor: SettingsEditor }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>('daily');
  const [criterion, setCriterion] = useState<Criterion>('messages_sent');
  const [target, setTarget] = useState(10);
  const [reward, setReward] = useState(20);
  return (
    <CatalogEditor
      editor={editor}
      form="quests"
      items={editor.draft('quests')}
      setItems={(edit) => editor.setDraft('quests', edit)}
      inactive={(quest) => !quest.active}
      meta={(quest) => (
        <>
          <span className="badge">{t(`karmaSettings.quests.periods.${quest.period}`)}</span>{' '}
          {t(`karmaSettings.quests.criteria.${quest.criterion}`)} · <code>{quest.key}</code>
        </>
      )}
      fields={({ item: quest, path, name, onChange }) => (
        <>
          <NumberField
            path={`${path}.target`}
            label={t('karmaSettings.quests.target')}
            srLabel={t('karmaSettings.quests.targetOf', { name })}
            className="narrow"
            value={quest.target}
            min={1}
            onChange={(value) => onChange({ ...quest, target: value })}
          />
          <NumberField
            path={`${path}.reward`}
            label={t('karmaSettings.quests.reward')}
            srLabel={t('karmaSettings.quests.rewardOf', { name })}
            className="narrow"
            value={quest.reward}
            min={0}
            max={100_000}
            onChange={(value) => onChange({ ...quest, reward: value })}
          />
          <Switch
            path={`${path}.active`}
            label={t('karmaSettings.quests.active')}
            srLabel={t('karmaSettings.quests.activeOf', { name })}
            checked={quest.active}
            onChange={(active) => onChange({ ...quest, active })}
          />
        </>
      )}
      create={(text) =>
        Number.isInteger(target) && Number.isInteger(reward)
          ? newQuest({ ...text, period, criterion, target, reward })
          : undefined
      }
    >
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
    </CatalogEditor>
  );
}
