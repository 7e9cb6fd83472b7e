import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { SimDispatch } from './events.ts';
import {
  GatewayClose,
  GatewayOp,
  guildCreatePayload,
  guildsOnShard,
  memberChunks,
  readyPayload,
  shardOf,
} from './gateway-payloads.ts';
import { GatewaySession, type SessionInfo } from './gateway-session.ts';
import { type GatewayFaultTarget, SessionRegistry } from './gateway-sessions.ts';

export type { GatewayFaultTarget } from './gateway-sessions.ts';

import { ALL_INTENTS } from './intents.ts';
import type { SimLogger } from './logger.ts';
import type { SimState } from './state.ts';
import type { SimBot } from './types.ts';

export interface GatewayConfig {
  heartbeatIntervalMs: number;
  /** Silence after which the server drops a connection (Discord: a missed heartbeat). */
  heartbeatTimeoutMs: number;
  /** How long a disconnected session stays resumable. */
  resumeTimeoutMs: number;
  /** Dispatches kept per session for RESUME replay. */
  replayBufferSize: number;
  /** Client payloads per window before close 4008 (Discord: 120 per 60 s). */
  sendLimit: { count: number; windowMs: number } | false;
  /** Intents the application may use; asking for others closes with 4014. */
  allowedIntents: number;
}

export interface GatewayDeps {
  state: SimState;
  config: GatewayConfig;
  logger: SimLogger;
  resumeUrl: () => string;
  onBotVoiceUpdate?: (
    bot: SimBot,
    guildId: string,
    channelId: string | null,
    selfMute: boolean,
    selfDeaf: boolean,
  ) => void;
}

