/**
 * Who wrote recent messages, so a MESSAGE_DELETE (which carries only ids) can be attributed: a few
 * strings per message instead of discord.js Message objects.
 *
 * Two generations of maps rather than one map trimmed from its oldest key: V8 leaves a deleted
 * entry as a hole that `keys().next()` walks over until the map is rehashed, so trimming one map
 * one key at a time cost more than everything else the gateway path did (a CPU profile of
 * bench:gateway). Between `max / 2` and `max` messages are remembered.
 */
export class RecentAuthors {
  readonly #generation: number;
  #current = new Map<string, string>();
  #previous = new Map<string, string>();
  constructor(max = 50_000) {
    this.#generation = Math.max(1, Math.floor(max / 2));
  }
  remember(messageId: string, authorId: string): void {
    this.#current.set(messageId, authorId);
    if (this.#current.size >= this.#generation) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
  }
  authorOf(messageId: string): string | null {
    return this.#current.get(messageId) ?? this.#previous.get(messageId) ?? null;
  }
  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}
