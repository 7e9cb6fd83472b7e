import type { DomainEvent } from './events.ts';

/**
 * Splits a batch into parts that share no member, so that each part can be written in its own
 * transaction at the same time as the others: one PostgreSQL backend per part does the inserts and
 * index updates, and Node runs one part's rules while the database works on another's statements.
 *
 * Every rule of the pipeline reads and writes rows of the members an event names (counters, ledger
 * keys, statistics rows, quests), so parts with disjoint members touch disjoint rows, and a member's
 * events stay in one part, in arrival order. Events that name two members (a reaction: the reactor
 * and the author) join them. Voice states join every member in voice in a guild, because voice karma
 * looks at who else is in the channel. Events about the guild itself (snapshots, channels, roles)
 * change what the rules of every member see, so a batch holding one is not split at all.
 */

const UNKNOWN = '?';
const VOICE = 'voice';

/** The members an event touches (user ids of its guild), or null when it concerns the whole guild. */
function membersOf(event: DomainEvent): readonly string[] | null {
  switch (event.kind) {
    case 'message.created':
      return [event.userId];
    case 'message.updated':
    case 'message.deleted':
      // Statistics keep unknown authors under one row per channel and day: one key for all of them.
      return [event.userId ?? UNKNOWN];
    case 'reaction.added':
    case 'reaction.removed':
      return event.messageAuthorId === null ? [event.userId] : [event.userId, event.messageAuthorId];
    case 'member.joined':
    case 'member.updated':
      return [event.member.userId];
    case 'member.left':
      return [event.userId];
    case 'voice.state':
      return [event.userId, VOICE];
    default:
      return null;
  }
}

/**
 * Up to `count` parts of `items` (in arrival order within each part), balanced by number of events,
 * or a single part when the batch cannot be split. Deterministic for a given batch.
 */
export function partitionByMember<T>(
  items: readonly T[],
  eventOf: (item: T) => DomainEvent,
  count: number,
): T[][] {
  if (count <= 1 || items.length < 2) return [items.slice()];
  // Union-find over small integers, one per (guild, member): nested maps spare a key string per event.
  const ids = new Map<string, Map<string, number>>();
  const parent: number[] = [];
  const idOf = (guildId: string, member: string): number => {
    let members = ids.get(guildId);
    if (!members) {
      members = new Map();
      ids.set(guildId, members);
    }
    let id = members.get(member);
    if (id === undefined) {
      id = parent.length;
      parent.push(id);
      members.set(member, id);
    }
    return id;
  };
  const find = (id: number): number => {
    let root = id;
    while (parent[root] !== root) root = parent[root] as number;
    // Path compression keeps the chains of busy members short.
    for (let node = id; node !== root; ) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  const firsts = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const event = eventOf(items[i] as T);
    const members = membersOf(event);
    if (members === null) return [items.slice()];
    const first = idOf(event.guildId, members[0] as string);
    for (let k = 1; k < members.length; k++) {
      const a = find(first);
      const b = find(idOf(event.guildId, members[k] as string));
      if (a !== b) parent[b] = a;
    }
    firsts[i] = first;
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < firsts.length; i++) {
    const root = find(firsts[i] as number);
    firsts[i] = root;
    sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  if (sizes.size < 2) return [items.slice()];
  // Largest groups first, each to the lightest part: close to even for heavy-tailed activity.
  const loads = new Array<number>(Math.min(count, sizes.size)).fill(0);
  const partOf = new Map<number, number>();
  for (const [root, size] of [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    let lightest = 0;
    for (let i = 1; i < loads.length; i++)
      if ((loads[i] as number) < (loads[lightest] as number)) lightest = i;
    partOf.set(root, lightest);
    loads[lightest] = (loads[lightest] as number) + size;
  }
  const parts: T[][] = loads.map(() => []);
  for (let i = 0; i < items.length; i++)
    parts[partOf.get(firsts[i] as number) as number]?.push(items[i] as T);
  return parts;
}
