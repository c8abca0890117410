import { describe, expect, it } from 'vitest';
import { decodeVerdict, encodeVerdict, tlsRank, VERDICTS } from '../../../lib/history/codes';
import { VERDICT_KINDS, type VerdictKind } from '../../../lib/report/types';

describe('verdict codes', () => {
  it('every verdict kind round-trips through its own code', () => {
    for (const kind of VERDICT_KINDS) expect(decodeVerdict(encodeVerdict(kind))).toBe(kind);
    expect(new Set(VERDICT_KINDS.map(encodeVerdict)).size).toBe(VERDICT_KINDS.length);
  });

  it('codes written to disk keep their meaning (append-only)', () => {
    expect(VERDICTS.slice(0, 9)).toEqual(['secure', 'weak', 'http', 'mixed', 'overridden', 'broken', 'custom-root', 'local', 'unknown']);
  });

  it('a kind missing from the list is an error, never silently "unknown"', () => {
    expect(() => encodeVerdict('intercepted' as VerdictKind)).toThrow(RangeError);
  });
});

describe('TLS ranks', () => {
  it('orders versions, QUIC with TLS 1.3, unknown strings unranked', () => {
    expect(tlsRank('TLSv1.2')).toBeLessThan(tlsRank('TLSv1.3') ?? 0);
    expect(tlsRank('QUIC')).toBe(tlsRank('TLSv1.3'));
    expect(tlsRank('TLSv1')).toBe(tlsRank('TLSv1.0'));
    expect(tlsRank('QUICv1-something')).toBeUndefined();
  });
});
