import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import type { AchievementList } from '../achievements/service.ts';
import type { LeaderboardView, MyLevel } from '../levels/service.ts';
import type { QuestList } from '../quests/service.ts';
import type { LevelTableRow } from './settings-repository.ts';

/**
 * The Discord panels of the karma system as plain API payloads (embeds and components), built from
 * service results. Pure, so their limits are tested without a client: an embed stays under 6,000
 * characters and 25 fields, a message under 5 rows of 5 buttons.
 */

export interface Panel {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export const EMBED_COLOR = 0xf28c28;
export const LEADERBOARD_PAGE_SIZE = 10;
export const ACHIEVEMENTS_PAGE_SIZE = 10;

/** Custom ids: `karma:<action>:<args>`; Discord allows 100 characters. */
export const customIds = {
  leaderboard: (page: number) => `karma:lb:${page}`,
  claim: (progressId: string, period: 'daily' | 'weekly') => `karma:claim:${period}:${progressId}`,
  quests: (period: 'daily' | 'weekly') => `karma:quests:${period}`,
  achievements: (userId: string) => `karma:ach:${userId}`,
} as const;

export function progressBar(fraction: number, width = 12): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function rankPanel(level: MyLevel, rank: { rank: number | null; total: number }, name: string): Panel {
  const next = level.next
    ? `${level.progress.intoLevel.toLocaleString('en-US')} / ${(level.next.requiredKarma - level.progress.currentRequired).toLocaleString('en-US')} to level ${level.next.level}`
    : 'maximum level reached';
  return {
    embeds: [
      {
        title: truncate(`${name} — level ${level.level}`, 256),
        description: `**${level.title}**\n${progressBar(level.progress.fraction)} ${level.progress.percent}%\n${next}`,
        color: EMBED_COLOR,
        fields: [
          { name: 'Karma', value: level.karma.toLocaleString('en-US'), inline: true },
          {
            name: 'Rank',
            value: rank.rank === null ? 'unranked' : `#${rank.rank} of ${rank.total}`,
            inline: true,
          },
        ],
      },
    ],
    components: [],
  };
}

export function leaderboardPanel(view: LeaderboardView): Panel {
  const pages = Math.max(1, Math.ceil(view.total / view.limit));
  const lines = view.items.map(
    (item) =>
      `**#${item.rank}** ${truncate(item.displayName ?? item.username ?? `<@${item.userId}>`, 40)} — ${item.karma.toLocaleString('en-US')} karma · level ${item.level}`,
  );
  return {
    embeds: [
      {
        title: 'Leaderboard',
        description: lines.length > 0 ? lines.join('\n') : 'Nobody has earned karma yet.',
        color: EMBED_COLOR,
        footer: {
          text: `Page ${view.page} of ${pages} · ${view.total.toLocaleString('en-US')} ranked members`,
        },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          button(customIds.leaderboard(view.page - 1), '◀ Previous', ButtonStyle.Secondary, view.page <= 1),
          button(customIds.leaderboard(view.page + 1), 'Next ▶', ButtonStyle.Secondary, view.page >= pages),
        ],
      },
    ],
  };
}

const STATUS_ICON = {
  AVAILABLE: '⬜',
  IN_PROGRESS: '🟨',
  COMPLETED: '✅',
  CLAIMED: '🏅',
  EXPIRED: '⌛',
} as const;

export function questsPanel(list: QuestList): Panel {
  const fields = list.quests.slice(0, 25).map((quest) => ({
    name: truncate(`${STATUS_ICON[quest.status]} ${quest.name} (+${quest.reward})`, 256),
    value: truncate(
      `${quest.description}\n${progressBar(quest.progress / quest.target, 10)} ${quest.progress}/${quest.target}`,
      1024,
    ),
  }));
  const claimable = list.quests.filter((q) => q.claimable).slice(0, 20);
  const rows: Panel['components'] = [];
  for (let i = 0; i < claimable.length; i += 5) {
    rows.push({
      type: ComponentType.ActionRow,
      components: claimable
        .slice(i, i + 5)
        .map((q) =>
          button(
            customIds.claim(q.progressId, list.period),
            truncate(`Claim ${q.name}`, 80),
            ButtonStyle.Success,
          ),
        ),
    });
  }
  const other = list.period === 'daily' ? 'weekly' : 'daily';
  rows.push({
    type: ComponentType.ActionRow,
    components: [button(customIds.quests(other), `Show ${other} quests`, ButtonStyle.Secondary)],
  });
  return {
    embeds: [
      {
        title: list.period === 'daily' ? "Today's quests" : "This week's quests",
        color: EMBED_COLOR,
        fields,
        footer: { text: `Resets ${list.expiresAt.slice(0, 16).replace('T', ' ')} UTC` },
      },
    ],
    components: rows,
  };
}

export function achievementsPanel(list: AchievementList, name: string, page: number): Panel {
  const pages = Math.max(1, Math.ceil(list.achievements.length / ACHIEVEMENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = list.achievements.slice(
    (current - 1) * ACHIEVEMENTS_PAGE_SIZE,
    current * ACHIEVEMENTS_PAGE_SIZE,
  );
  return {
    embeds: [
      {
        title: truncate(`${name} — achievements ${list.unlocked}/${list.total}`, 256),
        color: EMBED_COLOR,
        fields: slice.map((a) => ({
          name: truncate(
            `${a.unlocked ? '🏆' : '🔒'} ${a.name}${a.karmaReward > 0 ? ` (+${a.karmaReward})` : ''}`,
            256,
          ),
          value: truncate(
            a.unlocked
              ? a.description
              : `${a.description}\n${progressBar(a.fraction, 10)} ${a.current}/${a.target}`,
            1024,
          ),
        })),
        footer: { text: `Page ${current} of ${pages}` },
      },
    ],
    components:
      pages > 1
        ? [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.StringSelect,
                  custom_id: customIds.achievements(list.userId),
                  placeholder: `Page ${current} of ${pages}`,
                  options: Array.from({ length: Math.min(pages, 25) }, (_, i) => ({
                    label: `Page ${i + 1}`,
                    value: String(i + 1),
                    default: i + 1 === current,
                  })),
                },
              ],
            },
          ]
        : [],
  };
}

/** `/levels`: the curve at a glance, the first levels and every milestone level. */
export function levelsPanel(rows: readonly LevelTableRow[], curve: string): Panel {
  const shown = rows.filter((row, i) => i < 5 || row.level % 10 === 0 || row.roleRewardId !== null);
  const lines = shown
    .slice(0, 40)
    .map(
      (row) =>
        `**${row.level}** — ${row.requiredKarma.toLocaleString('en-US')} karma · ${row.title}${row.roleRewardId ? ` · <@&${row.roleRewardId}>` : ''}`,
    );
  return {
    embeds: [
      {
        title: `Levels (${curve} curve)`,
        description: truncate(lines.join('\n'), 4000),
        color: EMBED_COLOR,
        footer: { text: `${rows.length} levels` },
      },
    ],
    components: [],
  };
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

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  disabled = false,
) {
  return { type: ComponentType.Button as const, custom_id: customId, label, style, disabled };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
