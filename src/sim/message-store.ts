import { compareSnowflakes } from './snowflake.ts';
import type { SimMessage } from './types.ts';

export interface HistoryQuery {
  limit: number;
  before?: string;
  after?: string;
  around?: string;
}

/** First index whose id is >= id. */
function lowerBound(list: readonly SimMessage[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = list[mid] as SimMessage;
    if (compareSnowflakes(m.id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose id is > id. */
function upperBound(list: readonly SimMessage[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = list[mid] as SimMessage;
    if (compareSnowflakes(m.id, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Messages per channel in arrays sorted by snowflake. Live messages append at the end (O(1)); history
 * pages are two binary searches and a slice, so paging 250k messages costs microseconds per page.
 */
export class MessageStore {
  readonly #byChannel = new Map<string, SimMessage[]>();
  #total = 0;

  get total(): number {
    return this.#total;
  }

  channelIds(): IterableIterator<string> {
    return this.#byChannel.keys();
  }

  count(channelId: string): number {
    return this.#byChannel.get(channelId)?.length ?? 0;
  }

  /** All messages of a channel, oldest first; callers must not mutate the array. */
  list(channelId: string): readonly SimMessage[] {
    return this.#byChannel.get(channelId) ?? [];
  }

  last(channelId: string): SimMessage | undefined {
    const list = this.#byChannel.get(channelId);
    return list?.[list.length - 1];
  }

  insert(message: SimMessage): void {
    let list = this.#byChannel.get(message.channelId);
    if (!list) {
      list = [];
      this.#byChannel.set(message.channelId, list);
    }
    const last = list[list.length - 1];
    if (!last || compareSnowflakes(last.id, message.id) < 0) list.push(message);
    else list.splice(lowerBound(list, message.id), 0, message);
    this.#total += 1;
  }

  /** Bulk load for the generator: append everything, then sort each touched channel once. */
  insertMany(messages: Iterable<SimMessage>): void {
    const touched = new Set<SimMessage[]>();
    for (const message of messages) {
      let list = this.#byChannel.get(message.channelId);
      if (!list) {
        list = [];
        this.#byChannel.set(message.channelId, list);
      }
      list.push(message);
      touched.add(list);
      this.#total += 1;
    }
    for (const list of touched) list.sort((a, b) => compareSnowflakes(a.id, b.id));
  }

  get(channelId: string, messageId: string): SimMessage | undefined {
    const list = this.#byChannel.get(channelId);
    if (!list) return undefined;
    const i = lowerBound(list, messageId);
    const m = list[i];
    return m && m.id === messageId ? m : undefined;
  }

  remove(channelId: string, messageId: string): SimMessage | undefined {
    const list = this.#byChannel.get(channelId);
    if (!list) return undefined;
    const i = lowerBound(list, messageId);
    const m = list[i];
    if (!m || m.id !== messageId) return undefined;
    list.splice(i, 1);
    this.#total -= 1;
    return m;
  }

  dropChannel(channelId: string): void {
    this.#total -= this.count(channelId);
    this.#byChannel.delete(channelId);
  }

  /**
   * Discord's history semantics: newest first in every mode. `before`/`after` are exclusive;
   * `after` returns the `limit` messages right after the anchor; `around` returns up to
   * limit - floor(limit/2) messages at or before the anchor and floor(limit/2) after it.
   */
  history(channelId: string, query: HistoryQuery): SimMessage[] {
    const list = this.#byChannel.get(channelId);
    if (!list || list.length === 0) return [];
    const { limit } = query;
    let start: number;
    let end: number;
    if (query.around !== undefined) {
      const pivot = upperBound(list, query.around);
      const afterCount = Math.floor(limit / 2);
      start = Math.max(0, pivot - (limit - afterCount));
      end = Math.min(list.length, pivot + afterCount);
    } else if (query.before !== undefined) {
      end = lowerBound(list, query.before);
      start = Math.max(0, end - limit);
    } else if (query.after !== undefined) {
      start = upperBound(list, query.after);
      end = Math.min(list.length, start + limit);
    } else {
      end = list.length;
      start = Math.max(0, end - limit);
    }
    return list.slice(start, end).reverse();
  }
}
