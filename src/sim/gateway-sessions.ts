import type { SimDispatch } from './events.ts';
import { GatewayOp, guildCreatePayload, shardOf } from './gateway-payloads.ts';
import type { GatewaySession, SessionInfo } from './gateway-session.ts';
import { allowsEvent, mustStripContent, stripMessageContent } from './intents.ts';
import type { SimState } from './state.ts';

export interface GatewayFaultTarget {
  shardId?: number;
  botUserId?: string;
}

/** Unknown error: the close code Discord uses for drops a client should resume from. */
const RESUMABLE_CLOSE = 4000;

/**
 * Every live or resumable session, and the routing of events to them by shard, intents and bot;
 * gateway faults target sessions, so they live here too.
 */
export class SessionRegistry {
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #state: SimState;
  readonly #resumeTimeoutMs: () => number;
  dispatched = 0;

  constructor(state: SimState, resumeTimeoutMs: () => number) {
    this.#state = state;
    this.#resumeTimeoutMs = resumeTimeoutMs;
  }

  add(session: GatewaySession): void {
    this.#sessions.set(session.id, session);
  }

  get(id: string): GatewaySession | undefined {
    return this.#sessions.get(id);
  }

  infos(): SessionInfo[] {
    return [...this.#sessions.values()].map((s) => s.info());
  }

  /** Keeps a disconnected session resumable for a while, then forgets it. */
  scheduleExpiry(session: GatewaySession): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = setTimeout(() => this.drop(session), this.#resumeTimeoutMs());
    session.expiryTimer.unref();
  }

  drop(session: GatewaySession): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    this.#sessions.delete(session.id);
  }

  clear(): void {
    for (const session of this.#sessions.values()) this.drop(session);
  }

  /** Routes an event to every live or resumable session whose shard, intents and bot may see it. */
  dispatch(event: SimDispatch): void {
    const inGuild = event.guildId !== null;
    let full: string | undefined;
    let stripped: string | undefined;
    for (const session of this.#sessions.values()) {
      if (session.invalidated) continue;
      if (event.applicationId !== undefined && event.applicationId !== session.bot.applicationId) continue;
      if (event.guildId !== null) {
        if (shardOf(event.guildId, session.shardCount) !== session.shardId) continue;
        // A bot removed from a guild is no longer a member but still gets its GUILD_DELETE.
        const removed =
          event.t === 'GUILD_DELETE' && (event.recipientIds?.includes(session.bot.userId) ?? false);
        if (!removed && !this.#state.member(event.guildId, session.bot.userId)) continue;
      } else {
        if (session.shardId !== 0) continue;
        if (event.recipientIds && !event.recipientIds.includes(session.bot.userId)) continue;
      }
      if (!allowsEvent(session.intents, event.t, inGuild)) continue;
      if (event.content && mustStripContent(session.intents, session.bot.userId, event.content)) {
        stripped ??= JSON.stringify(stripMessageContent(event.d));
        session.push(event.t, stripped);
      } else {
        full ??= JSON.stringify(event.d);
        session.push(event.t, full);
      }
      this.dispatched += 1;
    }
  }

  guildAvailable(guildId: string, botUserId: string): void {
    const guild = this.#state.guilds.get(guildId);
    if (!guild) return;
    for (const session of this.#sessions.values()) {
      if (session.invalidated || session.bot.userId !== botUserId) continue;
      if (shardOf(guildId, session.shardCount) !== session.shardId) continue;
      if (!allowsEvent(session.intents, 'GUILD_CREATE', true)) continue;
      const payload = guildCreatePayload(
        this.#state,
        guild,
        session.bot,
        session.largeThreshold,
        session.intents,
      );
      session.push('GUILD_CREATE', JSON.stringify(payload));
    }
  }

  #targets(target: GatewayFaultTarget): GatewaySession[] {
    return [...this.#sessions.values()].filter(
      (s) =>
        (target.shardId === undefined || s.shardId === target.shardId) &&
        (target.botUserId === undefined || s.bot.userId === target.botUserId),
    );
  }

  /**
   * Drops connections. `close` sends a close frame with `code` (4000 keeps the session resumable,
   * 1000 ends it); `terminate` cuts the TCP connection like a network failure.
   */
  disconnect(target: GatewayFaultTarget & { code?: number; mode?: 'close' | 'terminate' } = {}): number {
    let count = 0;
    for (const session of this.#targets(target)) {
      const ws = session.socket;
      if (!ws) continue;
      count += 1;
      if (target.code === 1000) session.invalidated = true;
      if (target.mode === 'terminate') ws.terminate();
      else ws.close(target.code ?? RESUMABLE_CLOSE, 'Simulated disconnect');
    }
    return count;
  }

  /** Sends op 9; a non-resumable one also forgets the session so a later RESUME fails too. */
  invalidateSession(target: GatewayFaultTarget & { resumable?: boolean } = {}): number {
    let count = 0;
    for (const session of this.#targets(target)) {
      const resumable = target.resumable === true;
      if (!resumable) {
        session.invalidated = true;
        this.drop(session);
      }
      session.socket?.send(JSON.stringify({ op: GatewayOp.InvalidSession, d: resumable, s: null, t: null }));
      count += 1;
    }
    return count;
  }

  /** Sends op 7 RECONNECT: the client closes and resumes. */
  requestReconnect(target: GatewayFaultTarget = {}): number {
    let count = 0;
    for (const session of this.#targets(target)) {
      session.socket?.send(JSON.stringify({ op: GatewayOp.Reconnect, d: null, s: null, t: null }));
      count += 1;
    }
    return count;
  }

  redeliver(target: GatewayFaultTarget & { count?: number } = {}): number {
    let count = 0;
    for (const session of this.#targets(target)) count += session.redeliver(target.count ?? 1);
    return count;
  }
}
