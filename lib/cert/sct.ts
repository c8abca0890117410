/**
 * Embedded SCT list (RFC 6962 §3.3). The extension's value is a DER OCTET STRING whose content
 * is a TLS-encoded SignedCertificateTimestampList — not ASN.1 — so x509 has no class for it.
 *
 *   opaque SerializedSCT<1..2^16-1>;
 *   struct { SerializedSCT sct_list<1..2^16-1>; } SignedCertificateTimestampList;
 *   struct { Version sct_version(1); LogID id(32); uint64 timestamp;
 *            CtExtensions extensions<0..2^16-1>; digitally-signed struct {…} } SCT;
 *   digitally-signed = HashAlgorithm(1) SignatureAlgorithm(1) opaque signature<0..2^16-1>
 */
import { bytesToBase64, colonHex } from './bytes';
import { DerError, TAG_OCTET_STRING, UNIVERSAL, content, expect, readRoot } from './der';
import type { SctInfo, SctListInfo } from './types';

/** A reader over TLS "presentation language" data that never reads past its end. */
class TlsReader {
  constructor(
    private readonly buf: Uint8Array,
    public pos = 0,
    private readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw new DerError('SCT data truncated');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(): number {
    return this.bytes(1)[0] as number;
  }

  u16(): number {
    const b = this.bytes(2);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  u64(): number {
    const b = this.bytes(8);
    let n = 0;
    for (const x of b) n = n * 256 + x;
    // Timestamps are ms since 1970: far below 2^53. Larger means garbage, not a date.
    if (!Number.isSafeInteger(n)) throw new DerError('SCT timestamp out of range');
    return n;
  }

  /** A sub-reader over the next `n` bytes (a length-prefixed vector). */
  sub(n: number): TlsReader {
    const start = this.pos;
    this.bytes(n);
    return new TlsReader(this.buf, start, start + n);
  }
}

function readSct(r: TlsReader): SctInfo {
  const version = r.u8();
  const logId = r.bytes(32);
  const timestamp = r.u64();
  r.bytes(r.u16()); // CtExtensions: none are defined for v1
  const hashAlgorithm = r.u8();
  const signatureAlgorithm = r.u8();
  r.bytes(r.u16()); // signature: checking it needs the log's key, which we do not ship
  if (r.remaining !== 0) throw new DerError('trailing bytes in SCT');
  return {
    version,
    logIdBase64: bytesToBase64(logId),
    logIdHex: colonHex(logId),
    timestamp,
    hashAlgorithm,
    signatureAlgorithm,
  };
}

/** Parses the TLS-encoded list itself (the content of the inner OCTET STRING). */
export function parseSctListTls(tls: Uint8Array): SctListInfo {
  const scts: SctInfo[] = [];
  try {
    const outer = new TlsReader(tls);
    const list = outer.sub(outer.u16());
    if (outer.remaining !== 0) throw new DerError('trailing bytes after SCT list');
    while (list.remaining > 0) {
      scts.push(readSct(list.sub(list.u16())));
    }
    return { scts, count: scts.length };
  } catch (e) {
    // Keep what was read: "2 SCTs, then garbage" is more useful than nothing.
    return { scts, count: scts.length, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Parses the extension value (`extnValue` content): an OCTET STRING wrapping the TLS list. */
export function parseSctExtension(extnValue: Uint8Array): SctListInfo {
  try {
    const inner = expect(readRoot(extnValue), UNIVERSAL, TAG_OCTET_STRING, 'OCTET STRING');
    return parseSctListTls(content(extnValue, inner));
  } catch (e) {
    return { scts: [], count: 0, error: e instanceof Error ? e.message : String(e) };
  }
}
