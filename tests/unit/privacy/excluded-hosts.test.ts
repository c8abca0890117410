import { describe, expect, it } from 'vitest';
import { addHost, normaliseHostInput, removeHost } from '../../../lib/privacy/excluded-hosts';

describe('normaliseHostInput', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  WWW.Example.COM  ', 'www.example.com'],
    ['https://www.example.com:8443/path?q=1#x', 'www.example.com'],
    ['example.com/path', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['example.com.', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['http://[2001:db8::1]:80/', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['192.0.2.1', '192.0.2.1'],
    ['localhost', 'localhost'],
  ])('%s → %s', (input, host) => {
    expect(normaliseHostInput(input)).toBe(host);
  });

  it.each(['', '   ', 'not a host', '<script>', 'a..b', '-a.com', 'javascript:alert(1)', 'x'.repeat(300)])('rejects %j', (input) => {
    expect(normaliseHostInput(input)).toBeUndefined();
  });

  it('lists stay sorted and unique', () => {
    expect(addHost(['b.test'], 'a.test')).toEqual(['a.test', 'b.test']);
    expect(addHost(['a.test'], 'a.test')).toEqual(['a.test']);
    expect(removeHost(['a.test', 'b.test'], 'a.test')).toEqual(['b.test']);
  });
});
