import { describe, expect, it } from 'vitest';
import { RateLimiter, resolveRateLimits } from './ratelimit.ts';

function limiter(overrides: Parameters<typeof resolveRateLimits>[0] = {}) {
  let now = 1_000_000;
  const l = new RateLimiter(resolveRateLimits(overrides), () => now);
  return { l, tick: (ms: number) => (now += ms) };
}

describe('rate limit buckets', () => {
  it('counts a route bucket per major parameter and refuses past the limit', () => {
    const { l, tick } = limiter({ routes: { 'messages.create': { limit: 2, windowMs: 5000 } } });
    const a1 = l.check('bot:t', 'messages.create', 'channelA');
    expect(a1.ok).toBe(true);
    expect(a1.headers['X-RateLimit-Limit']).toBe('2');
    expect(a1.headers['X-RateLimit-Remaining']).toBe('1');
    expect(a1.headers['X-RateLimit-Reset-After']).toBe('5.000');
    expect(a1.headers['X-RateLimit-Reset']).toBe('1005.000');
    tick(1000);
    expect(l.check('bot:t', 'messages.create', 'channelA').headers['X-RateLimit-Remaining']).toBe('0');
    const refused = l.check('bot:t', 'messages.create', 'channelA');
    expect(refused.ok).toBe(false);
    expect(refused.scope).toBe('user');
    expect(refused.retryAfterMs).toBe(4000);
    expect(refused.headers['Retry-After']).toBe('4');
    expect(refused.headers['X-RateLimit-Scope']).toBe('user');
    // Another channel has its own bucket; the bucket hash is shared by the route.
    const b = l.check('bot:t', 'messages.create', 'channelB');
    expect(b.ok).toBe(true);
    expect(b.headers['X-RateLimit-Bucket']).toBe(a1.headers['X-RateLimit-Bucket']);
    tick(4000);
    expect(l.check('bot:t', 'messages.create', 'channelA').ok).toBe(true);
  });

  it('applies the global limit across routes and marks it global', () => {
    const { l, tick } = limiter({ global: { limit: 3, windowMs: 1000 }, retryAfterHeader: 'float' });
    for (let i = 0; i < 3; i++) expect(l.check('bot:t', `route${i}`, '').ok).toBe(true);
    const refused = l.check('bot:t', 'route9', '');
    expect(refused.ok).toBe(false);
    expect(refused.global).toBe(true);
    expect(refused.headers['X-RateLimit-Global']).toBe('true');
    expect(refused.headers['X-RateLimit-Scope']).toBe('global');
    expect(refused.headers['Retry-After']).toBe('1.000');
    expect(l.check('bot:t', 'route9', '', { exemptGlobal: true }).ok).toBe(true);
    expect(l.check('bot:other', 'route9', '').ok).toBe(true);
    tick(1000);
    expect(l.check('bot:t', 'route9', '').ok).toBe(true);
  });

  it('does not consume the global budget when a route refuses', () => {
    const { l } = limiter({
      global: { limit: 2, windowMs: 1000 },
      routes: { r: { limit: 1, windowMs: 1000 } },
    });
    expect(l.check('id', 'r', '').ok).toBe(true);
    expect(l.check('id', 'r', '').ok).toBe(false);
    expect(l.check('id', 'other', '').ok).toBe(true);
  });

  it('counts invalid requests per window and bans past the limit when enabled', () => {
    const { l, tick } = limiter({ invalidRequests: { limit: 3, windowMs: 60_000, ban: true } });
    for (let i = 0; i < 3; i++) l.recordInvalid('bot:t');
    l.recordInvalid('bot:u');
    expect(l.invalidCount('bot:t')).toBe(3);
    expect(l.invalidCount()).toBe(4);
    expect(l.banRemaining('bot:t')).toBe(60_000);
    expect(l.banRemaining('bot:u')).toBe(0);
    tick(60_000);
    expect(l.invalidCount('bot:t')).toBe(0);
    expect(l.banRemaining('bot:t')).toBe(0);
  });

  it('only reports the invalid count when the ban is disabled', () => {
    const { l } = limiter({ invalidRequests: { limit: 1, windowMs: 60_000, ban: false } });
    l.recordInvalid('x');
    l.recordInvalid('x');
    expect(l.invalidCount('x')).toBe(2);
    expect(l.banRemaining('x')).toBe(0);
  });
});
