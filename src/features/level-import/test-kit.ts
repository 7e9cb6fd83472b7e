import { levelForKarma, levelTable } from '../levels/domain/index.ts';

/** Export files as MEE6 and spreadsheets write them, and the guild row an import needs. */

const MEE6_TABLE = levelTable({ kind: 'mee6' });

export interface Player {
  id: string;
  xp: number;
  /** Default: MEE6's level for the XP (MEE6's curve is Hearth's default). */
  level?: number;
}

export function mee6Export(players: readonly Player[], guildId = '500000000000000001'): string {
  return JSON.stringify({
    admin: false,
    guild: { id: guildId, name: 'Test guild', premium: false },
    page: 0,
    players: players.map((p, i) => ({
      avatar: null,
      detailed_xp: [0, 100, p.xp],
      discriminator: '0',
      guild_id: guildId,
      id: p.id,
      is_monetize_subscriber: false,
      level: p.level ?? levelForKarma(MEE6_TABLE, p.xp),
      message_count: 10 + i,
      monetize_xp_boost: 0,
      username: `player${i}`,
      xp: p.xp,
    })),
    role_rewards: [],
    xp_per_message: [15, 25],
    xp_rate: 1,
  });
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

export function csvExport(rows: readonly { id: string; xp: number; level?: number }[]): string {
  return [
    'user_id,username,xp,level',
    ...rows.map((r, i) => `${r.id},"member ${i}",${r.xp},${r.level ?? ''}`),
  ].join('\r\n');
}

/** `count` distinct user ids from a base, in the Discord id range. */
export function userIds(count: number, base = 700_000_000_000_000_000n): string[] {
  return Array.from({ length: count }, (_, i) => String(base + BigInt(i) * 7919n));
}
