import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { useGuildChannels, useGuildRoles, useKarmaSettings } from '../api/queries.ts';
import type { KarmaSettings } from '../api/types.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { AdminGate } from '../layout/admin-gate.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import type { FormName } from '../lib/karma-settings.ts';
import { announcementChannels, ruleChannels } from '../lib/karma-settings-edit.ts';
import { useLeaveGuard } from '../lib/use-leave-guard.ts';
import { AchievementsTab } from './karma-settings/achievements-tab.tsx';
import { type SettingsEditor, useSettingsEditor } from './karma-settings/editor-state.ts';
import { LevelsTab } from './karma-settings/levels-tab.tsx';
import type { ChoiceList } from './karma-settings/pickers.tsx';
import { QuestsTab } from './karma-settings/quests-tab.tsx';
import { RoleRewardsTab } from './karma-settings/role-rewards-tab.tsx';
import { RulesTab } from './karma-settings/rules-tab.tsx';
import './karma-settings/karma-settings.css';

const PATH = '/settings/karma';
type Tab = 'rules' | 'levels' | 'rewards' | 'quests' | 'achievements';
const TABS: readonly Tab[] = ['rules', 'levels', 'rewards', 'quests', 'achievements'];
/** The forms of each tab: a tab shows a mark while one of them has unsaved changes. */
const TAB_FORMS: Record<Tab, readonly FormName[]> = {
  rules: ['karma', 'announcements', 'leaderboard'],
  levels: ['levels'],
  rewards: ['roleRewards'],
  quests: ['quests'],
  achievements: ['achievements'],
};

function tabOf(search: string): Tab {
  const tab = new URLSearchParams(search).get('tab');
  return TABS.find((t) => t === tab) ?? 'rules';
}

/**
 * The tabs (ARIA tabs: arrow keys, Home and End move between them). The chosen tab is in the
 * address (`?tab=levels`), so a reload or a shared link opens it.
 */
function TabList({
  current,
  unsaved,
  onSelect,
}: {
  current: Tab;
  unsaved: (tab: Tab) => boolean;
  onSelect: (tab: Tab) => void;
}) {
  const { t } = useTranslation();
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index - 1 + TABS.length) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="settings-tabs" role="tablist" aria-label={t('karmaSettings.tabsLabel')} onKeyDown={move}>
      {TABS.map((tab) => (
        <button
          key={tab}
          ref={(element) => {
            refs.current[tab] = element;
          }}
          type="button"
          role="tab"
          id={`settings-tab-${tab}`}
          aria-selected={tab === current}
          aria-controls={`settings-panel-${tab}`}
          tabIndex={tab === current ? 0 : -1}
          className="settings-tab"
          onClick={() => onSelect(tab)}
        >
          {t(`karmaSettings.tabs.${tab}`)}
          {unsaved(tab) ? (
            <span className="unsaved-mark">
              <span aria-hidden="true"> •</span>
              <span className="visually-hidden">{t('karmaSettings.tabUnsaved')}</span>
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

function useChoiceLists(guildId: string) {
  const { t } = useTranslation();
  const channels = useGuildChannels(guildId, true);
  const roles = useGuildRoles(guildId);
  const channelChoices = channels.data
    ? ruleChannels(channels.data.channels).map((c) => ({
        id: c.id,
        label: c.category ? t('karmaSettings.category', { name: c.name }) : `#${c.name}`,
      }))
    : undefined;
  const list = (choices: ChoiceList['choices'], query: typeof channels | typeof roles, what: string) => ({
    choices,
    error: query.error,
    retry: () => void query.refetch(),
    what,
  });
  return {
    lists: {
      channels: list(channelChoices, channels, t('errors.what.channels')),
      textChannels: list(
        channels.data
          ? announcementChannels(channels.data.channels).map((c) => ({ id: c.id, label: `#${c.name}` }))
          : undefined,
        channels,
        t('errors.what.channels'),
      ),
      roles: list(
        roles.data?.roles.map((r) => ({ id: r.id, label: `@${r.name}` })),
        roles,
        t('errors.what.roles'),
      ),
    },
    roles: { data: roles.data?.roles, error: roles.error, retry: () => void roles.refetch() },
  };
}

function Editor({ guildId, settings, tab }: { guildId: string; settings: KarmaSettings; tab: Tab }) {
  const editor: SettingsEditor = useSettingsEditor(guildId, settings);
  const { lists, roles } = useChoiceLists(guildId);
  const [, navigate] = useLocation();
  const { t } = useTranslation();
  useLeaveGuard(
    Object.values(TAB_FORMS).some((forms) => forms.some((form) => editor.dirty(form))),
    t('karmaSettings.leaveUnsaved'),
  );
  const panels: Record<Tab, () => ReactNode> = {
    rules: () => <RulesTab editor={editor} lists={lists} />,
    levels: () => <LevelsTab editor={editor} guildId={guildId} />,
    rewards: () => <RoleRewardsTab editor={editor} roles={roles} />,
    quests: () => <QuestsTab editor={editor} />,
    achievements: () => <AchievementsTab editor={editor} />,
  };
  return (
    <>
      <TabList
        current={tab}
        unsaved={(tab) => TAB_FORMS[tab].some((form) => editor.dirty(form))}
        onSelect={(next) => navigate(next === 'rules' ? PATH : `${PATH}?tab=${next}`, { replace: true })}
      />
      <div
        className="settings-panel"
        role="tabpanel"
        id={`settings-panel-${tab}`}
        aria-labelledby={`settings-tab-${tab}`}
      >
        {panels[tab]()}
      </div>
    </>
  );
}

/** The first form's frame while the settings load: heading, a few fields, the buttons. */
function EditorSkeleton() {
  return (
    <div className="settings-skeleton" aria-busy="true">
      <Skeleton height="2.75rem" />
      <div className="panel">
        <Skeleton height="1.5rem" width="14rem" />
        <Skeleton height="1rem" width="24rem" />
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height="4rem" />
        ))}
        <Skeleton height="2.5rem" width="10rem" />
      </div>
    </div>
  );
}

function KarmaSettingsPage({ guildId, guildName }: { guildId: string; guildName: string }) {
  const { t } = useTranslation();
  const tab = tabOf(useSearch());
  const settings = useKarmaSettings(guildId);
  useDocumentTitle(t(`karmaSettings.tabs.${tab}`), t('nav.karmaSettings'), guildName);
  return (
    <section aria-labelledby="page-title" className="karma-settings-page">
      <PageHeading>{t('karmaSettings.title')}</PageHeading>
      <p className="lead">{t('karmaSettings.lead')}</p>
      {settings.data ? (
        <Editor guildId={guildId} settings={settings.data} tab={tab} />
      ) : settings.isError ? (
        <ErrorPanel
          error={settings.error}
          what={t('errors.what.karmaSettings')}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <EditorSkeleton />
      )}
    </section>
  );
}

/**
 * Karma settings (admins): earning rules and announcements, the level curve with a preview,
 * role rewards, quests and achievements; each form saves its own section of the settings.
 */
export default function KarmaSettingsRoute() {
  return (
    <AdminGate page="karmaSettings">
      {/* Keyed by guild: another guild's drafts never carry over. */}
      {(guild) => <KarmaSettingsPage key={guild.id} guildId={guild.id} guildName={guild.name} />}
    </AdminGate>
  );
}
