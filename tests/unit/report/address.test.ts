import { describe, expect, it } from 'vitest';
import { classifyIp, connectionLocality, isIpLiteral, isLocalhostName, parseIPv6 } from '@/lib/report/address';

describe('classifyIp', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.178.1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['172.15.0.1', 'public'],
    ['172.32.0.1', 'public'],
    ['192.169.0.1', 'public'],
    ['100.64.0.1', 'public'],
    // RFC 2544 benchmarking: fake-IP proxies' addresses for internet sites, and the e2e sites'.
    ['198.18.0.1', 'public'],
    ['198.19.255.254', 'public'],
    ['8.8.8.8', 'public'],
    ['2001:db8::1', 'public'],
    ['fec0::1', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (ip, kind) => expect(classifyIp(ip)).toBe(kind));

  it.each(['localhost', 'example.com', '256.1.1.1', '1.2.3', '1.2.3.4.5', ':::', '1::2::3', 'g::1', '::ffff:1.2.3.999', ''])(
    '%j is not an IP literal',
    (text) => {
      expect(classifyIp(text)).toBeUndefined();
      expect(isIpLiteral(text)).toBe(false);
    },
  );

  it('parses IPv6 forms to eight groups', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('2001:db8::8:800:200c:417a')).toEqual([0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]);
    expect(parseIPv6('::ffff:10.1.2.3')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});

describe('localhost names and locality', () => {
  it('knows localhost and *.localhost, case and trailing dot aside', () => {
    expect(isLocalhostName('localhost')).toBe(true);
    expect(isLocalhostName('LOCALHOST.')).toBe(true);
    expect(isLocalhostName('app.localhost')).toBe(true);
    expect(isLocalhostName('localhost.example.com')).toBe(false);
    expect(isLocalhostName('mylocalhost')).toBe(false);
  });

  it('judges by host first, then by the IP connected to', () => {
    expect(connectionLocality('localhost', '203.0.113.1')).toEqual({ kind: 'loopback', evidence: 'localhost', by: 'host' });
    expect(connectionLocality('secure.test', '127.0.0.1')).toEqual({ kind: 'loopback', evidence: '127.0.0.1', by: 'ip' });
    expect(connectionLocality('nas.lan', '192.168.1.10')).toEqual({ kind: 'private', evidence: '192.168.1.10', by: 'ip' });
    expect(connectionLocality('example.com', '203.0.113.1')).toBeUndefined();
    expect(connectionLocality('example.com')).toBeUndefined();
    // A public IP literal host is public whatever the IP field says.
    expect(connectionLocality('203.0.113.1', '127.0.0.1')).toBeUndefined();
  });
});
