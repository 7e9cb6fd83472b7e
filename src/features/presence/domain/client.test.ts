import { describe, expect, it } from 'vitest';
import { clipUserAgent, countryFromHeader, USER_AGENT_MAX_LENGTH } from './client.ts';

describe('country header', () => {
  it('reads an ISO country code, whatever its case and spacing', () => {
    expect(countryFromHeader('TW')).toBe('TW');
    expect(countryFromHeader(' de ')).toBe('DE');
    expect(countryFromHeader(['FR', 'DE'])).toBe('FR');
  });

  it("treats Cloudflare's unknown (XX) and Tor (T1) as no country", () => {
    expect(countryFromHeader('XX')).toBeNull();
    expect(countryFromHeader('T1')).toBeNull();
  });

  it('ignores a missing or malformed header', () => {
    expect(countryFromHeader(undefined)).toBeNull();
    expect(countryFromHeader('')).toBeNull();
    expect(countryFromHeader('TWN')).toBeNull();
    expect(countryFromHeader('1A')).toBeNull();
    expect(countryFromHeader([])).toBeNull();
  });
});

describe('user agents', () => {
  it('keeps a normal user agent and clips a huge one', () => {
    expect(clipUserAgent('Mozilla/5.0')).toBe('Mozilla/5.0');
    expect(clipUserAgent('x'.repeat(5000))?.length).toBe(USER_AGENT_MAX_LENGTH);
    expect(clipUserAgent(undefined)).toBeNull();
    expect(clipUserAgent('')).toBeNull();
  });
});
