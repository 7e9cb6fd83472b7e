import { describe, expect, it } from 'vitest';
import type { GuildChannel, GuildRole, KarmaSettings } from '../../web/src/api/types.ts';
import {
  draftOf,
  FIELD_PATTERNS,
  firstInvalidNumber,
  isDirty,
  patchOf,
  placeFieldError,
  sameValue,
  sectionOf,
} from '../../web/src/lib/karma-settings.ts';
import {
  addMultiplierRow,
  addRoleReward,
  addTitle,
  announcementChannels,
  assignableRoles,
  curveOfKind,
  keyFromName,
  keyLevels,
  newItemProblem,
  previewBody,
  renameTitle,
  ruleChannels,
  withUnknown,
} from '../../web/src/lib/karma-settings-edit.ts';

/** The demo's defaults, trimmed: what `GET /guilds/{id}/settings/karma` answers for a new guild. */
function settings(): KarmaSettings {
  return {
    guildId: '100',
    version: 3,
    karma: {
      enabled: true,
      message: { min: 15, max: 25, cooldownSeconds: 60 },
      reaction: {
        given: 1,
        received: 2,
        windowSeconds: 3600,
        maxGivenPerWindow: 20,
        maxReceivedPerWindow: 50,
      },
      voice: { perMinute: 2, minCompanions: 1, requireUnmuted: true, requireUndeafened: true },
      stream: { perMinute: 0, maxMinutesPerSession: 240 },
      admin: { maxDelta: 100000, maxReasonLength: 200 },
      noKarmaChannelIds: [],
      noKarmaRoleIds: [],
      channelMultipliers: { '300': 1.5, '301': 0 },
      roleMultipliers: {},
    },
    levels: {
      curve: { kind: 'mee6' },
      maxLevel: 100,
      titles: [
        { fromLevel: 1, title: 'Newcomer', key: 'levels.title.newcomer' },
        { fromLevel: 10, title: 'Regular', key: 'levels.title.regular' },
      ],
      privilegeUnlocks: [{ level: 3, privileges: ['attach_files'] }],
      roleRewards: [{ level: 10, roleId: '500' }],
      roleRewardMode: 'stack',
    },
    announcements: { mode: 'off', template: '🎉 {user} reached level {level} ({title})!', minLevel: 1 },
    leaderboard: { public: false },
    quests: [
      {
        key: 'daily_check_in',
        name: 'Daily Check-in',
        nameZh: '每日報到',
        description: 'Send a message today',
        period: 'daily',
        criterion: 'messages_sent',
        target: 1,
        reward: 10,
        active: true,
      },
    ],
    achievements: [
      {
        key: 'first_message',
        name: 'First Words',
        description: 'Send your first message',
        criterion: { stat: 'messages', atLeast: 1 },
        karmaReward: 10,
        hidden: false,
      },
    ],
  };
}

describe('karma settings drafts and what each form saves', () => {
  it('lists multipliers as rows and saves them as the record the API keeps', () => {
    const stored = settings();
    const draft = draftOf('karma', stored);
    expect(draft.channelMultipliers).toEqual([
      { id: '300', value: 1.5 },
      { id: '301', value: 0 },
    ]);
    const edited = { ...draft, channelMultipliers: [...draft.channelMultipliers, { id: '302', value: 2 }] };
    expect(patchOf('karma', edited, stored)).toEqual({
      karma: { ...stored.karma, channelMultipliers: { '300': 1.5, '301': 0, '302': 2 } },
    });
  });

  it('sends only its own section, and only its own fields of a shared one', () => {
    const stored = settings();
    const levels = { ...draftOf('levels', stored), maxLevel: 50 };
    expect(patchOf('levels', levels, stored)).toEqual({ levels: { ...stored.levels, maxLevel: 50 } });
    const rewards = { roleRewards: [], roleRewardMode: 'replace' as const };
    // The levels form's unsaved edit (maxLevel 50) is not part of the role rewards' save.
    expect(patchOf('roleRewards', rewards, stored)).toEqual({
      levels: { ...stored.levels, roleRewards: [], roleRewardMode: 'replace' },
    });
    expect(sectionOf('roleRewards')).toBe('levels');
    expect(Object.keys(patchOf('leaderboard', { public: true }, stored))).toEqual(['leaderboard']);
  });

  it('leaves an unchosen announcement channel out rather than sending an empty id', () => {
    const stored = settings();
    expect(patchOf('announcements', { ...stored.announcements, mode: 'dm' }, stored)).toEqual({
      announcements: { mode: 'dm', template: stored.announcements.template, minLevel: 1 },
    });
    expect(
      patchOf('announcements', { ...stored.announcements, mode: 'channel', channelId: '301' }, stored)
        .announcements?.channelId,
    ).toBe('301');
  });

  it('is dirty only when saving would change something', () => {
    const stored = settings();
    expect(isDirty('karma', undefined, stored)).toBe(false);
    const draft = draftOf('karma', stored);
    expect(isDirty('karma', draft, stored)).toBe(false);
    // The same multipliers in another order are the same record.
    expect(
      isDirty('karma', { ...draft, channelMultipliers: [...draft.channelMultipliers].reverse() }, stored),
    ).toBe(false);
    expect(isDirty('karma', { ...draft, enabled: false }, stored)).toBe(true);
    const quests = draftOf('quests', stored);
    expect(isDirty('quests', [{ ...quests[0], reward: 11 } as (typeof quests)[0]], stored)).toBe(true);
  });

  it('compares JSON values deeply, ignoring key order and absent fields', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: [] }, { a: {} })).toBe(false);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
  });

  it('finds a number field left empty before anything is sent', () => {
    const stored = settings();
    const draft = draftOf('karma', stored);
    const body = patchOf('karma', { ...draft, message: { ...draft.message, max: Number.NaN } }, stored);
    expect(firstInvalidNumber(body)).toBe('karma.message.max');
    expect(firstInvalidNumber(patchOf('karma', draft, stored))).toBeUndefined();
    expect(firstInvalidNumber({ quests: [{ target: 1 }, { target: Number.POSITIVE_INFINITY }] })).toBe(
      'quests.1.target',
    );
  });
});

