import type { SimActions } from './actions.ts';
import type { GeneratedCommunity } from './generator.ts';
import { REACTION_EMOJI, TextSource } from './generator-text.ts';
import { mulberry32, type Rng, ZipfSampler } from './prng.ts';
import type { SimState } from './state.ts';

export interface TrafficOptions {
  /** Events per second across the mix (default 5). */
  eventsPerSecond?: number;
  /** Relative weights of event kinds (default 80% messages, 15% reactions, 5% voice). */
  mix?: { message?: number; reaction?: number; voice?: number };
  seed?: number;
  /** Stop after this many events. */
  maxEvents?: number;
}

export interface TrafficStats {
  running: boolean;
  eventsPerSecond: number;
  emitted: { message: number; reaction: number; voice: number };
}

const TICK_MS = 50;

/**
 * Live traffic through the same actions (and so the same dispatch path) as everything else:
 * Zipf-chosen members post, react and hop in and out of voice at a chosen rate.
 */
export class TrafficGenerator {
  readonly #state: SimState;
  readonly #actions: SimActions;
  readonly #communities: GeneratedCommunity[] = [];
  readonly #samplers = new Map<GeneratedCommunity, ZipfSampler>();
  #timer: NodeJS.Timeout | null = null;
  #rate = 0;
  #carry = 0;
  #emitted = { message: 0, reaction: 0, voice: 0 };
  #rng: Rng = mulberry32(7);
  #text = new TextSource(this.#rng);
  #weights = { message: 0.8, reaction: 0.15, voice: 0.05 };
  #maxEvents = Number.POSITIVE_INFINITY;

  constructor(state: SimState, actions: SimActions) {
    this.#state = state;
    this.#actions = actions;
  }

  /** Registers a generated community as a traffic source. */
  use(community: GeneratedCommunity): void {
    this.#communities.push(community);
  }

  start(options: TrafficOptions = {}): TrafficStats {
    this.stop();
    if (this.#communities.length === 0) throw new Error('no generated community to drive traffic in');
    this.#rate = Math.max(0, options.eventsPerSecond ?? 5);
    this.#rng = mulberry32(options.seed ?? 7);
    this.#text = new TextSource(this.#rng);
    const mix = { message: 0.8, reaction: 0.15, voice: 0.05, ...options.mix };
    const total = mix.message + mix.reaction + mix.voice || 1;
    this.#weights = {
      message: mix.message / total,
      reaction: mix.reaction / total,
      voice: mix.voice / total,
    };
    this.#maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    this.#carry = 0;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
    return this.stats();
  }

  stop(): TrafficStats {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    return this.stats();
  }

  stats(): TrafficStats {
    return { running: this.#timer !== null, eventsPerSecond: this.#rate, emitted: { ...this.#emitted } };
  }

  #tick(): void {
    this.#carry += (this.#rate * TICK_MS) / 1000;
    while (this.#carry >= 1) {
      this.#carry -= 1;
      if (this.#emitted.message + this.#emitted.reaction + this.#emitted.voice >= this.#maxEvents) {
        this.stop();
        return;
      }
      this.emitOne();
    }
  }

  /** Emits one event now (also used by benchmarks that want a burst without timers). */
  emitOne(): void {
    const community = this.#rng.pick(this.#communities);
    if (!this.#state.guilds.has(community.guild.id)) return;
    let zipf = this.#samplers.get(community);
    if (!zipf) {
      zipf = new ZipfSampler(Math.max(1, community.memberIds.length), 1.1);
      this.#samplers.set(community, zipf);
    }
    const userId = community.memberIds[zipf.sample(this.#rng)];
    // Members who left since generation simply skip their turn.
    if (!userId || !this.#state.member(community.guild.id, userId)) return;
    const u = this.#rng.next();
    if (u < this.#weights.message) {
      const channel = this.#rng.pick(community.textChannels);
      this.#actions.createMessage({
        channelId: channel.id,
        authorId: userId,
        content: this.#text.sentence(),
      });
      this.#emitted.message += 1;
    } else if (u < this.#weights.message + this.#weights.reaction) {
      const channel = this.#rng.pick(community.textChannels);
      const recent = this.#state.messages.history(channel.id, { limit: 20 });
      const target = recent.length > 0 ? this.#rng.pick(recent) : undefined;
      if (!target) return;
      const name = this.#rng.pick(REACTION_EMOJI);
      this.#actions.addReaction(target, userId, { id: null, name });
      this.#emitted.reaction += 1;
    } else {
      const rooms = [...community.voiceChannels, ...community.stageChannels];
      if (rooms.length === 0) return;
      const current = this.#state.voiceState(community.guild.id, userId);
      const roll = this.#rng.next();
      if (!current)
        this.#actions.setVoice(community.guild.id, userId, { channelId: this.#rng.pick(rooms).id });
      else if (roll < 0.4) this.#actions.setVoice(community.guild.id, userId, { channelId: null });
      else if (roll < 0.7)
        this.#actions.setVoice(community.guild.id, userId, { selfMute: !current.selfMute });
      else this.#actions.setVoice(community.guild.id, userId, { channelId: this.#rng.pick(rooms).id });
      this.#emitted.voice += 1;
    }
  }
}
