import { DEFAULT_LANGUAGE, type Language, matchLanguage } from '../../shared/i18n/languages.ts';
import { type BotKey, type Translator, translate, translator } from './translate.ts';

/**
 * Which of Hearth's languages a Discord reply is written in. Discord tells the bot two locales
 * (https://discord.com/developers/docs/reference#locales): the member's client language with every
 * interaction (`locale`) and the server's community language (`guild_locale`, also `preferred_locale`
 * in GUILD_CREATE). The mapping is the dashboard's (`matchLanguage`): any English is English, `ja` is
 * Japanese, and any Chinese, `zh-CN` included, reads as `zh-TW`, because only Traditional Chinese is
 * translated and a Simplified Chinese reader reads it far better than English.
 */

/** The member's language if Hearth speaks it, else the server's, else English. */
export function languageFor(
  locale: string | null | undefined,
  guildLocale?: string | null | undefined,
): Language {
  for (const tag of [locale, guildLocale]) {
    const match = tag ? matchLanguage(tag) : undefined;
    if (match) return match;
  }
  return DEFAULT_LANGUAGE;
}

/** The translator of an interaction (discord.js's `locale` and `guildLocale`). */
export function translatorFor(interaction: {
  readonly locale?: string | null | undefined;
  readonly guildLocale?: string | null | undefined;
}): Translator {
  return translator(languageFor(interaction.locale, interaction.guildLocale));
}

/**
 * Discord's locale codes that get a translation in command pickers. `zh-CN` shows the Traditional
 * text for the same reason replies do; English locales use the default text.
 */
export const DISCORD_LOCALES = { 'zh-TW': 'zh-TW', 'zh-CN': 'zh-TW', ja: 'ja' } as const satisfies Record<
  string,
  Language
>;

export type CommandLocalizations = { [L in keyof typeof DISCORD_LOCALES]: string };

/** `name_localizations`/`description_localizations` of a command, an option or a choice. */
export function commandLocalizations(key: BotKey): CommandLocalizations {
  return {
    'zh-TW': translate(DISCORD_LOCALES['zh-TW'], key),
    'zh-CN': translate(DISCORD_LOCALES['zh-CN'], key),
    ja: translate(DISCORD_LOCALES.ja, key),
  };
}
