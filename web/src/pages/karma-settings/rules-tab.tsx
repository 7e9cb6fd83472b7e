import { useTranslation } from 'react-i18next';
import type en from '../../../../shared/i18n/en.json';
import type { AnnouncementSettings } from '../../api/types.ts';
import type { KarmaDraft } from '../../lib/karma-settings.ts';
import type { SettingsEditor } from './editor-state.ts';
import { NumberField, RadioGroup, SelectField, SettingsForm, Switch, TextField } from './fields.tsx';
import { type ChoiceList, IdListPicker, MultiplierEditor } from './pickers.tsx';

export interface RuleLists {
  /** Channels and categories a rule can name. */
  channels: ChoiceList;
  /** Channels an announcement can be posted in. */
  textChannels: ChoiceList;
  roles: ChoiceList;
}

/** How much each activity pays, where nothing is paid, and the multipliers: the `karma` section. */
function EarningForm({ editor, lists }: { editor: SettingsEditor; lists: RuleLists }) {
  const { t } = useTranslation();
  const draft = editor.draft('karma');
  const set = (edit: (d: KarmaDraft) => KarmaDraft) => editor.setDraft('karma', edit);
  const k = (key: keyof (typeof en)['karmaSettings']['rules']) => t(`karmaSettings.rules.${key}`);
  return (
    <SettingsForm
      editor={editor}
      form="karma"
      title={k('title')}
      caption={k('caption')}
      saveLabel={k('save')}
    >
      <Switch
        path="karma.enabled"
        label={k('enabled')}
        hint={k('enabledHint')}
        checked={draft.enabled}
        onChange={(enabled) => set((d) => ({ ...d, enabled }))}
      />
      <fieldset className="form-group">
        <legend>{k('message')}</legend>
        <div className="field-grid">
          <NumberField
            path="karma.message.min"
            label={k('messageMin')}
            value={draft.message.min}
            min={0}
            max={10_000}
            onChange={(min) => set((d) => ({ ...d, message: { ...d.message, min } }))}
          />
          <NumberField
            path="karma.message.max"
            label={k('messageMax')}
            value={draft.message.max}
            min={0}
            max={10_000}
            onChange={(max) => set((d) => ({ ...d, message: { ...d.message, max } }))}
          />
          <NumberField
            path="karma.message.cooldownSeconds"
            label={k('cooldown')}
            hint={k('cooldownHint')}
            value={draft.message.cooldownSeconds}
            min={0}
            max={86_400}
            onChange={(cooldownSeconds) => set((d) => ({ ...d, message: { ...d.message, cooldownSeconds } }))}
          />
        </div>
      </fieldset>
      <fieldset className="form-group">
        <legend>{k('reactions')}</legend>
        <div className="field-grid">
          <NumberField
            path="karma.reaction.given"
            label={k('given')}
            value={draft.reaction.given}
            min={0}
            max={1000}
            onChange={(given) => set((d) => ({ ...d, reaction: { ...d.reaction, given } }))}
          />
          <NumberField
            path="karma.reaction.received"
            label={k('received')}
            value={draft.reaction.received}
            min={0}
            max={1000}
            onChange={(received) => set((d) => ({ ...d, reaction: { ...d.reaction, received } }))}
          />
          <NumberField
            path="karma.reaction.windowSeconds"
            label={k('window')}
            hint={k('windowHint')}
            value={draft.reaction.windowSeconds}
            min={60}
            max={86_400}
            onChange={(windowSeconds) => set((d) => ({ ...d, reaction: { ...d.reaction, windowSeconds } }))}
          />
          <NumberField
            path="karma.reaction.maxGivenPerWindow"
            label={k('maxGiven')}
            value={draft.reaction.maxGivenPerWindow}
            min={1}
            max={10_000}
            onChange={(n) => set((d) => ({ ...d, reaction: { ...d.reaction, maxGivenPerWindow: n } }))}
          />
          <NumberField
            path="karma.reaction.maxReceivedPerWindow"
            label={k('maxReceived')}
            value={draft.reaction.maxReceivedPerWindow}
            min={1}
            max={10_000}
            onChange={(n) => set((d) => ({ ...d, reaction: { ...d.reaction, maxReceivedPerWindow: n } }))}
          />
        </div>
      </fieldset>
      <fieldset className="form-group">
        <legend>{k('voice')}</legend>
        <div className="field-grid">
          <NumberField
            path="karma.voice.perMinute"
            label={k('voicePerMinute')}
            value={draft.voice.perMinute}
            min={0}
            max={1000}
            onChange={(perMinute) => set((d) => ({ ...d, voice: { ...d.voice, perMinute } }))}
          />
          <NumberField
            path="karma.voice.minCompanions"
            label={k('companions')}
            hint={k('companionsHint')}
            value={draft.voice.minCompanions}
            min={0}
            max={99}
            onChange={(minCompanions) => set((d) => ({ ...d, voice: { ...d.voice, minCompanions } }))}
          />
          <NumberField
            path="karma.stream.perMinute"
            label={k('streamPerMinute')}
            hint={k('streamHint')}
            value={draft.stream.perMinute}
            min={0}
            max={1000}
            onChange={(perMinute) => set((d) => ({ ...d, stream: { ...d.stream, perMinute } }))}
          />
        </div>
        <Switch
          path="karma.voice.requireUnmuted"
          label={k('unmuted')}
          checked={draft.voice.requireUnmuted}
          onChange={(requireUnmuted) => set((d) => ({ ...d, voice: { ...d.voice, requireUnmuted } }))}
        />
        <Switch
          path="karma.voice.requireUndeafened"
          label={k('undeafened')}
          checked={draft.voice.requireUndeafened}
          onChange={(requireUndeafened) => set((d) => ({ ...d, voice: { ...d.voice, requireUndeafened } }))}
        />
      </fieldset>
      <IdListPicker
        path="karma.noKarmaChannelIds"
        legend={k('noKarmaChannels')}
        hint={k('noKarmaChannelsHint')}
        list={lists.channels}
        ids={draft.noKarmaChannelIds}
        onChange={(noKarmaChannelIds) => set((d) => ({ ...d, noKarmaChannelIds }))}
        addLabel={k('addChannel')}
        removeLabel={(name) => t('karmaSettings.rules.removeFromList', { name, list: k('noKarmaChannels') })}
        emptyLabel={k('noChannelsChosen')}
      />
      <IdListPicker
        path="karma.noKarmaRoleIds"
        legend={k('noKarmaRoles')}
        hint={k('noKarmaRolesHint')}
        list={lists.roles}
        ids={draft.noKarmaRoleIds}
        onChange={(noKarmaRoleIds) => set((d) => ({ ...d, noKarmaRoleIds }))}
        addLabel={k('addRole')}
        removeLabel={(name) => t('karmaSettings.rules.removeFromList', { name, list: k('noKarmaRoles') })}
        emptyLabel={k('noRolesChosen')}
      />
      <MultiplierEditor
        path="karma.channelMultipliers"
        legend={k('channelMultipliers')}
        hint={k('channelMultipliersHint')}
        list={lists.channels}
        rows={draft.channelMultipliers}
        onChange={(channelMultipliers) => set((d) => ({ ...d, channelMultipliers }))}
        addLabel={k('addChannelMultiplier')}
        choiceLabel={(n) => t('karmaSettings.rules.channelN', { n })}
        factorLabel={(name) => t('karmaSettings.rules.factorOf', { name })}
        removeLabel={(name) => t('karmaSettings.rules.removeMultiplier', { name })}
        emptyLabel={k('noMultipliers')}
      />
      <MultiplierEditor
        path="karma.roleMultipliers"
        legend={k('roleMultipliers')}
        hint={k('roleMultipliersHint')}
        list={lists.roles}
        rows={draft.roleMultipliers}
        onChange={(roleMultipliers) => set((d) => ({ ...d, roleMultipliers }))}
        addLabel={k('addRoleMultiplier')}
        choiceLabel={(n) => t('karmaSettings.rules.roleN', { n })}
        factorLabel={(name) => t('karmaSettings.rules.factorOf', { name })}
        removeLabel={(name) => t('karmaSettings.rules.removeMultiplier', { name })}
        emptyLabel={k('noMultipliers')}
      />
    </SettingsForm>
  );
}

