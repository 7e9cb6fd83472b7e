/**
 * The network prefix presence keeps instead of a viewer's address. Not in domain/: telling IPv4 from
 * IPv6 text uses node:net's parsers rather than a hand-written copy of them.
 */
import { isIPv4, isIPv6 } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Address and country. The address is truncated, not hashed: a hash of an IPv4 address is
// reversed by trying all 2^32 of them, so it stays personal data, whereas a /24 (IPv4) or /48 (IPv6)
// prefix names a network, which is what abuse and audience analysis need.
// ---------------------------------------------------------------------------------------------

export function truncateIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(address)) {
    const groups = expandIpv6(address);
    if (!groups) return null;
    return `${compressIpv6([...groups.slice(0, 3), '0', '0', '0', '0', '0'])}/48`;
  }
  return null;
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: readonly string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** The eight 16-bit groups of an IPv6 address, lower case without leading zeros. */
function expandIpv6(address: string): string[] | null {
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const parse = (part: string | undefined): string[] => (part ? part.split(':') : []);
  let left = parse(head);
  let right = parse(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const convert = (groups: string[]): string[] => {
    const last = groups[groups.length - 1];
    if (last === undefined || !isIPv4(last)) return groups;
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    return [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  left = convert(left);
  right = convert(right);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}
