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
const TAG_SET = 17;

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

/** Longest OBJECT IDENTIFIER content accepted. */
const MAX_OID_BYTES = 128;
/** Nesting deeper than this is refused: real certificates nest about ten deep. */
export const MAX_DER_DEPTH = 32;
/**
 * Elements allowed in one scanned structure. The certificate's outline (everything but the
 * contents of OCTET and BIT STRINGs) has 100–300 in real certificates; x509/asn1js spend
 * ~20 µs on each, so 1,024 keeps the full parser far under 50 ms. An extension's value (2,000
 * SANs are ~2,000 elements) is scanned on its own with the larger limit.
 */
export const MAX_OUTLINE_ELEMENTS = 1024;
export const MAX_DER_ELEMENTS = 8192;
/**
 * Elements allowed in an extension value other than subjectAltName: x509's extension classes
 * (asn1-schema) spend ~15 µs on each; real AIA, CRL DP or policy values have under 50.
 */
export const MAX_EXTENSION_ELEMENTS = 256;

/** The input is well-formed but nested too deep or made of too many parts to read safely. */
export class DerTooComplexError extends DerError {
  override name = 'DerTooComplexError';
}

/**
 * Universal primitive types whose DER content has a fixed size. asn1js decodes a BOOLEAN with
 * a copy of the whole value per byte (quadratic: 80 KB took 4 s), so these are checked here,
 * before it sees them.
 */
const FIXED_SIZE: Readonly<Record<number, number>> = { [TAG_BOOLEAN]: 1, 5: 0 /* NULL */ };

/**
 * Cheap structural check that every reader calls before any other work: `buf` must be exactly
 * one DER element whose constructed parts nest at most MAX_DER_DEPTH deep, hold at most
 * `maxElements` elements in all, have consistent definite lengths, and whose BOOLEANs and
 * NULLs have their fixed size. Iterative (an explicit stack), so depth costs no call stack;
 * linear in the input. Primitive contents are not entered: a reader that decodes DER held in
 * an OCTET or BIT STRING (an extension's value, an RSA key) scans that content first.
 *
 * Throws DerTooComplexError for depth or element count, DerError for anything malformed.
 */
export function scanDer(buf: Uint8Array, maxElements: number = MAX_DER_ELEMENTS): void {
  const root = readRoot(buf);
  let elements = 0;
  // Each frame: the next offset to read and the end of the constructed element being walked.
  const stack: { pos: number; end: number }[] = [];
  const visit = (tlv: Tlv): void => {
    if (++elements > maxElements) throw new DerTooComplexError('too many elements');
    if (tlv.constructed) {
      if (stack.length >= MAX_DER_DEPTH) throw new DerTooComplexError('nested too deeply');
      stack.push({ pos: tlv.contentStart, end: tlv.end });
      // DER builds only SEQUENCE and SET from parts; a constructed BOOLEAN or string is BER.
      if (tlv.cls === UNIVERSAL && tlv.tag !== TAG_SEQUENCE && tlv.tag !== TAG_SET)
        throw new DerError('constructed form of a primitive type');
    } else if (tlv.cls === UNIVERSAL) {
      // SEQUENCE and SET are always constructed (X.690 8.9, 8.11); asn1js took 46 ms on a 20 KB primitive SET.
      if (tlv.tag === TAG_SEQUENCE || tlv.tag === TAG_SET) throw new DerError('primitive form of a constructed type');
      // Real OIDs are under 40 bytes; asn1js decodes a long one with a copy per arc (20 KB: 1.5 s).
      if (tlv.tag === TAG_OID && tlv.end - tlv.contentStart > MAX_OID_BYTES) throw new DerError('OID too long');
      const size = FIXED_SIZE[tlv.tag];
      if (size !== undefined && tlv.end - tlv.contentStart !== size) throw new DerError('wrong length for a fixed-size type');
    }
  };
  visit(root);
  while (stack.length) {
    const top = stack[stack.length - 1] as { pos: number; end: number };
    if (top.pos >= top.end) {
      stack.pop();
      continue;
    }
    const tlv = readTlv(buf, top.pos, top.end);
    top.pos = tlv.end;
    visit(tlv);
  }
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
