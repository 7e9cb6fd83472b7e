import pg from 'pg';
import type { Unlisten } from './port.ts';

interface Subscriber {
  onMessage(payload: string): void;
  onGap: (() => void) | undefined;
}

export interface PgListenerOptions {
  url: string;
  applicationName: string;
  onError?: (error: Error) => void;
  /** First wait before reconnecting after the connection is lost; doubled up to 30 s. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;

/**
 * LISTEN needs a session of its own: a pooled connection is handed to other queries and its
 * subscriptions would follow it. One client per process serves every channel. When it is lost, it
 * reconnects with backoff, subscribes again and tells each subscriber (`onGap`) that notifications
 * may have been missed in between, so that they re-read instead of waiting for the next change.
 */
export function createPgListener(options: PgListenerOptions) {
  const channels = new Map<string, Set<Subscriber>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = options.retryMs ?? 1_000;

  const quote = (channel: string) => `"${channel.replaceAll('"', '""')}"`;

  function dispatch(message: pg.Notification): void {
    for (const sub of channels.get(message.channel) ?? []) sub.onMessage(message.payload ?? '');
  }

  function scheduleReconnect(): void {
    if (closed || channels.size === 0 || retry || client || connecting) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          retryMs = options.retryMs ?? 1_000;
          for (const subs of channels.values()) for (const sub of subs) sub.onGap?.();
        },
        (error: unknown) => {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          scheduleReconnect();
        },
      );
    }, retryMs);
    retry.unref();
  }

  function lost(from: pg.Client, error?: Error): void {
    if (error) options.onError?.(error);
    if (client !== from) return;
    client = undefined;
    from.removeAllListeners('notification');
    void from.end().catch(() => {});
    scheduleReconnect();
  }

  function connect(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({
        connectionString: options.url,
        application_name: `${options.applicationName}-listen`,
        keepAlive: true,
      });
      next.on('error', (error) => lost(next, error));
      next.on('end', () => lost(next));
      next.on('notification', dispatch);
      try {
        await next.connect();
        for (const channel of channels.keys()) await next.query(`LISTEN ${quote(channel)}`);
      } catch (error) {
        next.removeAllListeners();
        next.on('error', () => {});
        await next.end().catch(() => {});
        throw error;
      }
      if (closed) {
        await next.end().catch(() => {});
        throw new Error('listener closed');
      }
      client = next;
      return next;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    async listen(
      channel: string,
      onMessage: (payload: string) => void,
      onGap?: () => void,
    ): Promise<Unlisten> {
      if (closed) throw new Error('database is closed');
      const sub: Subscriber = { onMessage, onGap };
      let subs = channels.get(channel);
      const first = !subs;
      if (!subs) {
        subs = new Set();
        channels.set(channel, subs);
      }
      subs.add(sub);
      const wasConnected = client !== undefined;
      try {
        const live = await connect();
        // A fresh connection already listened to every channel known when it connected.
        if (first && wasConnected) await live.query(`LISTEN ${quote(channel)}`);
      } catch (error) {
        // The database is away: the subscription stays, and the reconnection's `onGap` tells it.
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        scheduleReconnect();
      }
      return async () => {
        const current = channels.get(channel);
        if (!current?.delete(sub) || current.size > 0) return;
        channels.delete(channel);
        await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => {});
      };
    },
    async close(): Promise<void> {
      closed = true;
      if (retry) clearTimeout(retry);
      channels.clear();
      const current = client ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => {});
      }
    },
  };
}
