import { describe, expect, it } from 'vitest';
import { guildChoices, isGuildAdmin, safeRedirect } from './domain.ts';

describe('guild admins', () => {
  it('recognizes Manage Server, Administrator and owners', () => {
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, permissions: String(1n << 5n) }, 'u')).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, permissions: String(1n << 3n) }, 'u')).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, owner: true, permissions: '0' }, 'u')).toBe(true);
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, permissions: String(1n << 11n) }, 'u')).toBe(false);
  });

  it('counts listed admins whatever their permissions', () => {
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, permissions: '0' }, 'u1', ['u1'])).toBe(true);
  });

  it('treats unreadable permissions as none', () => {
    expect(isGuildAdmin({ id: '1', name: 'a', icon: null, permissions: 'lots' }, 'u')).toBe(false);
  });

  it('offers only guilds Hearth is in, sorted by name', () => {
    const choices = guildChoices(
      [
        { id: '2', name: 'Zeta', icon: null, permissions: '32' },
        { id: '1', name: 'Alpha', icon: null, permissions: '0' },
        { id: '3', name: 'Elsewhere', icon: null, permissions: '8' },
      ],
      new Set(['1', '2']),
      'u',
    );
    expect(choices).toEqual([
      { id: '1', name: 'Alpha', icon: null, admin: false },
      { id: '2', name: 'Zeta', icon: null, admin: true },
    ]);
  });
});

describe('redirect after sign-in', () => {
  it.each([
    [undefined, '/'],
    ['/leaderboard', '/leaderboard'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
  ])('sends %s to %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});