describe("where an API refusal's field is shown", () => {
  it('takes the deepest field pattern the field starts with', () => {
    expect(placeFieldError('levels.curve.coefficients', FIELD_PATTERNS.levels)).toBe(
      'levels.curve.coefficients',
    );
    expect(placeFieldError('levels.curve.coefficients.2', FIELD_PATTERNS.levels)).toBe(
      'levels.curve.coefficients',
    );
    expect(placeFieldError('levels.curve', FIELD_PATTERNS.levels)).toBe('levels.curve');
    expect(placeFieldError('quests.3.reward', FIELD_PATTERNS.quests)).toBe('quests.3.reward');
    // A field the row has no input for (a new quest's key) is shown on its row.
    expect(placeFieldError('quests.3.key', FIELD_PATTERNS.quests)).toBe('quests.3');
    expect(placeFieldError('karma.channelMultipliers.300', FIELD_PATTERNS.karma)).toBe(
      'karma.channelMultipliers.300',
    );
    expect(placeFieldError('announcements.channelId', FIELD_PATTERNS.announcements)).toBe(
      'announcements.channelId',
    );
    expect(placeFieldError('achievements.0.criterion.atLeast', FIELD_PATTERNS.achievements)).toBe(
      'achievements.0.criterion.atLeast',
    );
  });

  it("leaves fields of other forms and whole-body refusals to the form's own message", () => {
    expect(placeFieldError('levels.roleRewards', FIELD_PATTERNS.levels)).toBeUndefined();
    expect(placeFieldError('quests', FIELD_PATTERNS.quests)).toBeUndefined();
    expect(placeFieldError('body', FIELD_PATTERNS.karma)).toBeUndefined();
    expect(placeFieldError(undefined, FIELD_PATTERNS.karma)).toBeUndefined();
  });
});

describe('curve presets and the preview', () => {
  it('gives each preset its default and brings back what was typed for it', () => {
    expect(curveOfKind('linear')).toEqual({ kind: 'linear', step: 1000 });
    expect(curveOfKind('mee6')).toEqual({ kind: 'mee6' });
    const polynomial = curveOfKind('polynomial');
    expect(polynomial.kind === 'polynomial' && polynomial.coefficients.length).toBeGreaterThanOrEqual(2);
    expect(curveOfKind('linear', [{ kind: 'linear', step: 250 }])).toEqual({ kind: 'linear', step: 250 });
  });

  it('names a few landmark levels and the highest', () => {
    expect(keyLevels(100)).toEqual([1, 5, 10, 25, 50, 100]);
    expect(keyLevels(30)).toEqual([1, 5, 10, 25, 30]);
    expect(keyLevels(1)).toEqual([1]);
  });

  it('asks for a preview only of a configuration with numbers', () => {
    expect(JSON.parse(previewBody({ kind: 'linear', step: 500 }, 20) ?? 'null')).toEqual({
      curve: { kind: 'linear', step: 500 },
      maxLevel: 20,
    });
    expect(previewBody({ kind: 'linear', step: Number.NaN }, 20)).toBeUndefined();
    expect(previewBody({ kind: 'polynomial', coefficients: [0, Number.NaN] }, 20)).toBeUndefined();
    expect(previewBody({ kind: 'mee6' }, 0)).toBeUndefined();
    expect(previewBody({ kind: 'mee6' }, 1001)).toBeUndefined();
  });
});

