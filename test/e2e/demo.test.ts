import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { runHearth, startHearth, tempDir } from '../support/process.ts';

describe('npm start without a Discord token (demo mode)', () => {
  it('runs a living demo community whose activity reaches the API, and syncs it on request', async () => {
    const dataDir = tempDir();
    const hearth = await startHearth(['all'], { DATA_DIR: dataDir });
    try {
      const ready = await eventually(async () => {
        const res = await fetch(`${hearth.url}/ready`);
        return res.status === 200
          ? ((await res.json()) as { parts: { name: string; status: string }[] })
          : undefined;
      });
      expect(ready.parts.find((p) => p.name === 'bot')?.status).toBe('up');
      expect(hearth.output()).toContain('running in demo mode');

      const token = (
        await runHearth(['token', '--user', '100000000001', '--guild', '100000000001', '--role', 'service'], {
          DATA_DIR: dataDir,
        })
      ).stdout.trim();
      const headers = { authorization: `Bearer ${token}` };
      // The demo guild is above Discord's large_threshold: a worker fetches its members over REST.
      const demo = await eventually(async () => {
        const res = await fetch(`${hearth.url}/api/v1/guilds`, { headers });
        const guilds = (await res.json()) as { id: string; name: string; members: number }[];
        expect(guilds).toHaveLength(1);
        return (guilds[0]?.members ?? 0) > 100 ? guilds[0] : undefined;
      });

      // Live traffic from the simulator flows through discord.js and the pipeline into statistics.
      const first = await eventually(async () => {
        const res = await fetch(`${hearth.url}/api/v1/guilds/${demo?.id}/stats`, { headers });
        const body = (await res.json()) as { totals: { messages: number } };
        return body.totals.messages > 0 ? body.totals.messages : undefined;
      });
      await eventually(async () => {
        const res = await fetch(`${hearth.url}/api/v1/guilds/${demo?.id}/stats`, { headers });
        const body = (await res.json()) as { totals: { messages: number } };
        return body.totals.messages > first ? true : undefined;
      });

      // The same traffic pays karma: the demo guild has a leaderboard.
      const board = await eventually(async () => {
        const res = await fetch(`${hearth.url}/api/v1/levels/leaderboard?guild_id=${demo?.id}`, { headers });
        const body = (await res.json()) as { items?: { userId: string; karma: number }[] };
        return body.items && body.items.length > 0 ? body.items : undefined;
      });
      expect(board[0]?.karma).toBeGreaterThan(0);

      const sync = await fetch(`${hearth.url}/api/v1/sync`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ guild_id: demo?.id }),
      });
      expect(sync.status).toBe(202);
      await eventually(async () =>
        hearth.output().includes('guild synced from Discord') ? true : undefined,
      );
    } finally {
      expect((await hearth.stop()).code).toBe(0);
    }
  }, 90_000);
});
