import { describe, expect, it } from 'vitest';
import { truncateIp } from './client-address.ts';

describe('IP truncation', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['10.0.0.1', '10.0.0.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['::FFFF:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::/48'],
    ['2001:db8::1', '2001:db8::/48'],
    ['::1', '::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['64:ff9b::192.0.2.33', '64:ff9b::/48'],
    ['2001:db8:0:1::5', '2001:db8::/48'],
  ])('keeps only the network of %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['not-an-ip'], ['999.1.1.1'], ['1:2:3']])(
    'stores nothing for %s',
    (ip) => {
      expect(truncateIp(ip)).toBeNull();
    },
  );
});
