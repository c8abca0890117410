/**
 * Walks the outer X.509 structure with the DER reader: the parts x509 does not expose as we
 * need them (algorithm OIDs, raw extensions one by one, the SPKI bytes).
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
 *   TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
 *                                 subject, subjectPublicKeyInfo, [1] [2] OPTIONAL, [3] extensions OPTIONAL }
 */
import {
  CONTEXT,
  DerError,
  TAG_BIT_STRING,
  TAG_BOOLEAN,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  UNIVERSAL,
  children,
  content,
  decodeSmallInt,
  expect,
  MAX_DER_ELEMENTS,
  MAX_EXTENSION_ELEMENTS,
  readOid,
  readRoot,
  scanDer,
  type Tlv,
} from './der';
import { HASH_ALGORITHMS, OID_RSA_PSS, OID_SAN, SIGNATURE_ALGORITHMS, WEAK_HASHES } from './oids';
import type { SignatureInfo } from './types';

/** One extension, still encoded. */
export interface RawExtension {
  oid: string;
  critical: boolean;
  /** The whole Extension SEQUENCE, for x509's extension classes. */
  der: Uint8Array;
  /** Content of extnValue: the extension's own DER. */
  value: Uint8Array;
}

export interface CertStructure {
  version: number;
  signatureOid: string;
  /** The AlgorithmIdentifier's parameters element, when present (RSASSA-PSS needs it). */
  signatureParams?: Uint8Array;
  spki: Uint8Array;
  /** The subjectPublicKey BIT STRING's bits (an RSA key is DER inside; an EC key is a point). */
  keyBits: Uint8Array;
  /** The signature BIT STRING's bits (ECDSA signatures are DER inside). */
  signatureBits: Uint8Array;
  keyOid: string;
  /** The issuer and subject Name elements, encoded. */
  issuer: Uint8Array;
  subject: Uint8Array;
  /** For EC keys: the namedCurve OID; undefined for explicit or absent parameters. */
  keyParamOid?: string;
  extensions: RawExtension[];
}

function readAlgorithm(buf: Uint8Array, tlv: Tlv | undefined, what: string): { oid: string; params?: Tlv } {
  const parts = children(buf, expect(tlv, UNIVERSAL, TAG_SEQUENCE, what));
  return { oid: readOid(buf, parts[0], what), params: parts[1] };
}

function readExtension(buf: Uint8Array, tlv: Tlv): RawExtension {
  const parts = children(buf, expect(tlv, UNIVERSAL, TAG_SEQUENCE, 'Extension'));
  const oid = readOid(buf, parts[0], 'extnID');
  let i = 1;
  let critical = false;
  const maybeBool = parts[i];
  if (maybeBool && maybeBool.cls === UNIVERSAL && maybeBool.tag === TAG_BOOLEAN) {
    critical = (content(buf, maybeBool)[0] ?? 0) !== 0;
    i++;
  }
  const value = content(buf, expect(parts[i], UNIVERSAL, TAG_OCTET_STRING, 'extnValue'));
  return { oid, critical, der: buf.subarray(tlv.start, tlv.end), value };
}

/** A BIT STRING's content without its unused-bits octet. */
function bitStringBits(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return content(buf, tlv).subarray(1);
}

/**
 * Scans an extension's value before either reader decodes it (see scanDer): SANs may be many,
 * other extensions are small in real certificates. Throws like scanDer; both readers then
 * leave that extension's field empty, so they agree.
 */
export function scanExtensionValue(ext: RawExtension): void {
  scanDer(ext.value, ext.oid === OID_SAN ? MAX_DER_ELEMENTS : MAX_EXTENSION_ELEMENTS);
}

