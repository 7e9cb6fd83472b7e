/**
 * Live counts over Server-Sent Events, with polling when the stream fails. The stream writes each
 * event into the query cache, so pages read one query whichever road the data took, and the query
 * polls only while the stream is down.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, type StatsRange } from './endpoints.ts';
import { queryKeys } from './queries.ts';
import type { GuildViewers, StageCount, Stats } from './types.ts';

/**
 * `connecting` until the first event, `live` while events arrive, `polling` after a failure (the
 * caller's query polls, and the stream is tried again after a while).
 */
export type StreamMode = 'connecting' | 'live' | 'polling';

/** The pace of the polling fallback. */
export const LIVE_POLL_MS = 5_000;
/**
 * How long after a failure the stream is tried again: a restart or a proxy's timeout should not
 * leave a dashboard open for hours on polling, and a refused stream (401) should not be hammered.
 */
const RECONNECT_MS = 30_000;

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/**
 * Follows `url`'s events; `handlers` gets each named event's parsed data. EventSource sends the
 * session cookie on same-origin requests. On an error the stream is closed rather than left to
 * EventSource's quick retries: the caller polls (a poll's 401 leads to sign-in as usual) and the
 * stream is opened again after RECONNECT_MS.
 */
export function useEventStream(url: string | null, handlers: Record<string, (data: unknown) => void>) {
  const [mode, setMode] = useState<StreamMode>('connecting');
  // Callers pass new functions each render; the connection must not restart for that.
  const current = useRef(handlers);
  current.current = handlers;
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (!url) return;
    if (typeof EventSource === 'undefined') {
      setMode('polling');
      return;
    }
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      source = new EventSource(url);
      for (const name of names.split(',')) {
        source.addEventListener(name, (event) => {
          const data = parse((event as MessageEvent).data);
          if (data === undefined) return;
          setMode('live');
          current.current[name]?.(data);
        });
      }
      source.addEventListener('error', () => {
        source?.close();
        setMode('polling');
        retry = setTimeout(open, RECONNECT_MS);
      });
    };
    setMode('connecting');
    open();
    return () => {
      source?.close();
      if (retry) clearTimeout(retry);
    };
  }, [url, names]);

  return mode;
}

function isGuildViewers(data: unknown): data is GuildViewers {
  return typeof data === 'object' && data !== null && 'total_viewers' in data && 'stages' in data;
}

function isStageCount(data: unknown): data is StageCount {
  return typeof data === 'object' && data !== null && 'viewer_count' in data && 'stage_id' in data;
}

/** The guild's viewers now, live: from `GET /guilds/{id}/live`, else polled every 5 s. */
export function useGuildViewers(guildId: string) {
  const client = useQueryClient();
  const key = queryKeys.guildViewers(guildId);
  const mode = useEventStream(api.guildStreamUrl(guildId), {
    counts: (data) => {
      if (isGuildViewers(data)) client.setQueryData(key, data);
    },
  });
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.guildViewers(guildId, signal),
    enabled: mode === 'polling',
    refetchInterval: mode === 'polling' ? LIVE_POLL_MS : false,
  });
  return { query, mode };
}

function isStats(data: unknown): data is Stats {
  return typeof data === 'object' && data !== null && 'totals' in data && 'byDay' in data;
}

/** At most this often a statistics event refreshes the overview's quests. */
const QUESTS_REFRESH_MS = 5_000;

/** What the overview shows: the 30 UTC days ending today (the server says which in `from`/`to`). */
const OVERVIEW_RANGE: StatsRange = { limit: 10 };

/**
 * The guild's message statistics, live: from `GET /guilds/{id}/stats/live` (a new value within about
 * a second of new messages), else polled every 5 s. Each event also refreshes the guild's quests
 * (`useGuildQuests`), at most every 5 s.
 */
export function useGuildStats(guildId: string) {
  const client = useQueryClient();
  const key = queryKeys.stats(guildId);
  const questsRefreshedAt = useRef(0);
  const mode = useEventStream(api.statsStreamUrl(guildId, OVERVIEW_RANGE), {
    stats: (data) => {
      if (!isStats(data)) return;
      client.setQueryData(key, data);
      // New activity moves quest progress too; a busy guild refreshes its quests every few seconds.
      if (Date.now() - questsRefreshedAt.current < QUESTS_REFRESH_MS) return;
      questsRefreshedAt.current = Date.now();
      void client.invalidateQueries({ queryKey: queryKeys.guildQuests(guildId) });
    },
  });
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.stats(guildId, OVERVIEW_RANGE, signal),
    enabled: mode === 'polling',
    refetchInterval: mode === 'polling' ? LIVE_POLL_MS : false,
  });
  return { query, mode };
}

/**
 * A stage's live count: from its stream, else polled every 5 s. `deleted` turns true when the
 * stream says the stage went (deleted by another admin, or by this one elsewhere).
 */
export function useStageCount(guildId: string, stageId: string) {
  const client = useQueryClient();
  const key = queryKeys.stage(guildId, stageId, 'count');
  const [deleted, setDeleted] = useState(false);
  const mode = useEventStream(deleted ? null : api.stageStreamUrl(stageId), {
    count: (data) => {
      if (isStageCount(data)) client.setQueryData(key, data);
    },
    deleted: () => setDeleted(true),
  });
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.stageCount(stageId, signal),
    enabled: mode === 'polling' && !deleted,
    refetchInterval: mode === 'polling' ? LIVE_POLL_MS : false,
  });
  return { query, mode, deleted };
}
