import { useTranslation } from 'react-i18next';
import type { GuildRole } from '../../api/types.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import type { RoleRewardsDraft } from '../../lib/karma-settings.ts';
import {
  addRoleReward,
  assignableRoles,
  removeAt,
  updateAt,
  withUnknown,
} from '../../lib/karma-settings-edit.ts';
import type { SettingsEditor } from './editor-state.ts';
import { FieldError, NumberField, RadioGroup, SelectField, SettingsForm } from './fields.tsx';

/**
 * Roles members get at a level (one role per level), and whether they keep every reward role
 * earned (stack) or only the highest (replace): the `levels` section's role rewards.
 */
export function RoleRewardsTab({
  editor,
  roles,
}: {
  editor: SettingsEditor;
  roles: { data: GuildRole[] | undefined; error: unknown; retry: () => void };
}) {
  const { t } = useTranslation();
  const draft = editor.draft('roleRewards');
  const maxLevel = editor.settings.levels.maxLevel;
  const set = (edit: (d: RoleRewardsDraft) => RoleRewardsDraft) => editor.setDraft('roleRewards', edit);
  const choices = withUnknown(
    assignableRoles(roles.data ?? []).map((role) => ({ id: role.id, label: `@${role.name}` })),
    draft.roleRewards.map((reward) => reward.roleId),
    (id) => t('karmaSettings.unknownId', { id }),
  );
  const added = roles.data ? addRoleReward(draft.roleRewards, roles.data, maxLevel) : undefined;
  return (
    <SettingsForm
      editor={editor}
      form="roleRewards"
      title={t('karmaSettings.rewards.title')}
      caption={t('karmaSettings.rewards.caption', { maxLevel })}
      saveLabel={t('karmaSettings.rewards.save')}
    >
      <RadioGroup
        path="levels.roleRewardMode"
        legend={t('karmaSettings.rewards.mode')}
        value={draft.roleRewardMode}
        onChange={(roleRewardMode) => set((d) => ({ ...d, roleRewardMode }))}
        choices={(['stack', 'replace'] as const).map((mode) => ({
          id: mode,
          label: t(`karmaSettings.rewards.modes.${mode}`),
          hint: t(`karmaSettings.rewards.modeHints.${mode}`),
        }))}
      />
      <fieldset className="form-group">
        <legend>{t('karmaSettings.rewards.list')}</legend>
        {draft.roleRewards.length === 0 ? (
          <p className="chips-empty">{t('karmaSettings.rewards.empty')}</p>
        ) : null}
        <ul className="edit-rows rewards">
          {draft.roleRewards.map((reward, i) => {
            const name = choices.find((c) => c.id === reward.roleId)?.label ?? reward.roleId;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
              <li key={i} className="edit-row" data-reward-level={reward.level}>
                <NumberField
                  path={`levels.roleRewards.${i}.level`}
                  label={t('karmaSettings.rewards.level')}
                  className="narrow"
                  value={reward.level}
                  min={1}
                  max={maxLevel}
                  onChange={(level) =>
                    set((d) => ({ ...d, roleRewards: updateAt(d.roleRewards, i, (r) => ({ ...r, level })) }))
                  }
                />
                <SelectField
                  path={`levels.roleRewards.${i}.roleId`}
                  label={t('karmaSettings.rewards.role')}
                  value={reward.roleId}
                  choices={choices}
                  onChange={(roleId) =>
                    set((d) => ({ ...d, roleRewards: updateAt(d.roleRewards, i, (r) => ({ ...r, roleId })) }))
                  }
                />
                <button
                  type="button"
                  className="button secondary small row-remove"
                  aria-label={t('karmaSettings.rewards.removeAt', { level: reward.level, name })}
                  onClick={() => set((d) => ({ ...d, roleRewards: removeAt(d.roleRewards, i) }))}
                >
                  {t('karmaSettings.remove')}
                </button>
                <FieldError path={`levels.roleRewards.${i}`} />
              </li>
            );
          })}
        </ul>
        {roles.data ? null : roles.error ? (
          <div className="picker-problem">
            <InlineError error={roles.error} title={t('errors.failed', { what: t('errors.what.roles') })} />
            <button type="button" className="button secondary small" onClick={roles.retry}>
              {t('errors.retry')}
            </button>
          </div>
        ) : (
          <Skeleton height="2rem" width="12rem" />
        )}
        {roles.data && assignableRoles(roles.data).length === 0 ? (
          <p className="field-hint">{t('karmaSettings.rewards.noRoles')}</p>
        ) : null}
        <div>
          <button
            type="button"
            className="button secondary small"
            disabled={!added}
            onClick={() => added && set((d) => ({ ...d, roleRewards: added }))}
          >
            {t('karmaSettings.rewards.add')}
          </button>
        </div>
        <FieldError path="levels.roleRewards" />
      </fieldset>
    </SettingsForm>
  );
}
