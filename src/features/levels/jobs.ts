import { DiscordAPIError } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Queryable } from '../../platform/db/port.ts';
import type { REST } from '../../platform/discord/rest.ts';
import type { Logger } from '../../platform/logger.ts';
import type { JobDefinition, Queue } from '../../platform/queue/index.ts';
import { LEVEL_DISPATCH_QUEUE, type RewardsContext } from '../rewards/context.ts';
import { LEVELS_RECOMPUTE_QUEUE } from '../rewards/settings-service.ts';
import {
  dispatchLevelChanges,
  LEVEL_ANNOUNCE_QUEUE,
  type LevelAnnounceJob,
  ROLE_REWARD_QUEUE,
  type RoleRewardJob,
} from './level-dispatch.ts';
import { recomputeLevels } from './recompute.ts';

/**
 * The levels worker jobs: the level-change dispatcher (cron every minute, nudged after commits), the
 * role-reward and announcement jobs that call Discord's REST API, and the level recompute after a
 * curve change. Every handler is idempotent: pg-boss may run a job twice.
 */

export interface LevelJobDeps {
  context: RewardsContext;
  /** Absent: a tool without a queue (the jobs that send then fail). */
  queue: Queue | undefined;
  rest: REST | undefined;
  logger: Logger;
}

/** Discord errors that retrying cannot fix: the member left, the role is gone, or no permission. */
const PERMANENT_CODES = new Set([10007, 10011, 10013, 50001, 50007, 50013, 50035]);

function isPermanent(error: unknown): error is DiscordAPIError {
  return (
    error instanceof DiscordAPIError && typeof error.code === 'number' && PERMANENT_CODES.has(error.code)
  );
}

export function levelJobs(deps: LevelJobDeps): JobDefinition[] {
  const send = async (name: string, data: object, tx?: Queryable) => {
    const queue = deps.queue;
    if (!queue) throw new Error('this process has no job queue');
    await queue.send(name, data, tx ? { tx } : {});
  };
  const needRest = (): REST => {
    if (!deps.rest)
      throw new Error('this worker has no Discord token (DISCORD_TOKEN): it cannot apply role rewards');
    return deps.rest;
  };

  const dispatch: JobDefinition = {
    name: LEVEL_DISPATCH_QUEUE,
    cron: '* * * * *',
    work: { pollingIntervalSeconds: 1 },
    async handler() {
      const result = await dispatchLevelChanges(deps.context, send);
      if (result.changes > 0) deps.logger.debug(result, 'level changes dispatched');
    },
  };

  const roleReward: JobDefinition<RoleRewardJob> = {
    name: ROLE_REWARD_QUEUE,
    work: { pollingIntervalSeconds: 1 },
    async handler(jobs) {
      const rest = needRest();
      for (const { data } of jobs) {
        const route = Routes.guildMemberRole(data.guildId, data.userId, data.roleId);
        const reason = `Hearth level ${data.level} role reward`;
        try {
          // PUT and DELETE of a member role are idempotent on Discord's side: a rerun changes nothing.
          if (data.action === 'add') await rest.put(route, { reason });
          else await rest.delete(route, { reason });
        } catch (error) {
          if (!isPermanent(error)) throw error;
          deps.logger.warn(
            { guildId: data.guildId, userId: data.userId, roleId: data.roleId, code: error.code },
            'role reward not applied: Discord refused it (member gone, role gone or missing permission)',
          );
        }
      }
    },
  };

  const announce: JobDefinition<LevelAnnounceJob> = {
    name: LEVEL_ANNOUNCE_QUEUE,
    work: { pollingIntervalSeconds: 1 },
    async handler(jobs) {
      const rest = needRest();
      for (const { data } of jobs) {
        try {
          let channelId = data.channelId;
          if (data.dm) {
            const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: data.userId } })) as {
              id: string;
            };
            channelId = dm.id;
          }
          if (!channelId) continue;
          await rest.post(Routes.channelMessages(channelId), {
            body: {
              content: data.content,
              allowed_mentions: { users: [data.userId] },
              nonce: data.nonce,
              enforce_nonce: true,
            },
          });
        } catch (error) {
          if (!isPermanent(error)) throw error;
          deps.logger.warn(
            { guildId: data.guildId, userId: data.userId, code: error.code },
            'level-up announcement not sent: Discord refused it (closed DMs, missing access)',
          );
        }
      }
    },
  };

  const recompute: JobDefinition<{ guildId: string }> = {
    name: LEVELS_RECOMPUTE_QUEUE,
    work: { pollingIntervalSeconds: 2 },
    async handler(jobs) {
      for (const { data } of jobs) {
        const result = await recomputeLevels(deps.context, data.guildId);
        deps.logger.info({ guildId: data.guildId, ...result }, 'member levels recomputed for the new curve');
      }
      await send(LEVEL_DISPATCH_QUEUE, {});
    },
  };

  return [dispatch, roleReward as JobDefinition, announce as JobDefinition, recompute as JobDefinition];
}
