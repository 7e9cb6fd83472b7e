import type {
  ChannelSnapshot,
  DomainEvent,
  GuildInfo,
  MemberSnapshot,
  RoleSnapshot,
} from '../../pipeline/events.ts';

/** What a batch of events changes in one guild's Discord state, last word per key. */
export interface GuildChanges {
  guildId: string;
  guild: GuildInfo | null;
  channels: Map<string, ChannelSnapshot | 'deleted'>;
  roles: Map<string, RoleSnapshot | 'deleted'>;
  /** Latest known state of each member, and when they left if their last event was a departure. */
  members: Map<string, { snapshot: MemberSnapshot | null; leftAt: Date | null }>;
  /** Channel and role ids of the latest full snapshot: anything else was deleted meanwhile. */
  fullChannelList: string[] | null;
  fullRoleList: string[] | null;
}

export function collectGuildChanges(events: readonly DomainEvent[]): GuildChanges[] {
  const byGuild = new Map<string, GuildChanges>();
  const of = (guildId: string): GuildChanges => {
    let changes = byGuild.get(guildId);
    if (!changes) {
      changes = {
        guildId,
        guild: null,
        channels: new Map(),
        roles: new Map(),
        members: new Map(),
        fullChannelList: null,
        fullRoleList: null,
      };
      byGuild.set(guildId, changes);
    }
    return changes;
  };
  for (const event of events) {
    switch (event.kind) {
      case 'guild.snapshot': {
        const c = of(event.guildId);
        if (event.guild) c.guild = event.guild;
        if (event.channels) {
          for (const channel of event.channels) c.channels.set(channel.id, channel);
          c.fullChannelList = event.channels.map((ch) => ch.id);
        }
        if (event.roles && event.roles.length > 0) {
          for (const role of event.roles) c.roles.set(role.id, role);
          c.fullRoleList = event.roles.map((r) => r.id);
        }
        for (const member of event.members) c.members.set(member.userId, { snapshot: member, leftAt: null });
        break;
      }
      case 'member.joined':
      case 'member.updated':
        of(event.guildId).members.set(event.member.userId, { snapshot: event.member, leftAt: null });
        break;
      case 'member.left': {
        const members = of(event.guildId).members;
        members.set(event.userId, {
          snapshot: members.get(event.userId)?.snapshot ?? null,
          leftAt: event.at,
        });
        break;
      }
      case 'channel.upserted':
        of(event.guildId).channels.set(event.channel.id, event.channel);
        break;
      case 'channel.deleted':
        of(event.guildId).channels.set(event.channel.id, 'deleted');
        break;
      case 'role.upserted':
        of(event.guildId).roles.set(event.role.id, event.role);
        break;
      case 'role.deleted':
        of(event.guildId).roles.set(event.role.id, 'deleted');
        break;
      default:
        break;
    }
  }
  return [...byGuild.values()];
}
