import { useEffect, useRef, useState } from 'react';
import type { HistoryTask } from '../../api/types.ts';

/**
 * How the live panel hears about its task: `connecting` until the stream's first event, `live`
 * while the stream delivers, `polling` once it failed (the caller polls instead), `closed` when
 * there is nothing to follow (the task has ended, or `url` is null).
 */
export type StreamMode = 'connecting' | 'live' | 'polling' | 'closed';

function parseTask(data: unknown): HistoryTask | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const task: unknown = JSON.parse(data);
    return typeof task === 'object' && task !== null && 'id' in task && 'status' in task
      ? (task as HistoryTask)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Follows a task's Server-Sent Events stream (`progress` with the task, `end` when it is done).
 * EventSource sends the session cookie on same-origin requests, so it needs no token. Any error
 * before `end` (a 401 or 403, a proxy cutting the connection, a server restart) closes the stream
 * for good rather than letting EventSource retry every few seconds: the caller then polls the task,
 * and a poll's 401 takes the user to sign-in like any other request.
 */
export function useTaskStream(
  url: string | null,
  onTask: (task: HistoryTask) => void,
  onEnd: () => void,
): StreamMode {
  const [mode, setMode] = useState<StreamMode>(url ? 'connecting' : 'closed');
  // Callers pass new functions each render; the connection must not restart for that.
  const handlers = useRef({ onTask, onEnd });
  handlers.current = { onTask, onEnd };

  useEffect(() => {
    if (!url) {
      setMode('closed');
      return;
    }
    if (typeof EventSource === 'undefined') {
      setMode('polling');
      return;
    }
    setMode('connecting');
    const source = new EventSource(url);
    source.addEventListener('progress', (event) => {
      const task = parseTask(event.data);
      if (!task) return;
      setMode('live');
      handlers.current.onTask(task);
    });
    source.addEventListener('end', () => {
      // The server closes the connection after `end`; closing first stops EventSource reconnecting.
      source.close();
      setMode('closed');
      handlers.current.onEnd();
    });
    source.addEventListener('error', () => {
      source.close();
      setMode('polling');
    });
    return () => source.close();
  }, [url]);

  return mode;
}
