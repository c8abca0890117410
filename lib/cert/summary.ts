/**
 * A light certificate reader for the popup's first view: what the identity card and the
 * collapsed chain show, read with the small DER reader (der.ts), without @peculiar/x509.
 *
 * Why: the full parser (parse.ts) needs a ~53 KB gzip chunk and ~7 ms per certificate; the
 * popup's first view needs only names, validity, SANs, the policy level, key and signature
 * algorithm and the SHA-256 fingerprint. This reads those in well under a millisecond and
 * keeps the full parser for a chain entry's details, parsed when they are shown.
 *
 * Same contract as parse.ts: never throws; bad input gives `{ ok: false, reason }` with the
 * same reasons. Output fields have the same meaning and form as CertDetails' fields of the same
 * name (tests/unit/cert/summary.test.ts holds them to the full parser's output).
 */
import { MAX_DER_BYTES, base64ToBytes, colonHex, hexToColonHex, normaliseBase64 } from './bytes';
import { capOutput } from './caps';
import {
  DerError,
  DerTooComplexError,
  TAG_SEQUENCE,
  UNIVERSAL,
  children,
  content,
  expect,
  readOid,
  readRoot,
  readTlv,
  MAX_OUTLINE_ELEMENTS,
  scanDer,
  type Tlv,
} from './der';
import { EC_CURVES, KEY_ALGORITHMS, OID_EC, OID_POLICIES, OID_RSA, OID_RSA_PSS, OID_SAN, validationLevelOf } from './oids';
import { decodeSan } from './san';
import { isSelfIssued, scanExtensionValue, signatureOf, readStructure, type CertStructure } from './structure';
import type { CertDetails, CertParseError, CertParseErrorReason, NameAttribute, NameInfo, PublicKeyInfo } from './types';

/** What the popup's first view shows of one certificate: a subset of CertDetails. */
export type CertBrief = Pick<
  CertDetails,
  | 'ok'
  | 'derBase64'
  | 'version'
  | 'serialNumber'
  | 'subject'
  | 'issuer'
  | 'notBefore'
  | 'notAfter'
  | 'sha256'
  | 'san'
  | 'policies'
  | 'validationLevel'
  | 'signature'
  | 'selfIssued'
  | 'precertificate'
  | 'cut'
> & {
  /** As CertDetails.publicKey, without the SPKI hash (nothing in the first view needs it). */
  publicKey: Omit<PublicKeyInfo, 'spkiSha256'>;
};

export type CertBriefResult = CertBrief | CertParseError;

/** Short names x509 gives attribute types (its Name registry); others stay dotted OIDs. */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
};

const OID_CT_POISON = '1.3.6.1.4.1.11129.2.4.3';

function fail(reason: CertParseErrorReason, detail?: unknown): CertParseError {
  const text = detail instanceof Error ? detail.message : detail === undefined ? undefined : String(detail);
  return text === undefined ? { ok: false, reason } : { ok: false, reason, detail: text };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text; bytes that are not UTF-8 read as latin-1, as x509 (asn1js) reads them. */
function utf8OrLatin1(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1(bytes);
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A directory string's text; undefined for a type x509 shows as "#hex". */
function stringValue(buf: Uint8Array, v: Tlv): string | undefined {
  if (v.cls !== UNIVERSAL || v.constructed) return undefined;
  const bytes = content(buf, v);
  switch (v.tag) {
    case 12: // UTF8String
      return utf8OrLatin1(bytes);
    case 19: // PrintableString
    case 20: // TeletexString
    case 22: // IA5String
      return latin1(bytes);
    case 30: {
      // BMPString: UTF-16BE
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
      return s;
    }
    case 28: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp =
          (((bytes[i] as number) << 24) | ((bytes[i + 1] as number) << 16) | ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number)) >>>
          0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
      }
      return s;
    }
    default:
      return undefined;
  }
}

