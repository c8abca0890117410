import { describe, expect, it } from 'vitest';
import { parseSctExtension, parseSctListTls } from '../../../lib/cert/sct';
import { der, logId, sctBytes, sctListTls } from './fixtures';

describe('SCT list (TLS encoding)', () => {
  it('reads three SCTs with their log IDs and timestamps', () => {
    const scts = [1, 2, 3].map((n) => ({ logId: logId(n * 10), timestamp: 1_700_000_000_000 + n }));
    const r = parseSctListTls(sctListTls(scts));
    expect(r.error).toBeUndefined();
    expect(r.count).toBe(3);
    expect(r.scts.map((s) => s.timestamp)).toEqual(scts.map((s) => s.timestamp));
    expect(r.scts[2]?.logIdBase64).toBe(Buffer.from(logId(30)).toString('base64'));
    expect(r.scts[0]?.logIdHex.startsWith('0A:0B:0C')).toBe(true);
  });

  it('unwraps the OCTET STRING of the extension value', () => {
    const tls = sctListTls([{ logId: logId(0), timestamp: 42 }]);
    expect(parseSctExtension(der(0x04, tls)).count).toBe(1);
    expect(parseSctExtension(der(0x30, tls)).error).toMatch(/OCTET STRING/);
  });

  it('reports errors without throwing', () => {
    expect(parseSctListTls(new Uint8Array([])).error).toBeDefined();
    expect(parseSctListTls(new Uint8Array([0x00, 0x05, 0x00])).error).toMatch(/truncated/);
    // An SCT whose declared length is longer than its content.
    const one = sctBytes({ logId: logId(1), timestamp: 1 });
    const bad = new Uint8Array([0x00, one.length + 2, 0x00, one.length + 1, ...one]);
    expect(parseSctListTls(bad).error).toBeDefined();
    // Trailing data after the list.
    const ok = sctListTls([{ logId: logId(1), timestamp: 1 }]);
    expect(parseSctListTls(new Uint8Array([...ok, 0xff])).error).toMatch(/trailing/);
    // A timestamp beyond 2^53 is garbage, not a date.
    const huge = sctBytes({ logId: logId(1), timestamp: 0 });
    huge.splice(33, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    const list = new Uint8Array([0x00, huge.length + 2, 0x00, huge.length, ...huge]);
    expect(parseSctListTls(list).error).toMatch(/range/);
  });
});
