import { describe, expect, it } from 'vitest';
import { loginFailure } from './client.ts';

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("naming the setting behind the bot's login failure", () => {
  it('blames DISCORD_TOKEN for a refused token', () => {
    const failure = loginFailure(coded('An invalid token was provided.', 'TokenInvalid'), undefined);
    expect(failure).toMatchObject({ setting: 'DISCORD_TOKEN', configuration: true });
    expect(failure?.message).toContain('DISCORD_TOKEN was refused by Discord at https://discord.com/api');
    expect(failure?.message).toContain('An invalid token was provided.');
  });

  it('blames DISCORD_API_URL for a Discord that cannot be reached', () => {
    const failure = loginFailure(
      coded('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
      'http://127.0.0.1:1/api',
    );
    expect(failure).toMatchObject({ setting: 'DISCORD_API_URL', configuration: false });
    expect(failure?.message).toBe(
      'cannot reach Discord at http://127.0.0.1:1/api (DISCORD_API_URL): connect ECONNREFUSED 127.0.0.1:1',
    );
    const nested = new TypeError('fetch failed', { cause: coded('getaddrinfo ENOTFOUND x', 'ENOTFOUND') });
    expect(loginFailure(nested, undefined)?.setting).toBe('DISCORD_API_URL');
  });

  it('names the intents a bot application must allow', () => {
    const failure = loginFailure(new Error('Used disallowed intents'), undefined);
    expect(failure).toMatchObject({ setting: 'DISCORD_TOKEN', configuration: true });
    expect(failure?.message).toContain('Privileged Gateway Intents');
  });

  it('leaves other errors alone', () => {
    expect(loginFailure(new Error('something else'), undefined)).toBeNull();
    expect(loginFailure('not an error', undefined)).toBeNull();
  });
});