const MODES: readonly AnnouncementSettings['mode'][] = ['off', 'channel', 'current_channel', 'dm'];

/** Level-up announcements: where, what, from which level. */
function AnnouncementsForm({ editor, lists }: { editor: SettingsEditor; lists: RuleLists }) {
  const { t } = useTranslation();
  const draft = editor.draft('announcements');
  const set = (edit: (d: AnnouncementSettings) => AnnouncementSettings) =>
    editor.setDraft('announcements', edit);
  const choices = lists.textChannels.choices ?? [];
  const held = draft.channelId && !choices.some((c) => c.id === draft.channelId) ? [draft.channelId] : [];
  return (
    <SettingsForm
      editor={editor}
      form="announcements"
      title={t('karmaSettings.announce.title')}
      caption={t('karmaSettings.announce.caption')}
      saveLabel={t('karmaSettings.announce.save')}
    >
      <RadioGroup
        path="announcements.mode"
        legend={t('karmaSettings.announce.mode')}
        value={draft.mode}
        onChange={(mode) => set((d) => ({ ...d, mode }))}
        choices={MODES.map((mode) => ({ id: mode, label: t(`karmaSettings.announce.modes.${mode}`) }))}
      />
      <SelectField
        path="announcements.channelId"
        label={t('karmaSettings.announce.channel')}
        value={draft.channelId ?? ''}
        disabled={draft.mode !== 'channel'}
        onChange={(id) => set(({ channelId: _old, ...d }) => (id ? { ...d, channelId: id } : d))}
        choices={[
          { id: '', label: t('karmaSettings.announce.noChannel') },
          ...choices,
          ...held.map((id) => ({ id, label: t('karmaSettings.unknownId', { id }) })),
        ]}
      />
      <TextField
        path="announcements.template"
        label={t('karmaSettings.announce.template')}
        hint={t('karmaSettings.announce.templateHint')}
        maxLength={500}
        value={draft.template}
        onChange={(template) => set((d) => ({ ...d, template }))}
      />
      <NumberField
        path="announcements.minLevel"
        label={t('karmaSettings.announce.minLevel')}
        hint={t('karmaSettings.announce.minLevelHint')}
        value={draft.minLevel}
        min={1}
        max={1000}
        onChange={(minLevel) => set((d) => ({ ...d, minLevel }))}
      />
    </SettingsForm>
  );
}

function LeaderboardForm({ editor }: { editor: SettingsEditor }) {
  const { t } = useTranslation();
  const draft = editor.draft('leaderboard');
  return (
    <SettingsForm
      editor={editor}
      form="leaderboard"
      title={t('karmaSettings.board.title')}
      saveLabel={t('karmaSettings.board.save')}
    >
      <Switch
        path="leaderboard.public"
        label={t('karmaSettings.board.public')}
        hint={t('karmaSettings.board.publicHint')}
        checked={draft.public}
        onChange={(isPublic) => editor.setDraft('leaderboard', (d) => ({ ...d, public: isPublic }))}
      />
    </SettingsForm>
  );
}

export function RulesTab({ editor, lists }: { editor: SettingsEditor; lists: RuleLists }) {
  return (
    <div className="settings-stack">
      <EarningForm editor={editor} lists={lists} />
      <AnnouncementsForm editor={editor} lists={lists} />
      <LeaderboardForm editor={editor} />
    </div>
  );
}
