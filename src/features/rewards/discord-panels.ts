import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';

/**
 * What the Discord panels of the reward features (levels, quests, achievements) share: the panel
 * shape, the colour, the progress bar and Discord's limits. Plain API payloads, pure, so each
 * feature's panels are tested without a client: an embed stays under 6,000 characters and 25
 * fields, a message under 5 rows of 5 buttons.
 */

export interface Panel {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const EMBED_COLOR = 0xf28c28;

export function progressBar(fraction: number, width = 12): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Characters Discord counts toward an embed's 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

export function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  disabled = false,
) {
  return { type: ComponentType.Button as const, custom_id: customId, label, style, disabled };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