/** RFC 4514 escaping exactly as x509's Name.toString() does it (one control character only, as there). */
function escape(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/([ ]$)/, '\\$1')
    .replace(/([\r\n\t])/, (c) => `\\${hex(new TextEncoder().encode(c)).toUpperCase()}`);
}

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }: the same NameInfo parse.ts gives. */
export function readName(buf: Uint8Array, tlv: Tlv): NameInfo {
  const attributes: NameAttribute[] = [];
  const rdnTexts: string[] = [];
  for (const rdn of children(buf, expect(tlv, UNIVERSAL, TAG_SEQUENCE, 'Name'))) {
    if (rdn.cls !== UNIVERSAL || rdn.tag !== 17) throw new DerError('expected RDN SET');
    const parts: string[] = [];
    // x509 lists an RDN's attributes grouped by type (toJSON), its text in encoded order.
    const grouped = new Map<string, string[]>();
    for (const atv of children(buf, rdn)) {
      const [typeTlv, valueTlv] = children(buf, expect(atv, UNIVERSAL, TAG_SEQUENCE, 'AttributeTypeAndValue'));
      const oid = readOid(buf, typeTlv, 'attribute type');
      if (!valueTlv) throw new DerError('attribute without value');
      const type = ATTRIBUTE_NAMES[oid] ?? oid;
      const text = stringValue(buf, valueTlv);
      const value = text ?? `#${hex(buf.subarray(valueTlv.start, valueTlv.end))}`;
      parts.push(`${type}=${text === undefined ? value : escape(text)}`);
      const list = grouped.get(type) ?? [];
      list.push(value);
      grouped.set(type, list);
    }
    for (const [type, values] of grouped) for (const value of values) attributes.push({ type, value });
    rdnTexts.push(parts.join('+'));
  }
  const info: NameInfo = { attributes, text: rdnTexts.join(', ') };
  const first = (type: string) => attributes.find((a) => a.type === type)?.value;
  for (const [key, type] of [
    ['cn', 'CN'],
    ['o', 'O'],
    ['ou', 'OU'],
    ['c', 'C'],
    ['l', 'L'],
    ['st', 'ST'],
  ] as const) {
    const value = first(type);
    if (value !== undefined) info[key] = value;
  }
  return info;
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSS[.f]Z) as ms since the epoch. */
function readTime(buf: Uint8Array, tlv: Tlv | undefined): number {
  if (!tlv || tlv.cls !== UNIVERSAL || (tlv.tag !== 23 && tlv.tag !== 24)) throw new DerError('expected a time');
  const s = latin1(content(buf, tlv));
  const m =
    tlv.tag === 23
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?Z$/.exec(s);
  if (!m) throw new DerError('unreadable time');
  let year = Number(m[1]);
  if (tlv.tag === 23) year += year < 50 ? 2000 : 1900;
  const ms = tlv.tag === 24 && m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const t = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
  if (!Number.isFinite(t)) throw new DerError('unreadable time');
  return t;
}

/** certificatePolicies ::= SEQUENCE OF SEQUENCE { policyIdentifier OID, qualifiers OPTIONAL }. */
function readPolicies(value: Uint8Array): string[] {
  const seq = expect(readRoot(value), UNIVERSAL, TAG_SEQUENCE, 'certificatePolicies');
  return children(value, seq).map((p) =>
    readOid(value, children(value, expect(p, UNIVERSAL, TAG_SEQUENCE, 'PolicyInformation'))[0], 'policy'),
  );
}

/**
 * RSA modulus size in bits, from the SPKI's BIT STRING (RSAPublicKey ::= SEQUENCE { n, e }).
 * Both readers use it (parse.ts too), so they cannot disagree on a damaged key.
 */
export function rsaBits(key: Uint8Array): number | undefined {
  scanDer(key);
  const parts = children(key, readRoot(key));
  const n = parts[0];
  if (parts.length !== 2 || !n || n.cls !== UNIVERSAL || n.tag !== 2 || parts[1]?.tag !== 2) return undefined;
  // As x509 computes modulusLength: one sign byte dropped, whole bytes.
  const length = n.end - n.contentStart;
  const bits = (key[n.contentStart] === 0 ? length - 1 : length) * 8;
  return bits > 0 ? bits : undefined;
}

