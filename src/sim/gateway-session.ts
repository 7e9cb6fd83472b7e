import type { WebSocket } from 'ws';
import type { SimBot } from './types.ts';

interface BufferedDispatch {
  s: number;
  t: string;
  d: string;
}

export interface SessionInfo {
  sessionId: string;
  botUserId: string;
  shard: [number, number];
  intents: number;
  connected: boolean;
  seq: number;
  identifiedAt: number;
  resumes: number;
}

function encode(t: string, s: number, d: string): string {
  return `{"op":0,"t":${JSON.stringify(t)},"s":${s},"d":${d}}`;
}

/**
 * A gateway session outlives its socket: while disconnected it keeps sequencing and buffering
 * dispatches so that a RESUME can replay exactly what the client missed.
 */
export class GatewaySession {
  readonly id: string;
  readonly bot: SimBot;
  readonly shardId: number;
  readonly shardCount: number;
  readonly intents: number;
  readonly largeThreshold: number;
  readonly identifiedAt = Date.now();
  socket: WebSocket | null = null;
  seq = 0;
  resumes = 0;
  invalidated = false;
  expiryTimer: NodeJS.Timeout | null = null;
  readonly #buffer: BufferedDispatch[] = [];
  readonly #bufferSize: number;

  constructor(options: {
    id: string;
    bot: SimBot;
    shard: [number, number];
    intents: number;
    largeThreshold: number;
    bufferSize: number;
  }) {
    this.id = options.id;
    this.bot = options.bot;
    this.shardId = options.shard[0];
    this.shardCount = options.shard[1];
    this.intents = options.intents;
    this.largeThreshold = options.largeThreshold;
    this.#bufferSize = options.bufferSize;
  }

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === 1;
  }

  /** Sequences, buffers and (when connected) sends one dispatch whose `d` is already JSON. */
  push(t: string, d: string): number {
    this.seq += 1;
    this.#buffer.push({ s: this.seq, t, d });
    if (this.#buffer.length > this.#bufferSize * 1.25) {
      this.#buffer.splice(0, this.#buffer.length - this.#bufferSize);
    }
    if (this.connected) this.socket?.send(encode(t, this.seq, d));
    return this.seq;
  }

  /** Whether a client that last saw `seq` can be brought up to date from the buffer. */
  canReplayFrom(seq: number): boolean {
    if (seq > this.seq) return false;
    const oldest = this.#buffer[0];
    return oldest === undefined ? seq === this.seq : seq >= oldest.s - 1;
  }

  replay(seq: number): number {
    let sent = 0;
    for (const entry of this.#buffer) {
      if (entry.s <= seq) continue;
      this.socket?.send(encode(entry.t, entry.s, entry.d));
      sent += 1;
    }
    return sent;
  }

  /**
   * Sends the last `count` dispatches again under new sequence numbers, as Discord may after a
   * resume; READY and RESUMED are never repeated because clients treat them as state resets.
   */
  redeliver(count: number): number {
    const picked: BufferedDispatch[] = [];
    for (let i = this.#buffer.length - 1; i >= 0 && picked.length < count; i--) {
      const entry = this.#buffer[i] as BufferedDispatch;
      if (entry.t === 'READY' || entry.t === 'RESUMED') continue;
      picked.unshift(entry);
    }
    for (const entry of picked) this.push(entry.t, entry.d);
    return picked.length;
  }

  info(): SessionInfo {
    return {
      sessionId: this.id,
      botUserId: this.bot.userId,
      shard: [this.shardId, this.shardCount],
      intents: this.intents,
      connected: this.connected,
      seq: this.seq,
      identifiedAt: this.identifiedAt,
      resumes: this.resumes,
    };
  }
}
