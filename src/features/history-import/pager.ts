import { setTimeout as sleep } from 'node:timers/promises';
import { parseResponse, type REST, RequestMethod } from '@discordjs/rest';
import { type APIMessage, Routes } from 'discord-api-types/v10';
import { PAGE_SIZE } from './domain.ts';
import { type GlobalBudget, pacerFor, type RequestPacer } from './pacer.ts';

/** @discordjs/rest's default margin over Discord's reset times, for the trip to Discord. */
const DEFAULT_OFFSET_MS = 50;

/**
 * The REST client's own global budget, as it keeps it (public fields of @discordjs/rest's REST): a
 * window of `globalRequestsPerSecond` requests that starts with the first request after the last
 * one ended.
 */
export function restGlobalBudget(rest: REST): GlobalBudget {
  return {
    available(now) {
      const windowOver = !rest.globalReset || rest.globalReset < now;
      return windowOver ? rest.options.globalRequestsPerSecond : rest.globalRemaining;
    },
    refillAt: () => rest.globalReset + 1,
  };
}

/**
 * Reads one channel's pages through the REST client, asking the client's pacer for a slot of the
 * global budget only once the channel's own bucket has room (known from the last response's
 * headers), so the slot is used at once rather than spent waiting in @discordjs/rest's bucket queue.
 */
export class ChannelPager {
  readonly #rest: REST;
  readonly #pacer: RequestPacer;
  readonly #channelId: string;
  readonly #offsetMs: number;
  #readyAt = 0;

  constructor(rest: REST, channelId: string) {
    this.#rest = rest;
    this.#channelId = channelId;
    const offset = rest.options.offset;
    this.#offsetMs = typeof offset === 'number' ? offset : DEFAULT_OFFSET_MS;
    // Discord's window measured with the client's margin, for the trip: 50 per 1.05 s.
    const perSecond = (rest.options.globalRequestsPerSecond * 1000) / (1000 + this.#offsetMs);
    this.#pacer = pacerFor(rest, () => ({ budget: restGlobalBudget(rest), perSecond, burst: 2 }));
  }

  /** The page after `after` (Discord answers newest first); `priority` ranks this reader's claim. */
  async page(after: bigint, priority: () => number, signal: AbortSignal): Promise<APIMessage[]> {
    const wait = this.#readyAt - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
    await this.#pacer.acquire(priority, signal);
    const response = await this.#rest.queueRequest({
      fullRoute: Routes.channelMessages(this.#channelId),
      method: RequestMethod.Get,
      query: new URLSearchParams({ after: after.toString(), limit: String(PAGE_SIZE) }),
      signal,
    });
    const resetAfter = Number.parseFloat(response.headers.get('x-ratelimit-reset-after') ?? '');
    this.#readyAt =
      response.headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(resetAfter)
        ? performance.now() + resetAfter * 1000 + this.#offsetMs
        : 0;
    return (await parseResponse(response)) as APIMessage[];
  }
}
