/**
 * The leaderboard's keyset cursor: the last member of a page (karma, user id) and its rank, so the
 * next page starts after it without an OFFSET and without counting anyone again.
 */
export interface Cursor {
  karma: number;
  userId: string;
  rank: number;
}

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.karma}.${cursor.userId}.${cursor.rank}`;
}

/** Null for anything `encodeCursor` did not write. */
export function decodeCursor(value: string): Cursor | null {
  const match = /^(\d{1,16})\.(\d{1,20})\.(\d{1,10})$/.exec(value);
  if (!match) return null;
  return { karma: Number(match[1]), userId: match[2] as string, rank: Number(match[3]) };
}
