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
 * hooks set so far (CORS, helmet) are carried over by hand.
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
  res.write(`retry: ${retryMs}\n\n`);
  const listeners: (() => void)[] = [];
  let closed = false;
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
