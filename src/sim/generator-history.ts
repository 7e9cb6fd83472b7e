import type { CommunityOptions } from './generator.ts';
import { REACTION_EMOJI, type TextSource } from './generator-text.ts';
import { mulberry32, type Rng, seedFrom, shuffle, ZipfSampler } from './prng.ts';
import { timestampOf } from './snowflake.ts';
import type { SimState } from './state.ts';
import { MessageType, type SimChannel, type SimMessage } from './types.ts';

export const DAY = 86_400_000;

/** Relative activity per UTC hour: quiet nights, busy evenings. */
const HOUR_WEIGHTS = [3, 2, 1.5, 1, 1, 1, 1.5, 2, 3, 4, 5, 5.5, 6, 6, 6, 6.5, 7, 8, 9, 10, 10, 9, 7, 5];

function cdfOf(weights: readonly number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  const total = weights.reduce((a, b) => a + b, 0);
  let run = 0;
  weights.forEach((w, i) => {
    run += w / total;
    cdf[i] = run;
  });
  return cdf;
}

function sampleCdf(cdf: Float64Array, rng: Rng): number {
  const u = rng.next();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface HistoryPlan {
  seed: number;
  text: TextSource;
  startAt: number;
  endAt: number;
  days: number;
  channels: SimChannel[];
  memberIds: string[];
  joinedAt: number[];
  helperBotId: string;
  options: CommunityOptions;
}

/** Heavy-tailed history: Zipf users and channels, a daily rhythm, weekends busier, growth over time. */
export function generateHistory(state: SimState, plan: HistoryPlan): number {
  const total = Math.max(0, plan.options.history?.messages ?? 1000);
  if (total === 0 || plan.channels.length === 0) return 0;
  const rng = mulberry32(seedFrom(plan.seed, 'history'));
  const { memberIds, joinedAt, channels, text } = plan;
  const userZipf = new ZipfSampler(memberIds.length, plan.options.userSkew ?? 1.1);
  const channelZipf = new ZipfSampler(channels.length, plan.options.channelSkew ?? 1.0);
  const rank = shuffle(
    rng,
    Array.from({ length: memberIds.length }, (_, i) => i),
  );
  const dayCdf = cdfOf(
    Array.from({ length: plan.days }, (_, d) => {
      const weekday = new Date(plan.startAt + d * DAY).getUTCDay();
      return (weekday === 0 || weekday === 6 ? 1.3 : 1) * (0.7 + (0.6 * d) / plan.days);
    }),
  );
  const hourCdf = cdfOf(HOUR_WEIGHTS);
  const reactionRate = plan.options.reactionRate ?? 0.08;
  const attachmentRate = plan.options.attachmentRate ?? 0.03;
  const botRate = plan.options.botMessageRate ?? 0.01;
  const mentionRate = plan.options.mentionRate ?? 0.03;
  const reactionZipf = new ZipfSampler(Math.min(20, memberIds.length), 1.5);
  const out: SimMessage[] = new Array(total);
  for (let i = 0; i < total; i++) {
    const c = channelZipf.sample(rng);
    const ch = channels[c] as SimChannel;
    let r = userZipf.sample(rng);
    // A third of the traffic follows per-channel regulars rather than the global top posters.
    if (rng.chance(0.3)) r = (r + c * 7) % memberIds.length;
    const u = rank[r] ?? 0;
    let ts =
      plan.startAt +
      sampleCdf(dayCdf, rng) * DAY +
      sampleCdf(hourCdf, rng) * 3_600_000 +
      Math.floor(rng.next() * 3_600_000);
    const joined = joinedAt[u] ?? 0;
    if (ts < joined) ts = joined + rng.next() * (plan.endAt - joined);
    if (ch.thread) ts = Math.max(ts, timestampOf(ch.id) + 1000);
    ts = Math.min(Math.floor(ts), plan.endAt);
    const bot = rng.chance(botRate);
    const message: SimMessage = {
      id: state.snowflakes.at(ts),
      channelId: ch.id,
      guildId: ch.guildId,
      authorId: bot ? plan.helperBotId : (memberIds[u] ?? plan.helperBotId),
      content: text.sentence(),
      type: MessageType.Default,
      editedAt: null,
      flags: 0,
    };
    if (bot && rng.chance(0.5))
      message.embeds = [{ type: 'rich', title: 'Reminder', description: text.sentence(12), color: 0x5865f2 }];
    if (!bot && rng.chance(mentionRate)) {
      const other = memberIds[rng.int(0, memberIds.length - 1)] ?? '';
      message.content = `<@${other}> ${message.content}`;
      message.mentionIds = [other];
    }
    if (rng.chance(attachmentRate)) {
      const png = rng.chance(0.7);
      message.attachments = [
        {
          id: state.snowflakes.at(ts),
          filename: png ? `image${i}.png` : `clip${i}.mp4`,
          size: rng.int(20_000, 4_000_000),
          contentType: png ? 'image/png' : 'video/mp4',
          ...(png ? { width: 1280, height: 720 } : {}),
        },
      ];
      if (rng.chance(0.5)) message.content = '';
    }
    if (rng.chance(reactionRate)) {
      const kinds = rng.chance(0.8) ? 1 : rng.int(2, 3);
      message.reactions = [];
      for (let k = 0; k < kinds; k++) {
        const name = REACTION_EMOJI[rng.int(0, REACTION_EMOJI.length - 1)] ?? '👍';
        if (message.reactions.some((x) => x.emoji.name === name)) continue;
        const users = new Set<string>();
        const count = reactionZipf.sample(rng) + 1;
        while (users.size < count) users.add(memberIds[rng.int(0, memberIds.length - 1)] ?? '');
        message.reactions.push({ emoji: { id: null, name }, userIds: [...users] });
      }
    }
    out[i] = message;
  }
  state.messages.insertMany(out);
  return total;
}
