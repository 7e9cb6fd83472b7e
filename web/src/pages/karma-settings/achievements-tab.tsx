import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AchievementDefinition } from '../../api/types.ts';
import { localized } from '../../lib/karma.ts';
import { newAchievement, removeAt, updateAt } from '../../lib/karma-settings-edit.ts';
import { AddItem } from './add-item.tsx';
import type { SettingsEditor } from './editor-state.ts';
import { FieldError, NumberField, SelectField, SettingsForm, Switch } from './fields.tsx';

type Stat = AchievementDefinition['criterion']['stat'];

const STATS: readonly Stat[] = [
  'messages',
  'replies',
  'attachments',
  'reactionsGiven',
  'reactionsReceived',
  'voiceMinutes',
  'karma',
  'level',
  'currentStreak',
  'longestStreak',
  'questsCompleted',
  'distinctChannels',
];

function AchievementRow({
  achievement,
  index,
  onChange,
  onRemove,
}: {
  achievement: AchievementDefinition;
  index: number;
  onChange: (achievement: AchievementDefinition) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = localized(i18n.language, achievement.name, achievement.nameZh ?? null);
  const path = `achievements.${index}`;
  return (
    <li className="catalog-row" data-key={achievement.key}>
      <div className="catalog-text">
        <h3 className="catalog-name">{name}</h3>
        <p className="catalog-meta">
          {t(`karmaSettings.achievements.stats.${achievement.criterion.stat}`)} ·{' '}
          <code>{achievement.key}</code>
        </p>
      </div>
      <NumberField
        path={`${path}.criterion.atLeast`}
        label={t('karmaSettings.achievements.atLeast')}
        srLabel={t('karmaSettings.achievements.atLeastOf', { name })}
        className="narrow"
        value={achievement.criterion.atLeast}
        min={1}
        onChange={(atLeast) => onChange({ ...achievement, criterion: { ...achievement.criterion, atLeast } })}
      />
      <NumberField
        path={`${path}.karmaReward`}
        label={t('karmaSettings.achievements.reward')}
        srLabel={t('karmaSettings.achievements.rewardOf', { name })}
        className="narrow"
        value={achievement.karmaReward}
        min={0}
        max={100_000}
        onChange={(karmaReward) => onChange({ ...achievement, karmaReward })}
      />
      <Switch
        path={`${path}.hidden`}
        label={t('karmaSettings.achievements.hidden')}
        srLabel={t('karmaSettings.achievements.hiddenOf', { name })}
        checked={achievement.hidden}
        onChange={(hidden) => onChange({ ...achievement, hidden })}
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

/**
 * The guild's achievements. One removed here is retired: members who unlocked it keep it, nobody
 * unlocks it any more. One added applies to members who already qualify at their next activity.
 */
export function AchievementsTab({ editor }: { editor: SettingsEditor }) {
  const { t } = useTranslation();
  const achievements = editor.draft('achievements');
  const set = (edit: (d: AchievementDefinition[]) => AchievementDefinition[]) =>
    editor.setDraft('achievements', edit);
  const [stat, setStat] = useState<Stat>('messages');
  const [atLeast, setAtLeast] = useState(500);
  const [karmaReward, setKarmaReward] = useState(100);
  return (
    <SettingsForm
      editor={editor}
      form="achievements"
      title={t('karmaSettings.achievements.title')}
      caption={t('karmaSettings.achievements.caption')}
      saveLabel={t('karmaSettings.achievements.save')}
    >
      <ul className="catalog">
        {achievements.map((achievement, i) => (
          <AchievementRow
            key={achievement.key}
            achievement={achievement}
            index={i}
            onChange={(next) => set((d) => updateAt(d, i, () => next))}
            onRemove={() => set((d) => removeAt(d, i))}
          />
        ))}
      </ul>
      <AddItem
        legend={t('karmaSettings.achievements.add')}
        addLabel={t('karmaSettings.achievements.addConfirm')}
        catalog={achievements}
        onAdd={(text) => {
          if (!Number.isInteger(atLeast) || !Number.isInteger(karmaReward)) return false;
          set((d) => [...d, newAchievement({ ...text, criterion: { stat, atLeast }, karmaReward })]);
          return true;
        }}
      >
        <div className="field-grid">
          <SelectField
            path="new.stat"
            label={t('karmaSettings.achievements.stat')}
            value={stat}
            onChange={(value) => setStat(value as Stat)}
            choices={STATS.map((s) => ({ id: s, label: t(`karmaSettings.achievements.stats.${s}`) }))}
          />
          <NumberField
            path="new.atLeast"
            label={t('karmaSettings.achievements.atLeast')}
            value={atLeast}
            min={1}
            onChange={setAtLeast}
          />
          <NumberField
            path="new.karmaReward"
            label={t('karmaSettings.achievements.reward')}
            value={karmaReward}
            min={0}
            onChange={setKarmaReward}
          />
        </div>
      </AddItem>
    </SettingsForm>
  );
}
