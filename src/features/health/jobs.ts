import { hostname } from 'node:os';
import type { JobDefinition } from '../../platform/queue/index.ts';
import type { HeartbeatRepository } from './repository.ts';

export const HEARTBEAT_QUEUE = 'heartbeat';

/** A tiny cron job whose only purpose is to prove that workers and schedules run (see /ready). */
export function heartbeatJob(repository: HeartbeatRepository): JobDefinition {
  const by = `${hostname()}:${process.pid}`;
  return {
    name: HEARTBEAT_QUEUE,
    cron: '* * * * *',
    work: { pollingIntervalSeconds: 2 },
    async handler() {
      await repository.beat(HEARTBEAT_QUEUE, by);
    },
  };
}
