import type { DomainEvent } from './events.ts';
import type { PipelineFeature, Touched } from './feature.ts';

/**
 * Splits a batch into parts that share nothing any rule reads or writes, so that each part can be
 * written in its own transaction at the same time as the others: one PostgreSQL backend per part
 * does the inserts and index updates, and Node runs one part's rules while the database works on
 * another's statements.
 *
 * What an event touches is what the features declare (`PipelineFeature.touches`, where the contract
 * is written down): members of its guild (user ids, or pseudo-members such as presence's `voice`),
 * or the whole guild. Events that share a key, directly or through others (a reaction joins the
 * reactor and the author, a voice state joins its member to everyone in voice in the guild), form
 * one group; a guild with an event that touches the whole guild is one group. Events that touch
 * nothing go with the other untouched events of their guild, so that copies of one event still meet
 * in one transaction. Groups are dealt to the parts whole, so each group's events stay in arrival
 * order in one transaction.
 */

/** What the partition asks of a feature: its declaration (the Pipeline passes its features). */
export type TouchDeclaration = Pick<PipelineFeature, 'touches'>;

/** Groups of one guild, as small integers: no key string is built per event. */
interface GuildNodes {
  /** The guild's own node: its untouched events, and all of its events once the guild is whole. */
  readonly node: number;
  readonly members: Map<string, number>;
  whole: boolean;
}

/**
 * Union-find over (guild, key) pairs, fed by the features' declarations one event at a time. One
 * per partition: `Touched` is this object itself, so declaring allocates nothing per event.
 */
class Grouping implements Touched {
  readonly #parent: number[] = [];
  readonly #guilds = new Map<string, GuildNodes>();
  #guild: GuildNodes = { node: -1, members: new Map(), whole: false };
  #first = -1;

  /** Starts the declarations of an event of `guildId`. */
  begin(guildId: string): void {
    let guild = this.#guilds.get(guildId);
    if (!guild) {
      guild = { node: this.#newNode(), members: new Map(), whole: false };
      this.#guilds.set(guildId, guild);
    }
    this.#guild = guild;
    this.#first = -1;
  }

  member(key: string): void {
    let id = this.#guild.members.get(key);
    if (id === undefined) {
      id = this.#newNode();
      this.#guild.members.set(key, id);
    }
    if (this.#first === -1) this.#first = id;
    else this.#union(this.#first, id);
  }

  wholeGuild(): void {
    this.#guild.whole = true;
  }

  /** The node of the event declared since `begin`. */
  end(): number {
    return this.#first === -1 ? this.#guild.node : this.#first;
  }

  /** Joins every key of each guild that was declared whole to the guild's own node. */
  closeWholeGuilds(): void {
    for (const guild of this.#guilds.values()) {
      if (!guild.whole) continue;
      for (const id of guild.members.values()) this.#union(guild.node, id);
    }
  }

  get size(): number {
    return this.#parent.length;
  }

  find(id: number): number {
    const parent = this.#parent;
    let root = id;
    while (parent[root] !== root) root = parent[root] as number;
    // Path compression keeps the chains of busy members short.
    for (let node = id; node !== root; ) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  }

  #union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.#parent[rb] = ra;
  }

  #newNode(): number {
    const id = this.#parent.length;
    this.#parent.push(id);
    return id;
  }
}

/**
 * Up to `count` parts of `items` (in arrival order within each part), balanced by number of events,
 * or a single part when the batch cannot be split. Deterministic for a given batch.
 */
export function partitionByTouches<T>(
  items: readonly T[],
  eventOf: (item: T) => DomainEvent,
  features: readonly TouchDeclaration[],
  count: number,
): T[][] {
  if (count <= 1 || items.length < 2) return [items.slice()];
  const grouping = new Grouping();
  const groupOf = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const event = eventOf(items[i] as T);
    grouping.begin(event.guildId);
    for (let f = 0; f < features.length; f++) (features[f] as TouchDeclaration).touches(event, grouping);
    groupOf[i] = grouping.end();
  }
  grouping.closeWholeGuilds();
  const sizes = new Int32Array(grouping.size);
  const roots: number[] = [];
  for (let i = 0; i < groupOf.length; i++) {
    const root = grouping.find(groupOf[i] as number);
    groupOf[i] = root;
    if (sizes[root] === 0) roots.push(root);
    sizes[root] = (sizes[root] as number) + 1;
  }
  if (roots.length < 2) return [items.slice()];
  // Largest groups first, each to the lightest part: close to even for heavy-tailed activity.
  roots.sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
  const loads = new Array<number>(Math.min(count, roots.length)).fill(0);
  const partOf = new Int32Array(sizes.length);
  for (const root of roots) {
    let lightest = 0;
    for (let i = 1; i < loads.length; i++)
      if ((loads[i] as number) < (loads[lightest] as number)) lightest = i;
    loads[lightest] = (loads[lightest] as number) + (sizes[root] as number);
    partOf[root] = lightest;
  }
  const parts: T[][] = loads.map(() => []);
  for (let i = 0; i < items.length; i++) parts[partOf[groupOf[i] as number] as number]?.push(items[i] as T);
  return parts;
}

/**
 * What `features` declare for one event, in the order declared and without repeats: 'guild' when one
 * of them touches the whole guild. For tests and for reading declarations, not for the hot path.
 */
export function touchesOf(
  features: readonly TouchDeclaration[],
  event: DomainEvent,
): readonly string[] | 'guild' {
  const keys = new Set<string>();
  let whole = false;
  const touched: Touched = {
    member: (key) => {
      keys.add(key);
    },
    wholeGuild: () => {
      whole = true;
    },
  };
  for (const feature of features) feature.touches(event, touched);
  return whole ? 'guild' : [...keys];
}
