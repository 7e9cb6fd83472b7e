import { describe, expect, it } from 'vitest';
import { ALICE, CH, G } from '../../../test/support/rewards-fixtures.ts';
import { translate } from '../../i18n/translate.ts';
import {
  announcementSettingsSchema,
  DEFAULT_ANNOUNCEMENT_TEMPLATE,
  defaultConfig,
} from '../rewards/domain/config.ts';
import { planDispatch } from './level-dispatch.ts';

/** Level-up announcements in the guild's Discord language, unless the guild wrote its own text. */

function plan(guildLocale: string | null, template?: string) {
  const config = {
    ...defaultConfig(G),
    announcements: announcementSettingsSchema.parse({
      mode: 'channel',
      channelId: CH,
      ...(template ? { template } : {}),
    }),
  };
  const row = {
    id: '1',
    guildId: G,
    userId: ALICE,
    fromLevel: 1,
    toLevel: 2,
    channelId: CH,
    currentLevel: 2,
    memberRoles: [],
    guildLocale,
  };
  return planDispatch([row], new Map([[G, config]])).announcements[0]?.content;
}

describe('level-up announcements', () => {
  it('keeps the English default text identical to the default template', () => {
    const values = { user: '{user}', level: '{level}', title: '{title}' };
    expect(translate('en', 'announcements.levelUp', values)).toBe(DEFAULT_ANNOUNCEMENT_TEMPLATE);
  });

  it('writes the default text in the guild’s language, a default title included', () => {
    expect(plan('ja')).toBe(`🎉 <@${ALICE}> がレベル 2（新人）に到達しました！`);
    expect(plan('zh-TW')).toBe(`🎉 <@${ALICE}> 升到了等級 2（新手）！`);
    expect(plan('en-GB')).toBe(`🎉 <@${ALICE}> reached level 2 (Newcomer)!`);
    // Not stored yet (no GUILD_CREATE since the upgrade), or a language Hearth does not speak.
    expect(plan(null)).toBe(`🎉 <@${ALICE}> reached level 2 (Newcomer)!`);
    expect(plan('fr')).toBe(`🎉 <@${ALICE}> reached level 2 (Newcomer)!`);
  });

  it('leaves a guild’s own template as written', () => {
    expect(plan('ja', '{user} is now level {level}')).toBe(`<@${ALICE}> is now level 2`);
  });
});
