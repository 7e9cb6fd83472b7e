import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import { ALICE, at, CH, CH2, G, setSettings, totalOf } from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import type { VoiceMinutesInput } from './voice.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`voice minutes on ${backend.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await backend.create());
    });
    afterAll(async () => {
      await h?.close();
      await h?.t.dispose();
    });
    beforeEach(async () => {
      await h.reset();
    });

    const award = async (input: Partial<VoiceMinutesInput> = {}) => {
      const result = await h.t.db.transaction((tx) =>
        h.services.voice.awardVoiceMinutes(tx, {
          guildId: G,
          userId: ALICE,
          segmentId: 'session-1:0',
          minutes: 12,
          channelId: CH,
          at: at(0),
          ...input,
        }),
      );
      await result.afterCommit?.();
      return result.paid;
    };

    it('pays voice minutes, counts them and moves voice quests', async () => {
      expect(await award()).toBe(24);
      const { rows } = await h.t.db.query<{ voice_minutes: number }>('SELECT voice_minutes FROM user_karma');
      expect(rows[0]?.voice_minutes).toBe(12);
      const list = await h.services.quests.list(G, ALICE, 'daily');
      expect(list.quests.find((q) => q.key === 'daily_voice_hangout')).toMatchObject({ progress: 12 });
    });

    it('pays and counts a span once however often it is reported', async () => {
      await award();
      expect(await award()).toBe(0);
      const { rows } = await h.t.db.query<{ voice_minutes: number }>('SELECT voice_minutes FROM user_karma');
      expect(rows[0]?.voice_minutes).toBe(12);
      expect(await totalOf(h.t.db, ALICE)).toBe(24);
    });

    it('pays nothing in a no-karma channel or, when the rules judge it, while muted or alone', async () => {
      await setSettings(h.t.db, { karma: { noKarmaChannelIds: [CH2] } });
      expect(await award({ channelId: CH2 })).toBe(0);
      expect(await award({ segmentId: 'b', selfMuted: true })).toBe(0);
      expect(await award({ segmentId: 'c', companions: 0 })).toBe(0);
      expect(await totalOf(h.t.db, ALICE)).toBe(0);
    });
  });
}