describe('titles, role rewards and multipliers', () => {
  it('drops a renamed title’s translation key, which would translate the old name', () => {
    expect(renameTitle({ fromLevel: 1, title: 'Newcomer', key: 'levels.title.newcomer' }, 'Rookie')).toEqual({
      fromLevel: 1,
      title: 'Rookie',
    });
  });

  it('adds a title ten levels above the highest, on a free level within the maximum', () => {
    expect(addTitle([{ fromLevel: 1, title: 'A' }], 100).at(-1)).toEqual({ fromLevel: 11, title: '' });
    expect(
      addTitle(
        [
          { fromLevel: 1, title: 'A' },
          { fromLevel: 100, title: 'B' },
        ],
        100,
      ).at(-1)?.fromLevel,
    ).toBe(99);
  });

  const roles: GuildRole[] = [
    { id: '500', name: 'Regular', color: 0, position: 3, managed: false },
    { id: '501', name: 'Hearth', color: 0, position: 2, managed: true },
    { id: '502', name: 'Veteran', color: 0, position: 1, managed: false },
  ];

  it('offers only roles Discord lets Hearth give', () => {
    expect(assignableRoles(roles).map((r) => r.id)).toEqual(['500', '502']);
  });

  it('adds a reward on a free level with a role not yet used', () => {
    expect(addRoleReward([{ level: 10, roleId: '500' }], roles, 100)?.at(-1)).toEqual({
      level: 15,
      roleId: '502',
    });
    expect(addRoleReward([], roles, 100)).toEqual([{ level: 5, roleId: '500' }]);
    expect(addRoleReward([{ level: 1, roleId: '500' }], roles, 1)).toBeUndefined();
    expect(addRoleReward([], [roles[1] as GuildRole], 100)).toBeUndefined();
  });

  it('adds a multiplier for the first choice without one, until every choice has one', () => {
    const choices = [{ id: '300' }, { id: '301' }];
    expect(addMultiplierRow([{ id: '300', value: 2 }], choices)).toEqual([
      { id: '300', value: 2 },
      { id: '301', value: 1.5 },
    ]);
    expect(
      addMultiplierRow(
        [
          { id: '300', value: 2 },
          { id: '301', value: 1 },
        ],
        choices,
      ),
    ).toBeUndefined();
  });

  it('keeps ids a setting holds that the list lacks, so saving does not drop them', () => {
    expect(withUnknown([{ id: '1', label: '#a' }], ['1', '9'], (id) => `? ${id}`)).toEqual([
      { id: '1', label: '#a' },
      { id: '9', label: '? 9' },
    ]);
  });
});

describe('channel choices', () => {
  const channel = (
    id: string,
    name: string,
    type: number,
    position: number,
    parentId: string | null = null,
  ) => ({ id, name, type, position, parentId }) as GuildChannel;
  const channels = [
    channel('20', 'Voice', 4, 1),
    channel('10', 'Text', 4, 0),
    channel('11', 'general', 0, 0, '10'),
    channel('12', 'news', 5, 1, '10'),
    channel('13', 'a thread', 11, 0, '11'),
    channel('21', 'Lounge', 2, 0, '20'),
    channel('1', 'rules', 0, 0),
  ];

  it('lists each category followed by its channels, without threads', () => {
    expect(ruleChannels(channels).map((c) => `${c.category ? 'category ' : ''}${c.name}`)).toEqual([
      'rules',
      'category Text',
      'general',
      'news',
      'category Voice',
      'Lounge',
    ]);
  });

  it('offers announcements only text and announcement channels', () => {
    expect(announcementChannels(channels).map((c) => c.name)).toEqual(['rules', 'general', 'news']);
  });
});

describe('adding quests and achievements', () => {
  it('checks the key, its uniqueness, the name and the description', () => {
    const catalog = [{ key: 'daily_check_in' }];
    const ok = { key: 'night_owl', name: 'Night Owl', description: 'Write after midnight' };
    expect(newItemProblem(ok, catalog)).toBeUndefined();
    expect(newItemProblem({ ...ok, key: 'Night' }, catalog)).toBe('key');
    expect(newItemProblem({ ...ok, key: 'daily_check_in' }, catalog)).toBe('duplicate');
    expect(newItemProblem({ ...ok, name: ' ' }, catalog)).toBe('name');
    expect(newItemProblem({ ...ok, description: '' }, catalog)).toBe('description');
  });

  it('suggests a key from a name', () => {
    expect(keyFromName('Night Owl')).toBe('night_owl');
    expect(keyFromName('  100 Replies!')).toBe('replies');
    expect(keyFromName('Café crème')).toBe('cafe_creme');
    expect(keyFromName('夜貓子')).toBe('');
  });
});
