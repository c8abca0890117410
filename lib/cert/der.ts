/**
 * A minimal, bounds-checked DER reader.
 *
 * @peculiar/x509 parses names and the common extensions, but it turns algorithm OIDs into
 * WebCrypto names (losing "sha256WithRSAEncryption"), throws on whole extension lists when one
 * entry is unusual, and has no class for SCTs or the TLS Feature. This reader fills those gaps
 * without another dependency. It accepts definite lengths only: browsers hand us DER.
 */

/** Thrown on any structural problem; callers turn it into an error value. */
export class DerError extends Error {
  override name = 'DerError';
}

/** One tag-length-value element, as offsets into the buffer it was read from. */
export interface Tlv {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  /** Tag number within its class (low-tag form only; certificates use nothing else). */
  tag: number;
  /** Offset of the identifier byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export const UNIVERSAL = 0;
export const CONTEXT = 2;
export const TAG_BOOLEAN = 1;
export const TAG_INTEGER = 2;
export const TAG_BIT_STRING = 3;
export const TAG_OCTET_STRING = 4;
export const TAG_OID = 6;
export const TAG_SEQUENCE = 16;

/** Reads the element at `offset`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset >= limit) throw new DerError('unexpected end of data');
  const id = buf[offset] as number;
  const tag = id & 0x1f;
  if (tag === 0x1f) throw new DerError('high tag numbers are not used in certificates');
  let pos = offset + 1;
  if (pos >= limit) throw new DerError('missing length');
  const first = buf[pos++] as number;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const n = first & 0x7f;
    // 0x80 is BER's indefinite form; more than 4 length bytes cannot describe a sane certificate.
    if (n === 0 || n > 4) throw new DerError('unsupported length form');
    if (pos + n > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[pos++] as number);
  }
  const end = pos + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { cls: id >> 6, constructed: (id & 0x20) !== 0, tag, start: offset, contentStart: pos, end };
}

/** Reads the single element that must fill `buf` exactly. */
export function readRoot(buf: Uint8Array): Tlv {
  const tlv = readTlv(buf, 0);
  if (tlv.end !== buf.length) throw new DerError('trailing data after the element');
  return tlv;
}

/** The elements inside a constructed element. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Checks class and tag, so a wrong structure fails loudly instead of being misread. */
export function expect(tlv: Tlv | undefined, cls: number, tag: number, what: string): Tlv {
  if (!tlv || tlv.cls !== cls || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

export function content(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.contentStart, tlv.end);
}

/** Decodes an OBJECT IDENTIFIER's content to dotted form. */
export function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new DerError('empty OID');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === bytes.length - 1) {
      throw new DerError('truncated OID');
    }
  }
  const head = arcs[0] as number;
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...arcs.slice(1)].join('.');
}

/** Reads an OID element, checking its tag. */
export function readOid(buf: Uint8Array, tlv: Tlv | undefined, what: string): string {
  return decodeOid(content(buf, expect(tlv, UNIVERSAL, TAG_OID, what)));
}

/** Decodes a small non-negative INTEGER (lengths, versions, feature codes). */
export function decodeSmallInt(bytes: Uint8Array): number {
  if (bytes.length === 0 || bytes.length > 6) throw new DerError('integer out of range');
  if (((bytes[0] as number) & 0x80) !== 0) throw new DerError('negative integer');
  let n = 0;
  for (const b of bytes) n = n * 256 + b;
  return n;
}