function publicKeyOf(s: CertStructure): CertBrief['publicKey'] {
  const info: CertBrief['publicKey'] = { algorithm: KEY_ALGORITHMS[s.keyOid] ?? s.keyOid, oid: s.keyOid };
  if (s.keyOid === OID_RSA || s.keyOid === OID_RSA_PSS) {
    try {
      const bits = rsaBits(s.keyBits);
      if (bits) info.bits = bits;
    } catch {
      // Size unknown rather than guessed, as parse.ts does.
    }
  } else if (s.keyOid === OID_EC && s.keyParamOid) {
    const curve = EC_CURVES[s.keyParamOid];
    info.namedCurve = curve?.name ?? s.keyParamOid;
    if (curve) info.bits = curve.bits;
  }
  return info;
}

/** Serial as x509 shows it: the sign byte dropped when it is only there for a high first byte. */
function serialText(bytes: Uint8Array): string {
  const b = bytes.length > 1 && bytes[0] === 0 && (bytes[1] as number) > 0x7f ? bytes.subarray(1) : bytes;
  return hexToColonHex(hex(b));
}

type Sync = Omit<CertBrief, 'sha256'>;

function readBrief(der: Uint8Array, derBase64: string): Sync | CertParseError {
  let s: CertStructure;
  try {
    scanDer(der, MAX_OUTLINE_ELEMENTS);
    s = readStructure(der);
  } catch (e) {
    return fail(e instanceof DerTooComplexError ? 'too-complex' : 'not-der', e);
  }
  try {
    // readStructure checked the outline; walk the TBSCertificate again for the fields it skips.
    const cert = children(der, readRoot(der));
    const tbs = children(der, cert[0] as Tlv);
    let i = tbs[0]?.cls === 2 && tbs[0].tag === 0 ? 1 : 0;
    const serial = tbs[i++] as Tlv;
    i++; // signature AlgorithmIdentifier
    const issuerTlv = tbs[i++] as Tlv;
    const validity = children(der, tbs[i++] as Tlv);
    const subjectTlv = tbs[i++] as Tlv;
    const issuer = readName(der, issuerTlv);
    const subject = readName(der, subjectTlv);
    const notBefore = readTime(der, validity[0]);
    const notAfter = readTime(der, validity[1]);

    const out: Sync = {
      ok: true,
      derBase64,
      version: s.version,
      serialNumber: serialText(content(der, serial)),
      subject,
      issuer,
      notBefore,
      notAfter,
      san: [],
      policies: [],
      validationLevel: 'unknown',
      publicKey: publicKeyOf(s),
      signature: signatureOf(s),
      selfIssued: isSelfIssued(s),
      precertificate: false,
    };
    for (const ext of s.extensions) {
      // One undecodable extension leaves its field empty, as parse.ts does (it lists it as an error).
      try {
        scanExtensionValue(ext);
        if (ext.oid === OID_SAN) {
          out.san = decodeSan(ext.value, {
            directoryName: (nameDer) => readName(nameDer, readRoot(nameDer)).text,
            otherName: (gn) => `otherName:${readOid(gn, children(gn, readTlv(gn, 0))[0], 'otherName type')}`,
          });
        } else if (ext.oid === OID_POLICIES) {
          out.policies = readPolicies(ext.value);
        } else if (ext.oid === OID_CT_POISON) {
          out.precertificate = true;
        }
      } catch {
        // Leave the default.
      }
    }
    out.validationLevel = validationLevelOf(out.policies);
    return out;
  } catch (e) {
    return fail('not-certificate', e);
  }
}

/**
 * Reads the first-view fields of one certificate given as base64 DER. Never throws: bad input
 * comes back as `{ ok: false, reason }`, with the reasons parse.ts uses.
 */
export async function summariseCertificate(derBase64: string): Promise<CertBriefResult> {
  try {
    if (typeof derBase64 !== 'string' || normaliseBase64(derBase64) === '') return fail('empty');
    if (derBase64.length > MAX_DER_BYTES * 1.5 + 4096) return fail('too-large');
    const der = base64ToBytes(derBase64);
    if (!der) return fail('not-base64');
    if (der.length === 0) return fail('empty');
    if (der.length > MAX_DER_BYTES) return fail('too-large');
    const brief = readBrief(der, normaliseBase64(derBase64));
    if (!brief.ok) return brief;
    const sha256 = colonHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der.slice().buffer)));
    return capOutput({ ...brief, sha256 });
  } catch (e) {
    return fail('internal', e);
  }
}
