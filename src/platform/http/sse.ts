import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  send(event: string, data: object): void;
  /** Ends the stream (idempotent). */
  end(): void;
  readonly closed: boolean;
  onClose(listener: () => void): void;
}

/**
 * Turns a reply into a Server-Sent Events stream. The reply is hijacked, so the headers Fastify's
 * hooks set so far (CORS, helmet) are carried over by hand. A HEAD request gets the headers and an
 * ended, closed stream: it asks whether the stream would open, and must not wait for one.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, retryMs = 5000): EventStream {
  reply.hijack();
  const res = reply.raw;
  const carried: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) carried[name] = value;
  res.writeHead(200, {
    ...carried,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // The connection serves this stream only: closed with it, it never holds a closing server open.
    connection: 'close',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  const listeners: (() => void)[] = [];
  let closed = false;
  if (request.method === 'HEAD') {
    res.end();
    closed = true;
  } else {
    res.write(`retry: ${retryMs}\n\n`);
  }
  const close = () => {
    if (closed) return;
    closed = true;
    if (!res.writableEnded) res.end();
    for (const listener of listeners.splice(0)) listener();
  };
  res.on('close', close);
  return {
    send(event, data) {
      if (!closed && !res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end: close,
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}

/** The open streams of a plugin's routes: the server ends them all when it closes. */
export interface OpenStreams {
  /** The `end` of every open stream. */
  streams: Set<() => void>;
  onStreamsChange?: ((open: number) => void) | undefined;
}

/**
 * Answers with a Server-Sent Events stream fed by `subscribe`. Its `end` runs once, whoever
 * calls it first: the client leaving, the server closing, or the feed itself.
 */
export function openFeedStream(
  request: FastifyRequest,
  reply: FastifyReply,
  open: OpenStreams,
  subscribe: (stream: EventStream, end: () => void) => () => void,
): void {
  const stream = openEventStream(request, reply);
  if (stream.closed) return;
  let unsubscribe = () => {};
  const end = () => {
    if (!open.streams.delete(end)) return;
    unsubscribe();
    stream.end();
    open.onStreamsChange?.(open.streams.size);
  };
  open.streams.add(end);
  open.onStreamsChange?.(open.streams.size);
  unsubscribe = subscribe(stream, end);
  stream.onClose(end);
}