/** Throws DerError when the bytes are not an X.509 certificate's outline. */
export function readStructure(der: Uint8Array): CertStructure {
  const cert = children(der, expect(readRoot(der), UNIVERSAL, TAG_SEQUENCE, 'Certificate'));
  if (cert.length !== 3) throw new DerError('Certificate must have three parts');
  const tbs = children(der, expect(cert[0], UNIVERSAL, TAG_SEQUENCE, 'TBSCertificate'));
  const sig = readAlgorithm(der, cert[1], 'signatureAlgorithm');
  const signatureBits = bitStringBits(der, expect(cert[2], UNIVERSAL, TAG_BIT_STRING, 'signature'));

  let i = 0;
  let version = 1;
  const first = tbs[0];
  if (first && first.cls === CONTEXT && first.tag === 0) {
    const v = children(der, first)[0];
    version = decodeSmallInt(content(der, expect(v, UNIVERSAL, TAG_INTEGER, 'version'))) + 1;
    i++;
  }
  expect(tbs[i++], UNIVERSAL, TAG_INTEGER, 'serialNumber');
  readAlgorithm(der, tbs[i++], 'signature');
  const issuer = expect(tbs[i++], UNIVERSAL, TAG_SEQUENCE, 'issuer');
  expect(tbs[i++], UNIVERSAL, TAG_SEQUENCE, 'validity');
  const subject = expect(tbs[i++], UNIVERSAL, TAG_SEQUENCE, 'subject');
  const spkiTlv = expect(tbs[i++], UNIVERSAL, TAG_SEQUENCE, 'subjectPublicKeyInfo');
  const spkiParts = children(der, spkiTlv);
  const key = readAlgorithm(der, spkiParts[0], 'SPKI algorithm');
  const keyBits = bitStringBits(der, expect(spkiParts[1], UNIVERSAL, TAG_BIT_STRING, 'subjectPublicKey'));
  const keyParamOid =
    key.params && key.params.cls === UNIVERSAL && key.params.tag === TAG_OID ? readOid(der, key.params, 'curve') : undefined;

  const extensions: RawExtension[] = [];
  for (; i < tbs.length; i++) {
    const t = tbs[i] as Tlv;
    if (t.cls === CONTEXT && t.tag === 3) {
      const list = expect(children(der, t)[0], UNIVERSAL, TAG_SEQUENCE, 'Extensions');
      for (const ext of children(der, list)) extensions.push(readExtension(der, ext));
    }
  }

  return {
    version,
    signatureOid: sig.oid,
    signatureParams: sig.params ? der.subarray(sig.params.start, sig.params.end) : undefined,
    spki: der.subarray(spkiTlv.start, spkiTlv.end),
    keyBits,
    signatureBits,
    keyOid: key.oid,
    issuer: der.subarray(issuer.start, issuer.end),
    subject: der.subarray(subject.start, subject.end),
    keyParamOid,
    extensions,
  };
}

/**
 * Subject and issuer are the same name. Compared on the encoded bytes, which is what RFC 5280
 * path building uses in practice (and cheap: x509's Name.toArrayBuffer re-encodes).
 */
export function isSelfIssued(s: CertStructure): boolean {
  return s.issuer.length === s.subject.length && s.issuer.every((v, i) => v === s.subject[i]);
}

/**
 * The digest named in RSASSA-PSS-params: `[0] EXPLICIT hashAlgorithm DEFAULT sha1`.
 * Returns the hash OID, or undefined when defaulted (which means SHA-1).
 */
function pssHashOid(params: Uint8Array | undefined): string | undefined {
  if (!params) return undefined;
  const root = readRoot(params);
  if (root.cls !== UNIVERSAL || root.tag !== TAG_SEQUENCE) return undefined;
  const hashField = children(params, root).find((c) => c.cls === CONTEXT && c.tag === 0);
  if (!hashField) return undefined;
  return readAlgorithm(params, children(params, hashField)[0], 'PSS hashAlgorithm').oid;
}

/** TLS Feature (RFC 7633): `SEQUENCE OF INTEGER`; returns the feature codes. */
export function readTlsFeatures(value: Uint8Array): number[] {
  const seq = expect(readRoot(value), UNIVERSAL, TAG_SEQUENCE, 'TLS Feature');
  return children(value, seq).map((c) => decodeSmallInt(content(value, expect(c, UNIVERSAL, TAG_INTEGER, 'feature'))));
}

/** SubjectAltName `GeneralNames ::= SEQUENCE OF GeneralName`, split into encoded entries. */
export function splitGeneralNames(value: Uint8Array): { tag: number; der: Uint8Array; content: Uint8Array }[] {
  const seq = expect(readRoot(value), UNIVERSAL, TAG_SEQUENCE, 'GeneralNames');
  return children(value, seq).map((c) => {
    if (c.cls !== CONTEXT) throw new DerError('GeneralName must be context-tagged');
    return { tag: c.tag, der: value.subarray(c.start, c.end), content: content(value, c) };
  });
}

/** The signature algorithm's name and digest, and whether that digest is broken (SHA-1, MD5). */
export function signatureOf(s: CertStructure): SignatureInfo {
  const known = SIGNATURE_ALGORITHMS[s.signatureOid];
  let hash = known?.hash;
  if (s.signatureOid === OID_RSA_PSS) {
    // RSASSA-PSS defaults its digest to SHA-1 when the parameters leave it out.
    let hashOid: string | undefined;
    try {
      hashOid = pssHashOid(s.signatureParams);
    } catch {
      hashOid = undefined;
    }
    hash = hashOid ? (HASH_ALGORITHMS[hashOid] ?? hashOid) : 'SHA-1';
  }
  const info: SignatureInfo = {
    oid: s.signatureOid,
    name: known?.name ?? s.signatureOid,
    usesSha1: hash === 'SHA-1',
    weak: hash !== undefined && WEAK_HASHES.has(hash),
  };
  if (hash !== undefined) info.hash = hash;
  return info;
}
