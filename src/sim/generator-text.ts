import { type Rng, ZipfSampler } from './prng.ts';

const ADJECTIVES = [
  'amber',
  'brave',
  'calm',
  'clever',
  'cosmic',
  'crimson',
  'dusty',
  'eager',
  'fancy',
  'fuzzy',
  'gentle',
  'golden',
  'happy',
  'hidden',
  'icy',
  'jolly',
  'kind',
  'lazy',
  'lucky',
  'mellow',
  'misty',
  'nimble',
  'odd',
  'pale',
  'quiet',
  'rapid',
  'rusty',
  'shy',
  'silent',
  'sleepy',
  'snowy',
  'solar',
  'spicy',
  'stormy',
  'sunny',
  'swift',
  'tiny',
  'velvet',
  'wild',
  'witty',
  'young',
  'zesty',
  'neon',
  'lunar',
  'mossy',
  'salty',
  'sly',
  'bold',
  'cozy',
  'frosty',
];

const NOUNS = [
  'otter',
  'falcon',
  'badger',
  'comet',
  'dragon',
  'ember',
  'fox',
  'gecko',
  'heron',
  'island',
  'jaguar',
  'koala',
  'lynx',
  'maple',
  'nebula',
  'owl',
  'panda',
  'quartz',
  'raven',
  'sparrow',
  'tiger',
  'unicorn',
  'viper',
  'walrus',
  'yak',
  'zebra',
  'pixel',
  'rocket',
  'cactus',
  'willow',
  'beacon',
  'cobalt',
  'pebble',
  'thunder',
  'meadow',
  'lantern',
  'harbor',
  'cinder',
  'glacier',
  'orchid',
  'puffin',
  'marmot',
  'wombat',
  'kestrel',
  'bison',
  'mango',
  'nova',
  'cedar',
];

/** Common chat words; sampled with a Zipf law so "the" and "lol" dominate as they do in real chat. */
const WORDS = (
  'the i you it to a and is that of in this lol for on was me so but not what my do just have like with be ' +
  "yeah are it's we get can no if at know all one how out up ok about they good think will now when there would " +
  'time game really people oh did too gg nice thanks got some see go more from why also was then much make who ' +
  'still new want because play going here day right well need any better only work them back look first way ' +
  'server stream tonight anyone build patch update bug fix discord voice channel role level quest karma event ' +
  'music song art drawing meme clip link video today tomorrow weekend friday idea plan team win lose match rank ' +
  'coffee tea pizza sleep tired lmao haha wow cool great awesome sure maybe probably exactly true agree hmm ' +
  "welcome hello hey morning night everyone guys question help please sorry wait what's where which"
).split(' ');

const EMOJI = ['👍', '😂', '❤️', '🔥', '🎉', '👀', '😮', '😢', '🙏', '✅', '💯', '🤔'];

export class TextSource {
  readonly #rng: Rng;
  readonly #words = new ZipfSampler(WORDS.length, 1.0);
  readonly #emoji = new ZipfSampler(EMOJI.length, 1.2);

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** Word counts with a long tail: mostly short chat lines, sometimes paragraphs. */
  wordCount(): number {
    const u = this.#rng.next();
    if (u < 0.6) return this.#rng.int(1, 8);
    if (u < 0.9) return this.#rng.int(9, 25);
    return this.#rng.int(26, 80);
  }

  sentence(words = this.wordCount()): string {
    const parts: string[] = [];
    for (let i = 0; i < words; i++) parts.push(WORDS[this.#words.sample(this.#rng)] ?? 'hm');
    if (this.#rng.chance(0.05)) parts.push(this.emoji());
    return parts.join(' ');
  }

  emoji(): string {
    return EMOJI[this.#emoji.sample(this.#rng)] ?? '👍';
  }

  username(index: number): { username: string; globalName: string } {
    const adjective = this.#rng.pick(ADJECTIVES);
    const noun = this.#rng.pick(NOUNS);
    const suffix = index < ADJECTIVES.length * NOUNS.length ? '' : String(index);
    const username = `${adjective}_${noun}${suffix}`.slice(0, 32);
    const globalName = `${adjective[0]?.toUpperCase() ?? ''}${adjective.slice(1)} ${noun[0]?.toUpperCase() ?? ''}${noun.slice(1)}`;
    return { username, globalName };
  }
}

export const TEXT_CHANNEL_NAMES = [
  'general',
  'off-topic',
  'memes',
  'help',
  'announcements',
  'art',
  'music',
  'gaming',
  'dev',
  'random',
  'introductions',
  'media',
  'feedback',
  'events',
  'clips',
  'food',
  'pets',
  'books',
  'movies',
  'tech',
];
export const VOICE_CHANNEL_NAMES = [
  'Lounge',
  'Gaming',
  'Music',
  'Study',
  'Chill',
  'AFK',
  'Squad',
  'Late Night',
];
export const STAGE_CHANNEL_NAMES = ['Town Hall', 'Stage', 'Podcast', 'Showcase'];
export const CATEGORY_NAMES = ['Information', 'Community', 'Hobbies', 'Voice', 'Archive', 'Projects'];
export const ROLE_NAMES = [
  'Moderator',
  'Regular',
  'Veteran',
  'Artist',
  'Gamer',
  'Musician',
  'Developer',
  'Supporter',
  'Newcomer',
  'Event Team',
];
export const REACTION_EMOJI = EMOJI;
