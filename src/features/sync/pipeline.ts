import type { ChannelSnapshot, MemberSnapshot, RoleSnapshot } from '../../pipeline/events.ts';
import type { PipelineFeature } from '../../pipeline/feature.ts';
import { collectGuildChanges } from './domain.ts';
import * as repo from './repository.ts';

/** Keeps guilds, channels, roles and members in step with GUILD_CREATE, member and channel events. */
export const syncPipelineFeature: PipelineFeature = {
  name: 'sync',
  touches(event, touched) {
    switch (event.kind) {
      case 'member.joined':
      case 'member.updated':
        touched.member(event.member.userId);
        break;
      case 'member.left':
        touched.member(event.userId);
        break;
      case 'guild.snapshot':
        // The guild, its channels and its roles are read by every member's rules (karma's channel
        // scopes, presence's stages); a chunk of members alone touches just those members.
        if (event.guild !== null || event.channels !== null || (event.roles?.length ?? 0) > 0)
          touched.wholeGuild();
        else for (const member of event.members) touched.member(member.userId);
        break;
      case 'channel.upserted':
      case 'channel.deleted':
      case 'role.upserted':
      case 'role.deleted':
        touched.wholeGuild();
        break;
      default:
        break;
    }
  },
  async apply(tx, events) {
    for (const changes of collectGuildChanges(events)) {
      if (changes.guild) await repo.upsertGuild(tx, changes.guild);
      const channels: ChannelSnapshot[] = [];
      for (const [id, channel] of changes.channels) {
        if (channel === 'deleted') await repo.markChannelDeleted(tx, id);
        else channels.push(channel);
      }
      await repo.upsertChannels(tx, changes.guildId, channels);
      if (changes.fullChannelList)
        await repo.markMissingChannelsDeleted(tx, changes.guildId, changes.fullChannelList);
      const roles: RoleSnapshot[] = [];
      for (const [id, role] of changes.roles) {
        if (role === 'deleted') await repo.markRoleDeleted(tx, changes.guildId, id);
        else roles.push(role);
      }
      await repo.upsertRoles(tx, changes.guildId, roles);
      if (changes.fullRoleList) await repo.markMissingRolesDeleted(tx, changes.guildId, changes.fullRoleList);
      const present: MemberSnapshot[] = [];
      const left = new Map<number, string[]>();
      for (const [userId, state] of changes.members) {
        if (state.snapshot) present.push(state.snapshot);
        if (state.leftAt) {
          const at = state.leftAt.getTime();
          left.set(at, [...(left.get(at) ?? []), userId]);
        }
      }
      await repo.upsertMembers(tx, changes.guildId, present);
      for (const [at, userIds] of left)
        await repo.markMembersLeft(tx, changes.guildId, userIds, new Date(at));
    }
    return undefined;
  },
};
