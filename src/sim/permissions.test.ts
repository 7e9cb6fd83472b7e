import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  computeBasePermissions,
  computeChannelPermissions,
  OverwriteType,
  Permission,
  type PermissionSubject,
} from './permissions.ts';

const GUILD = '100';
const roles: Record<string, bigint> = {
  [GUILD]: Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory,
  mod: Permission.ManageMessages | Permission.KickMembers,
  admin: Permission.Administrator,
  muted: 0n,
};

function subject(userId: string, roleIds: string[], ownerId = 'owner'): PermissionSubject {
  return { guildId: GUILD, ownerId, userId, roleIds, rolePermissions: (id) => roles[id] };
}

describe('permission computation', () => {
  it('combines @everyone with every role of the member', () => {
    const base = computeBasePermissions(subject('u', ['mod']));
    expect(base & Permission.ManageMessages).toBe(Permission.ManageMessages);
    expect(base & Permission.SendMessages).toBe(Permission.SendMessages);
    expect(base & Permission.BanMembers).toBe(0n);
  });

  it('grants everything to the owner and to Administrator', () => {
    expect(computeBasePermissions(subject('owner', []))).toBe(ALL_PERMISSIONS);
    expect(computeBasePermissions(subject('u', ['admin']))).toBe(ALL_PERMISSIONS);
    const hidden = [{ id: GUILD, type: OverwriteType.Role, allow: 0n, deny: Permission.ViewChannel }];
    expect(computeChannelPermissions(subject('u', ['admin']), hidden)).toBe(ALL_PERMISSIONS);
  });

  it('applies @everyone, then role, then member overwrites', () => {
    const overwrites = [
      { id: GUILD, type: OverwriteType.Role, allow: 0n, deny: Permission.ViewChannel },
      { id: 'mod', type: OverwriteType.Role, allow: Permission.ViewChannel, deny: Permission.SendMessages },
      { id: 'u2', type: OverwriteType.Member, allow: Permission.SendMessages, deny: 0n },
    ] as const;
    const plain = computeChannelPermissions(subject('u1', []), overwrites);
    expect(plain).toBe(0n);
    const mod = computeChannelPermissions(subject('u1', ['mod']), overwrites);
    expect(mod & Permission.ViewChannel).toBe(Permission.ViewChannel);
    expect(mod & Permission.SendMessages).toBe(0n);
    const modWithMemberAllow = computeChannelPermissions(subject('u2', ['mod']), overwrites);
    expect(modWithMemberAllow & Permission.SendMessages).toBe(Permission.SendMessages);
  });

  it('lets a role allow win over another role deny on the same channel', () => {
    const overwrites = [
      { id: 'muted', type: OverwriteType.Role, allow: 0n, deny: Permission.SendMessages },
      { id: 'mod', type: OverwriteType.Role, allow: Permission.SendMessages, deny: 0n },
    ];
    const both = computeChannelPermissions(subject('u', ['muted', 'mod']), overwrites);
    expect(both & Permission.SendMessages).toBe(Permission.SendMessages);
  });
});
