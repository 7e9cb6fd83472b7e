/**
 * Who wrote recent messages, so a MESSAGE_DELETE (which carries only ids) can be attributed.
 * A plain LRU of id -> author id: a few strings per message instead of discord.js Message objects.
 */
export class RecentAuthors {
  readonly #max: number;
  readonly #authors = new Map<string, string>();
  constructor(max = 50_000) {
    this.#max = max;
  }
  remember(messageId: string, authorId: string): void {
    this.#authors.set(messageId, authorId);
    if (this.#authors.size > this.#max) {
      const oldest = this.#authors.keys().next().value;
      if (oldest !== undefined) this.#authors.delete(oldest);
    }
  }
  authorOf(messageId: string): string | null {
    return this.#authors.get(messageId) ?? null;
  }
  get size(): number {
    return this.#authors.size;
  }
}
