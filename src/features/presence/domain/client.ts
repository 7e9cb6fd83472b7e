/**
 * What presence keeps of a viewer's client, free of I/O: a country from a proxy header, a clipped user
 * agent (the network prefix that replaces the address is in ../client-address.ts, which parses
 * addresses with node:net).
 */
/**
 * ISO 3166-1 alpha-2 country from a proxy header such as Cloudflare's CF-IPCountry. Cloudflare's
 * `XX` (unknown) and `T1` (Tor) are not countries and become null.
 */
export function countryFromHeader(value: string | readonly string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || code === 'XX' || code === 'T1') return null;
  return code;
}

export const USER_AGENT_MAX_LENGTH = 512;

export function clipUserAgent(value: string | undefined): string | null {
  if (!value) return null;
  return value.length > USER_AGENT_MAX_LENGTH ? value.slice(0, USER_AGENT_MAX_LENGTH) : value;
}
