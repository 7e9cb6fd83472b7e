import type { ScoredMember } from './port.ts';

/**
 * Orders members as Redis does for equal scores: by their UTF-8 bytes, which is Unicode code point
 * order. JavaScript's `<` compares UTF-16 code units instead, which disagrees once a surrogate pair
 * (U+10000 and above) meets a character in U+E000..U+FFFF, so those units are remapped.
 */
export function compareMembers(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function compareEntry(score: number, member: string, item: ScoredMember): number {
  if (score !== item.score) return score < item.score ? -1 : 1;
  return compareMembers(member, item.member);
}

/** First index in `items` for which `before(item)` is false (`before` must hold for a prefix). */
function partition<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const last = <T>(items: readonly T[]): T => items[items.length - 1] as T;

/** A chunk splits in two above this size; it bounds the memmove of one insert or removal. */
const MAX_CHUNK = 256;

/**
 * The in-memory sorted set: a map member -> score, and the entries ordered by (score, member) in
 * a list of sorted chunks of at most MAX_CHUNK (B) entries, with a Fenwick tree of chunk sizes for
 * ranks. With one sorted array, an update at 100k members measured ~300 us (V8's `splice` of a
 * large array of objects is far from a memmove); with chunks of <= 256 it is ~5 us and a rank ~1.5 us.
 *
 * Complexity (n members, m returned or removed, B = MAX_CHUNK, a constant):
 * - score, size: O(1)
 * - rank, count by score, locate by rank: O(log n)
 * - add, update, remove one member: O(log n + B); a chunk split rebuilds the Fenwick tree in O(n / B)
 * - range by rank or score: O(log n + m); remove a score range: O(log n + m + n / B)
 */
export class SortedSet {
  readonly #scores = new Map<string, number>();
  #chunks: ScoredMember[][] = [];
  /** Fenwick tree (1-based) over chunk lengths. */
  #tree: number[] = [0];

  get size(): number {
    return this.#scores.size;
  }

  score(member: string): number | undefined {
    return this.#scores.get(member);
  }

  /** Returns true when the member is new. */
  set(member: string, score: number): boolean {
    const old = this.#scores.get(member);
    if (old !== undefined) {
      // Redis leaves a member alone when the new score compares equal (0 and -0 included).
      if (old === score) return false;
      this.#remove(old, member);
    }
    this.#scores.set(member, score);
    this.#insert({ member, score });
    return old === undefined;
  }

  /** Returns true when the member existed. */
  delete(member: string): boolean {
    const old = this.#scores.get(member);
    if (old === undefined) return false;
    this.#scores.delete(member);
    this.#remove(old, member);
    return true;
  }

  /** Ascending 0-based rank, or null when absent. */
  rank(member: string): number | null {
    const score = this.#scores.get(member);
    if (score === undefined) return null;
    const chunk = this.#chunkOf(score, member);
    const items = this.#chunks[chunk] as ScoredMember[];
    return this.#before(chunk) + partition(items, (item) => compareEntry(score, member, item) > 0);
  }

  /** Entries at ascending ranks [start, end). */
  slice(start: number, end: number): ScoredMember[] {
    const result: ScoredMember[] = [];
    let wanted = Math.min(end, this.size) - start;
    if (wanted <= 0) return result;
    let [chunk, offset] = this.#locate(start);
    while (wanted > 0) {
      const items = this.#chunks[chunk] as ScoredMember[];
      const take = Math.min(items.length - offset, wanted);
      for (let i = offset; i < offset + take; i++) result.push(items[i] as ScoredMember);
      wanted -= take;
      chunk++;
      offset = 0;
    }
    return result;
  }

  /** Rank of the first entry whose score is >= min (size when none). */
  lowerBound(min: number): number {
    return this.#rankWhere((item) => item.score < min);
  }

  /** Rank of the first entry whose score is > max (size when none). */
  upperBound(max: number): number {
    return this.#rankWhere((item) => item.score <= max);
  }

  /** Removes ascending ranks [start, end) and returns how many were removed. */
  deleteRange(start: number, end: number): number {
    const count = Math.min(end, this.size) - start;
    if (count <= 0) return 0;
    let [chunk, offset] = this.#locate(start);
    let remaining = count;
    while (remaining > 0) {
      const items = this.#chunks[chunk] as ScoredMember[];
      const removed = items.splice(offset, Math.min(items.length - offset, remaining));
      for (const item of removed) this.#scores.delete(item.member);
      remaining -= removed.length;
      if (items.length === 0) this.#chunks.splice(chunk, 1);
      else chunk++;
      offset = 0;
    }
    this.#compactIfSparse();
    this.#rebuildTree();
    return count;
  }

  #insert(entry: ScoredMember): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([entry]);
      this.#rebuildTree();
      return;
    }
    const chunk = Math.min(this.#chunkOf(entry.score, entry.member), this.#chunks.length - 1);
    const items = this.#chunks[chunk] as ScoredMember[];
    items.splice(
      partition(items, (item) => compareEntry(entry.score, entry.member, item) > 0),
      0,
      entry,
    );
    if (items.length > MAX_CHUNK) {
      this.#chunks.splice(chunk + 1, 0, items.splice(items.length >>> 1));
      this.#rebuildTree();
    } else {
      this.#add(chunk, 1);
    }
  }

  /** Removes an entry known to be present. */
  #remove(score: number, member: string): void {
    const chunk = this.#chunkOf(score, member);
    const items = this.#chunks[chunk] as ScoredMember[];
    items.splice(
      partition(items, (item) => compareEntry(score, member, item) > 0),
      1,
    );
    if (items.length === 0) {
      this.#chunks.splice(chunk, 1);
      this.#compactIfSparse();
      this.#rebuildTree();
    } else {
      this.#add(chunk, -1);
    }
  }

  /** Index of the first chunk whose last entry is >= (score, member); chunk count when none. */
  #chunkOf(score: number, member: string): number {
    return partition(this.#chunks, (items) => compareEntry(score, member, last(items)) > 0);
  }

  /** Rank of the first entry for which `before` is false, `before` holding for a prefix. */
  #rankWhere(before: (item: ScoredMember) => boolean): number {
    const chunk = partition(this.#chunks, (items) => before(last(items)));
    if (chunk === this.#chunks.length) return this.size;
    return this.#before(chunk) + partition(this.#chunks[chunk] as ScoredMember[], before);
  }

  /** Deletions can leave many small chunks; regroup once they average under a quarter full. */
  #compactIfSparse(): void {
    if (this.#chunks.length < 4 || this.#chunks.length * (MAX_CHUNK / 4) <= this.size) return;
    const all = this.#chunks.flat();
    this.#chunks = [];
    for (let i = 0; i < all.length; i += MAX_CHUNK / 2) this.#chunks.push(all.slice(i, i + MAX_CHUNK / 2));
  }

  #rebuildTree(): void {
    const n = this.#chunks.length;
    const tree = new Array<number>(n + 1).fill(0);
    for (let i = 1; i <= n; i++) {
      tree[i] = (tree[i] ?? 0) + (this.#chunks[i - 1] as ScoredMember[]).length;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent] = (tree[parent] ?? 0) + (tree[i] ?? 0);
    }
    this.#tree = tree;
  }

  #add(chunk: number, delta: number): void {
    for (let i = chunk + 1; i < this.#tree.length; i += i & -i) this.#tree[i] = (this.#tree[i] ?? 0) + delta;
  }

  /** Entries in the chunks before `chunk`. */
  #before(chunk: number): number {
    let sum = 0;
    for (let i = chunk; i > 0; i -= i & -i) sum += this.#tree[i] ?? 0;
    return sum;
  }

  /** The chunk and offset holding ascending rank `rank` (< size). */
  #locate(rank: number): [chunk: number, offset: number] {
    const n = this.#chunks.length;
    let chunk = 0;
    let remaining = rank;
    for (let step = 2 ** Math.floor(Math.log2(n)); step > 0; step >>>= 1) {
      const next = chunk + step;
      const size = this.#tree[next] ?? 0;
      if (next <= n && size <= remaining) {
        chunk = next;
        remaining -= size;
      }
    }
    return [chunk, remaining];
  }
}
