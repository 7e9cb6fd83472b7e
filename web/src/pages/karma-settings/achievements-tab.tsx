import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AchievementDefinition } from '../../api/types.ts';
import { newAchievement } from '../../lib/karma-settings-edit.ts';
import { CatalogEditor } from './catalog-editor.tsx';
import type { SettingsEditor } from './editor-state.ts';
import { NumberField, SelectField, Switch } from './fields.tsx';

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

/**
 * The guild's achievements. One removed here is retired: members who unlocked it keep it, nobody
 * unlocks it any more. One added applies to members who already qualify at their next activity.
 */
export function AchievementsTab({ editor }: { editor: SettingsEditor }) {
  const { t } = useTranslation();
  const [stat, setStat] = useState<Stat>('messages');
  const [atLeast, setAtLeast] = useState(500);
  const [karmaReward, setKarmaReward] = useState(100);
  return (
    <CatalogEditor
      editor={editor}
      form="achievements"
      items={editor.draft('achievements')}
      setItems={(edit) => editor.setDraft('achievements', edit)}
      meta={(achievement) => (
        <>
          {t(`karmaSettings.achievements.stats.${achievement.criterion.stat}`)} ·{' '}
          <code>{achievement.key}</code>
        </>
      )}
      fields={({ item: achievement, path, name, onChange }) => (
        <>
          <NumberField
            path={`${path}.criterion.atLeast`}
            label={t('karmaSettings.achievements.atLeast')}
            srLabel={t('karmaSettings.achievements.atLeastOf', { name })}
            className="narrow"
            value={achievement.criterion.atLeast}
            min={1}
            onChange={(value) =>
              onChange({ ...achievement, criterion: { ...achievement.criterion, atLeast: value } })
            }
          />
          <NumberField
            path={`${path}.karmaReward`}
            label={t('karmaSettings.achievements.reward')}
            srLabel={t('karmaSettings.achievements.rewardOf', { name })}
            className="narrow"
            value={achievement.karmaReward}
            min={0}
            max={100_000}
            onChange={(value) => onChange({ ...achievement, karmaReward: value })}
          />
          <Switch
            path={`${path}.hidden`}
            label={t('karmaSettings.achievements.hidden')}
            srLabel={t('karmaSettings.achievements.hiddenOf', { name })}
            checked={achievement.hidden}
            onChange={(hidden) => onChange({ ...achievement, hidden })}
          />
        </>
      )}
      create={(text) =>
        Number.isInteger(atLeast) && Number.isInteger(karmaReward)
          ? newAchievement({ ...text, criterion: { stat, atLeast }, karmaReward })
          : undefined
      }
    >
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
    </CatalogEditor>
  );
}