interface Connection {
  ws: WebSocket;
  session: GatewaySession | null;
  lastHeartbeatAt: number;
  sent: number;
  windowStart: number;
  timer: NodeJS.Timeout;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly sessions: SessionRegistry;
  readonly #connections = new Set<Connection>();
  readonly #deps: GatewayDeps;
  #identifies = 0;
  #resumes = 0;
  #closed = false;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
    this.sessions = new SessionRegistry(deps.state, () => deps.config.resumeTimeoutMs);
  }

  get stats(): {
    connections: number;
    identifies: number;
    resumes: number;
    dispatched: number;
    sessions: SessionInfo[];
  } {
    return {
      connections: this.#connections.size,
      identifies: this.#identifies,
      resumes: this.#resumes,
      dispatched: this.sessions.dispatched,
      sessions: this.sessions.infos(),
    };
  }

  /** Takes over an HTTP upgrade when it targets the gateway path; returns false otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== '/' && !url.pathname.startsWith('/gateway')) return false;
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, url.searchParams));
    return true;
  }

  #accept(ws: WebSocket, params: URLSearchParams): void {
    const version = params.get('v');
    const encoding = params.get('encoding') ?? 'json';
    // Transport compression (compress=zlib-stream) is ignored: text frames are always JSON, which
    // @discordjs/ws parses directly even when it asked for zlib.
    if (this.#closed) {
      ws.close(1001, 'Simulator shutting down');
      return;
    }
    if (version !== null && version !== '10' && version !== '9') {
      ws.close(GatewayClose.InvalidApiVersion, 'Invalid API version');
      return;
    }
    if (encoding !== 'json') {
      ws.close(GatewayClose.DecodeError, 'Only JSON encoding is supported');
      return;
    }
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.#deps.config;
    const conn: Connection = {
      ws,
      session: null,
      lastHeartbeatAt: Date.now(),
      sent: 0,
      windowStart: Date.now(),
      timer: setInterval(() => {
        if (Date.now() - conn.lastHeartbeatAt > heartbeatTimeoutMs) {
          ws.close(GatewayClose.SessionTimedOut, 'Session timed out');
        }
      }, heartbeatIntervalMs).unref(),
    };
    this.#connections.add(conn);
    ws.on('message', (data) => this.#onMessage(conn, data));
    ws.on('close', (code) => this.#onClose(conn, code));
    ws.on('error', (error) => this.#deps.logger.debug(`gateway socket error: ${error.message}`));
    ws.send(
      JSON.stringify({
        op: GatewayOp.Hello,
        d: { heartbeat_interval: heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
  }

  #onClose(conn: Connection, code: number): void {
    clearInterval(conn.timer);
    this.#connections.delete(conn);
    const session = conn.session;
    if (!session || session.socket !== conn.ws) return;
    session.socket = null;
    // A client closing with 1000/1001 ends its session; anything else may come back and RESUME.
    if (code === 1000 || code === 1001 || session.invalidated) this.sessions.drop(session);
    else this.sessions.scheduleExpiry(session);
  }

  #onMessage(conn: Connection, raw: RawData): void {
    const limit = this.#deps.config.sendLimit;
    if (limit) {
      const now = Date.now();
      if (now - conn.windowStart >= limit.windowMs) {
        conn.windowStart = now;
        conn.sent = 0;
      }
      conn.sent += 1;
      if (conn.sent > limit.count) {
        conn.ws.close(GatewayClose.RateLimited, 'You are being rate limited.');
        return;
      }
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      conn.ws.close(GatewayClose.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      conn.ws.close(GatewayClose.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = payload.d;
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        conn.lastHeartbeatAt = Date.now();
        conn.ws.send(JSON.stringify({ op: GatewayOp.HeartbeatAck, d: null, s: null, t: null }));
        return;
      case GatewayOp.Identify:
        this.#identify(conn, d);
        return;
      case GatewayOp.Resume:
        this.#resume(conn, d);
        return;
      default:
        break;
    }
    const session = conn.session;
    if (!session) {
      conn.ws.close(GatewayClose.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (payload.op) {
      case GatewayOp.PresenceUpdate:
        return;
      case GatewayOp.VoiceStateUpdate:
        this.#voiceUpdate(session, d);
        return;
      case GatewayOp.RequestGuildMembers:
        this.#requestMembers(session, d);
        return;
      default:
        conn.ws.close(GatewayClose.UnknownOpcode, 'Unknown opcode.');
        return;
    }
  }

  #identify(conn: Connection, d: unknown): void {
    if (conn.session) {
      conn.ws.close(GatewayClose.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isRecord(d) || typeof d.token !== 'string') {
      conn.ws.close(GatewayClose.DecodeError, 'Invalid identify.');
      return;
    }
    const { state, config } = this.#deps;
    const token = d.token.replace(/^Bot\s+/i, '');
    const bot = state.botByToken(token);
    if (!bot) {
      conn.ws.close(GatewayClose.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (typeof d.intents !== 'number' || !Number.isInteger(d.intents) || (d.intents & ~ALL_INTENTS) !== 0) {
      conn.ws.close(GatewayClose.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((d.intents & ~config.allowedIntents) !== 0) {
      conn.ws.close(GatewayClose.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    let shard: [number, number] = [0, 1];
    if (d.shard !== undefined) {
      const s = d.shard;
      if (
        !Array.isArray(s) ||
        typeof s[0] !== 'number' ||
        typeof s[1] !== 'number' ||
        s[1] < 1 ||
        s[0] < 0 ||
        s[0] >= s[1]
      ) {
        conn.ws.close(GatewayClose.InvalidShard, 'Invalid shard.');
        return;
      }
      shard = [s[0], s[1]];
    }
    const largeThreshold =
      typeof d.large_threshold === 'number' ? Math.min(250, Math.max(50, d.large_threshold)) : 50;
    const session = new GatewaySession({
      id: randomBytes(16).toString('hex'),
      bot,
      shard,
      intents: d.intents,
      largeThreshold,
      bufferSize: config.replayBufferSize,
    });
    session.socket = conn.ws;
    conn.session = session;
    this.sessions.add(session);
    this.#identifies += 1;
    const guilds = guildsOnShard(state, bot, shard[0], shard[1]);
    const ready = readyPayload(state, bot, guilds, session.id, this.#deps.resumeUrl(), shard);
    session.push('READY', JSON.stringify(ready));
    this.#deps.logger.debug(`gateway: shard ${shard[0]}/${shard[1]} identified (${guilds.length} guilds)`);
    // Discord streams GUILD_CREATE lazily after READY; a macrotask keeps READY's handling first.
    setImmediate(() => {
      for (const guild of guilds) {
        if (!this.sessions.get(session.id)) return;
        const payload = guildCreatePayload(state, guild, bot, session.largeThreshold, session.intents);
        session.push('GUILD_CREATE', JSON.stringify(payload));
      }
    });
  }

  #resume(conn: Connection, d: unknown): void {
    if (!isRecord(d) || typeof d.session_id !== 'string' || typeof d.token !== 'string') {
      conn.ws.close(GatewayClose.DecodeError, 'Invalid resume.');
      return;
    }
    const session = this.sessions.get(d.session_id);
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const token = d.token.replace(/^Bot\s+/i, '');
    if (!session || session.invalidated || session.bot.token !== token || !session.canReplayFrom(seq)) {
      if (session && session.bot.token === token) this.sessions.drop(session);
      conn.ws.send(JSON.stringify({ op: GatewayOp.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    if (conn.session && conn.session !== session) {
      conn.ws.close(GatewayClose.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = null;
    const previous = session.socket;
    if (previous && previous !== conn.ws)
      previous.close(GatewayClose.UnknownError, 'Session resumed elsewhere');
    session.socket = conn.ws;
    conn.session = session;
    session.resumes += 1;
    this.#resumes += 1;
    const replayed = session.replay(seq);
    session.push('RESUMED', JSON.stringify({ _trace: ['hearth-sim'] }));
    this.#deps.logger.debug(`gateway: session ${session.id} resumed, replayed ${replayed} events`);
  }

  #voiceUpdate(session: GatewaySession, d: unknown): void {
    if (!isRecord(d) || typeof d.guild_id !== 'string') return;
    const channelId = typeof d.channel_id === 'string' ? d.channel_id : null;
    this.#deps.onBotVoiceUpdate?.(
      session.bot,
      d.guild_id,
      channelId,
      d.self_mute === true,
      d.self_deaf === true,
    );
  }

  #requestMembers(session: GatewaySession, d: unknown): void {
    if (!isRecord(d)) return;
    const guildIds = Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id];
    for (const guildId of guildIds) {
      if (typeof guildId !== 'string' || !this.#deps.state.guilds.has(guildId)) continue;
      if (shardOf(guildId, session.shardCount) !== session.shardId) continue;
      const userIds =
        typeof d.user_ids === 'string' ? [d.user_ids] : Array.isArray(d.user_ids) ? d.user_ids : null;
      const chunks = memberChunks(this.#deps.state, {
        guildId,
        query: typeof d.query === 'string' ? d.query : null,
        limit: typeof d.limit === 'number' ? d.limit : 0,
        userIds: userIds ? userIds.filter((id): id is string => typeof id === 'string') : null,
        nonce: typeof d.nonce === 'string' ? d.nonce : null,
      });
      for (const chunk of chunks) session.push('GUILD_MEMBERS_CHUNK', JSON.stringify(chunk));
    }
  }

  dispatch(event: SimDispatch): void {
    this.sessions.dispatch(event);
  }

  guildAvailable(guildId: string, botUserId: string): void {
    this.sessions.guildAvailable(guildId, botUserId);
  }

  disconnect(target: GatewayFaultTarget & { code?: number; mode?: 'close' | 'terminate' } = {}): number {
    return this.sessions.disconnect(target);
  }

  invalidateSession(target: GatewayFaultTarget & { resumable?: boolean } = {}): number {
    return this.sessions.invalidateSession(target);
  }

  requestReconnect(target: GatewayFaultTarget = {}): number {
    return this.sessions.requestReconnect(target);
  }

  redeliver(target: GatewayFaultTarget & { count?: number } = {}): number {
    return this.sessions.redeliver(target);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const conn of this.#connections) {
      clearInterval(conn.timer);
      conn.ws.terminate();
    }
    this.sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
