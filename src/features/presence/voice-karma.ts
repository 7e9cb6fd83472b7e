/**
 * Voice minutes into karma (and through karma, quests): the spans of domain/voice-spans.ts settled where
 * sessions are written. The pipeline settles the spans its voice states complete (a leave, a move,
 * a mute or deafen change) in the batch transaction; the sweeper cuts and settles spans of members
 * who sit in a channel for long, so nobody waits for the leave to be paid. Both lock the session
 * row first, so the two never settle the same span from different states.
 */
import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Db, Queryable } from '../../platform/db/port.ts';
import type { VoiceRules, VoiceSessionRecord, VoiceTimeline } from './domain/index.ts';
import { type SpanPayment, settleSpans, spanCut, VOICE_SPAN_MS } from './domain/index.ts';
import { afterEach, type PresenceKarma } from './karma.ts';
import * as voiceRepo from './voice-session-repository.ts';

type Located = VoiceSessionRecord & { stageId: string };

async function pay(
  tx: Queryable,
  karma: PresenceKarma,
  session: Located,
  payments: readonly SpanPayment[],
): Promise<(AfterCommit | undefined)[]> {
  const steps: (AfterCommit | undefined)[] = [];
  for (const payment of payments) {
    steps.push(
      await karma.payVoice(tx, {
        guildId: session.guildId,
        userId: session.userId,
        channelId: session.channelId,
        segmentId: payment.segmentId,
        minutes: payment.minutes,
        at: new Date(payment.endMs),
      }),
    );
  }
  return steps;
}

export interface VoiceKarmaPlan {
  /** The records to write, their new entries carrying what their spans bring forward. */
  records: Located[];
  /** Pays the settled spans of the records that were written (after writing them, same transaction). */
  pay(tx: Queryable, written: (record: Located) => boolean): Promise<AfterCommit | undefined>;
}

/**
 * Settles the spans that a batch of voice states completed. `storedStates` is how many states each
 * existing session had in the database (its older spans were settled then); new sessions have none.
 * Company comes from the stage's sessions in the database, overlaid with this batch's records.
 */
export async function planVoiceKarma(
  tx: Queryable,
  karma: PresenceKarma,
  records: readonly Located[],
  storedStates: ReadonlyMap<string, number>,
): Promise<VoiceKarmaPlan> {
  const firstNew = (r: Located) => (r.isNew ? 0 : (storedStates.get(r.id) ?? r.states.length));
  // A join alone completes nothing: only ended sessions and new entries after the first do.
  const settling = records.filter((r) => r.leftAt !== null || r.states.length > Math.max(firstNew(r), 1));
  if (settling.length === 0) return { records: [...records], pay: async () => undefined };
  const rules = new Map<string, VoiceRules>();
  for (const guildId of new Set(settling.map((r) => r.guildId)))
    rules.set(guildId, await karma.voiceRules(tx, guildId));
  const companyByStage = new Map<string, VoiceTimeline[]>();
  for (const [stageId, ofStage] of groupBy(settling, (r) => r.stageId)) {
    const from = Math.min(...ofStage.map((r) => firstOpenSpan(r, firstNew(r))));
    const to = Math.max(...ofStage.map((r) => r.leftAt?.getTime() ?? lastAt(r)));
    const stored = await voiceRepo.voiceTimelinesOfStage(tx, stageId, new Date(from), new Date(to));
    // This batch's version of each session wins over the stored one; its new sessions are company too.
    const batch = records.filter((r) => r.stageId === stageId);
    const ids = new Set(batch.map((r) => r.id));
    companyByStage.set(stageId, [...stored.filter((t) => !ids.has(t.sessionId)), ...batch]);
  }
  const payments = new Map<string, SpanPayment[]>();
  const updated = records.map((record) => {
    if (!settling.includes(record)) return record;
    const result = settleSpans(
      record,
      firstNew(record),
      companyByStage.get(record.stageId) ?? [],
      rules.get(record.guildId) as VoiceRules,
    );
    payments.set(record.id, result.payments);
    return { ...record, states: result.states };
  });
  return {
    records: updated,
    async pay(payTx, written) {
      const steps: (AfterCommit | undefined)[] = [];
      // Members in a stable order: karma locks their rows one by one.
      const ordered = updated
        .filter((r) => (payments.get(r.id)?.length ?? 0) > 0 && written(r))
        .sort((a, b) => a.guildId.localeCompare(b.guildId) || a.userId.localeCompare(b.userId));
      for (const record of ordered)
        steps.push(...(await pay(payTx, karma, record, payments.get(record.id) ?? [])));
      return afterEach(steps);
    },
  };
}

function lastAt(record: VoiceSessionRecord): number {
  return record.states[record.states.length - 1]?.at.getTime() ?? record.joinedAt.getTime();
}

/** Where the first span this batch may settle starts: the last stored entry, or the join. */
function firstOpenSpan(record: VoiceSessionRecord, stored: number): number {
  const entry = record.isNew ? undefined : record.states[Math.max(stored - 1, 0)];
  return entry?.at.getTime() ?? record.joinedAt.getTime();
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

export interface SpanCutReport {
  /** Open sessions whose running span was cut and settled. */
  cut: number;
  /** Karma payments made for them (spans with at least one eligible minute). */
  paid: number;
}

/**
 * The sweeper's part: every open voice session whose last entry is `spanMs` old or more gets a cut
 * at `nowMs` (same flags), and the span it completes is paid, one session per transaction (its row,
 * then its member's karma row: never two members' rows at once, so no lock cycle with a batch).
 * A session that fails is left for the next sweep; the first error is thrown once all were tried.
 */
export async function cutVoiceSpans(
  db: Db,
  karma: PresenceKarma,
  nowMs: number,
  spanMs = VOICE_SPAN_MS,
): Promise<SpanCutReport> {
  const report: SpanCutReport = { cut: 0, paid: 0 };
  let failure: unknown = null;
  for (const id of await voiceRepo.voiceSessionsDue(db, new Date(nowMs - spanMs))) {
    try {
      const done = await db.transaction(async (tx) => {
        const session = await voiceRepo.lockOpenVoiceSession(tx, id);
        const cut = session ? spanCut(session.states, nowMs, spanMs) : null;
        if (!session || !cut) return null;
        const from = new Date(lastAt(session));
        const others = await voiceRepo.voiceTimelinesOfStage(tx, session.stageId, from, cut.at);
        const settled = settleSpans(
          { ...session, states: [...session.states, cut] },
          session.states.length,
          others,
          await karma.voiceRules(tx, session.guildId),
        );
        await voiceRepo.writeVoiceStates(tx, id, settled.states);
        const steps = await pay(tx, karma, session, settled.payments);
        return { paid: settled.payments.length, after: afterEach(steps) };
      });
      if (!done) continue;
      report.cut++;
      report.paid += done.paid;
      await done.after?.();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== null) throw failure;
  return report;
}
