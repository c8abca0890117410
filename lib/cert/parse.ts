/**
 * Certificate parser for the popup. This is the only module that loads @peculiar/x509
 * (~50 KB gzip): the popup reaches it through `import()`, never the background.
 *
 * Contract: never throws. Bad input gives `{ ok: false, reason }`; an extension that cannot
 * be decoded is listed in `extensionErrors` while the rest of the certificate still shows.
 */
// x509 resolves its services through tsyringe, which needs a Reflect polyfill loaded first.
// @abraham/reflection instead of reflect-metadata: the latter trips addons-linter (eval).
import '@abraham/reflection';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  CertificatePolicyExtension,
  ExtendedKeyUsageExtension,
  GeneralName,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  type ParseOptions,
} from '@peculiar/x509';
import { MAX_DER_BYTES, base64ToBytes, bytesToBase64, colonHex, hexToColonHex, normaliseBase64 } from './bytes';
import { capOutput } from './caps';
import { DerError, DerTooComplexError, children, decodeOid, readRoot, scanDer, MAX_OUTLINE_ELEMENTS } from './der';
import {
  EC_CURVES,
  EKU_NAMES,
  EXTENSION_NAMES,
  KEY_ALGORITHMS,
  KEY_USAGE_NAMES,
  OID_AIA,
  OID_AKI,
  OID_BASIC_CONSTRAINTS,
  OID_CRL_DP,
  OID_CT_POISON,
  OID_EC,
  OID_EXT_KEY_USAGE,
  OID_KEY_USAGE,
  OID_POLICIES,
  OID_RSA,
  OID_RSA_PSS,
  OID_SAN,
  OID_SCT_LIST,
  OID_SKI,
  OID_TLS_FEATURE,
  validationLevelOf,
} from './oids';
import { decodeSan } from './san';
import { parseSctExtension } from './sct';
import { readName, rsaBits } from './summary';
import {
  isSelfIssued,
  scanExtensionValue,
  signatureOf,
  readStructure,
  readTlsFeatures,
  type CertStructure,
  type RawExtension,
} from './structure';
import type {
  SignatureCheck,
  CertDetails,
  CertParseError,
  CertParseErrorReason,
  CertParseResult,
  ExtensionInfo,
  NameInfo,
  PublicKeyInfo,
  SanEntry,
  SignatureInfo,
} from './types';

/**
 * asn1js limits. The default node limit (10 000) would reject a certificate with ~10 000 SANs;
 * we lift it but keep bounds. `parseEmbedded: false` stops asn1js from speculatively parsing
 * every OCTET/BIT STRING's content as ASN.1, which is wasted work on hostile input.
 */
const PARSE_OPTIONS: ParseOptions = {
  berOptions: { maxDepth: 64, maxNodes: 200_000, maxContentLength: MAX_DER_BYTES, parseEmbedded: false },
};

/** TLS Feature code for status_request (RFC 6066), i.e. OCSP must-staple. */
const TLS_FEATURE_STATUS_REQUEST = 5;

function fail(reason: CertParseErrorReason, detail?: unknown): CertParseError {
  const text = detail instanceof Error ? detail.message : detail === undefined ? undefined : String(detail);
  return text === undefined ? { ok: false, reason } : { ok: false, reason, detail: text };
}

/** A fresh ArrayBuffer holding exactly these bytes (x509 and WebCrypto want BufferSource). */
function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

async function digest(algorithm: 'SHA-256' | 'SHA-1', bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, toBuffer(bytes)));
}

async function publicKeyInfo(s: CertStructure): Promise<PublicKeyInfo> {
  const info: PublicKeyInfo = {
    algorithm: KEY_ALGORITHMS[s.keyOid] ?? s.keyOid,
    oid: s.keyOid,
    spkiSha256: bytesToBase64(await digest('SHA-256', s.spki)),
  };
  if (s.keyOid === OID_RSA || s.keyOid === OID_RSA_PSS) {
    try {
      const bits = rsaBits(s.keyBits);
      if (bits) info.bits = bits;
    } catch {
      // A key x509 cannot read still has a name; leave the size unknown rather than guess.
    }
  } else if (s.keyOid === OID_EC) {
    const curve = s.keyParamOid ? EC_CURVES[s.keyParamOid] : undefined;
    if (curve) {
      info.namedCurve = curve.name;
      info.bits = curve.bits;
    } else if (s.keyParamOid) {
      info.namedCurve = s.keyParamOid;
    }
  }
  return info;
}

/** otherNames decoded with x509 per certificate; the rest show their type OID (cost bound). */
const MAX_X509_OTHER_NAMES = 16;

/** otherName ::= [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT ANY }: its type OID. */
function otherNameOid(der: Uint8Array): string {
  const typeId = children(der, readRoot(der))[0];
  if (!typeId) throw new DerError('empty otherName');
  return `otherName:${decodeOid(der.subarray(typeId.contentStart, typeId.end))}`;
}

/** x509's GeneralName decodes UPN and GUID otherNames; other types show their OID. */
function otherNameText(der: Uint8Array): string {
  try {
    const gn = new GeneralName(toBuffer(der), PARSE_OPTIONS);
    return `${gn.type}:${gn.value}`;
  } catch {
    return otherNameOid(der);
  }
}

function uris(names: readonly GeneralName[]): string[] {
  return names.filter((n) => n.type === 'url').map((n) => n.value);
}

/** What the known extensions contribute; filled one extension at a time. */
type ExtensionFields = Pick<
  CertDetails,
  | 'san'
  | 'keyUsages'
  | 'extendedKeyUsages'
  | 'basicConstraints'
  | 'ocspUrls'
  | 'caIssuersUrls'
  | 'crlUrls'
  | 'policies'
  | 'sct'
  | 'mustStaple'
  | 'precertificate'
  | 'subjectKeyId'
  | 'authorityKeyId'
>;

function applyExtension(ext: RawExtension, out: ExtensionFields): void {
  // extnValue is DER that x509's classes hand to asn1js: scan it first (see scanDer).
  scanExtensionValue(ext);
  const raw = toBuffer(ext.der);
  switch (ext.oid) {
    case OID_SAN: {
      // The light reader's name decoder (same text as x509's Name, held to it by the tests):
      // x509 costs ~0.3 ms per directoryName. Likewise only the first otherNames go to x509.
      let otherNames = 0;
      out.san = decodeSan(ext.value, {
        directoryName: (der) => readName(der, readRoot(der)).text,
        otherName: (der) => (++otherNames <= MAX_X509_OTHER_NAMES ? otherNameText(der) : otherNameOid(der)),
      });
      return;
    }
    case OID_KEY_USAGE: {
      const flags = new KeyUsagesExtension(raw, PARSE_OPTIONS).usages;
      out.keyUsages = KEY_USAGE_NAMES.filter((_, bit) => (flags & (1 << bit)) !== 0);
      return;
    }
    case OID_EXT_KEY_USAGE:
      out.extendedKeyUsages = new ExtendedKeyUsageExtension(raw, PARSE_OPTIONS).usages.map((u) => {
        const oid = String(u);
        return EKU_NAMES[oid] ?? oid;
      });
      return;
    case OID_BASIC_CONSTRAINTS: {
      const bc = new BasicConstraintsExtension(raw, PARSE_OPTIONS);
      out.basicConstraints = { ca: bc.ca, critical: ext.critical };
      if (bc.pathLength !== undefined) out.basicConstraints.pathLen = bc.pathLength;
      return;
    }
    case OID_AIA: {
      const aia = new AuthorityInfoAccessExtension(raw, PARSE_OPTIONS);
      out.ocspUrls = uris(aia.ocsp);
      out.caIssuersUrls = uris(aia.caIssuers);
      return;
    }
    case OID_CRL_DP:
      out.crlUrls = new CRLDistributionPointsExtension(raw, PARSE_OPTIONS).distributionPoints.flatMap((dp) =>
        (dp.distributionPoint?.fullName ?? []).flatMap((gn) =>
          gn.uniformResourceIdentifier === undefined ? [] : [gn.uniformResourceIdentifier],
        ),
      );
      return;
    case OID_POLICIES:
      out.policies = [...new CertificatePolicyExtension(raw, PARSE_OPTIONS).policies];
      return;
    case OID_SCT_LIST:
      out.sct = parseSctExtension(ext.value);
      return;
    case OID_TLS_FEATURE:
      out.mustStaple = readTlsFeatures(ext.value).includes(TLS_FEATURE_STATUS_REQUEST);
      return;
    case OID_CT_POISON:
      out.precertificate = true;
      return;
    case OID_SKI:
      out.subjectKeyId = hexToColonHex(new SubjectKeyIdentifierExtension(raw, PARSE_OPTIONS).keyId);
      return;
    case OID_AKI: {
      const keyId = new AuthorityKeyIdentifierExtension(raw, PARSE_OPTIONS).keyId;
      if (keyId) out.authorityKeyId = hexToColonHex(keyId);
      return;
    }
    default:
      return;
  }
}

const WEBCRYPTO_HASHES: ReadonlySet<string> = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
const WEBCRYPTO_CURVES: ReadonlySet<string> = new Set(['P-256', 'P-384', 'P-521']);

/**
 * Whether WebCrypto in both engines can check this signature: RSA, RSA-PSS and ECDSA on NIST
 * curves. Ed25519 is left out on purpose: older Chromium lacks it, and a failed import would
 * read as "not self-signed".
 */
function webCryptoCanVerify(s: CertStructure, sig: SignatureInfo): boolean {
  if (sig.hash === undefined || !WEBCRYPTO_HASHES.has(sig.hash)) return false;
  if (s.keyOid === OID_RSA || s.keyOid === OID_RSA_PSS) return sig.name.includes('RSA') || sig.name === 'rsassaPss';
  if (s.keyOid === OID_EC) {
    const curve = s.keyParamOid ? EC_CURVES[s.keyParamOid]?.name : undefined;
    return curve !== undefined && WEBCRYPTO_CURVES.has(curve) && sig.name.startsWith('ecdsa');
  }
  return false;
}

/**
 * An ECDSA signature is DER that x509 hands to asn1js: scan it first (see scanDer). `key` is
 * the certificate whose key checks `signed`'s signature (the same one when self-signed).
 */
function signatureDerIsSafe(key: CertStructure, signed: CertStructure = key): boolean {
  if (key.keyOid !== OID_EC) return true;
  try {
    scanDer(signed.signatureBits);
    return true;
  } catch {
    return false;
  }
}

async function details(der: Uint8Array, derBase64: string): Promise<CertParseResult> {
  let s: CertStructure;
  try {
    // Before asn1js sees anything: bounded depth and size, no BOOLEAN it would decode quadratically.
    scanDer(der, MAX_OUTLINE_ELEMENTS);
    s = readStructure(der);
  } catch (e) {
    return fail(e instanceof DerTooComplexError ? 'too-complex' : 'not-der', e);
  }
  let cert: X509Certificate;
  let subject: NameInfo;
  let issuer: NameInfo;
  let notBefore: number;
  let notAfter: number;
  let serialNumber: string;
  try {
    cert = new X509Certificate(toBuffer(der), PARSE_OPTIONS);
    // One name decoder for both readers (summary.ts): asn1js would cut UniversalString code
    // points to 16 bits, so the two readers showed the same name two ways.
    subject = readName(s.subject, readRoot(s.subject));
    issuer = readName(s.issuer, readRoot(s.issuer));
    notBefore = cert.notBefore.getTime();
    notAfter = cert.notAfter.getTime();
    serialNumber = hexToColonHex(cert.serialNumber);
  } catch (e) {
    return fail('not-certificate', e);
  }

  const fields: ExtensionFields = {
    san: [],
    ocspUrls: [],
    caIssuersUrls: [],
    crlUrls: [],
    policies: [],
    mustStaple: false,
    precertificate: false,
  };
  const extensions: ExtensionInfo[] = [];
  const extensionErrors: CertDetails['extensionErrors'] = [];
  for (const ext of s.extensions) {
    const info: ExtensionInfo = { oid: ext.oid, critical: ext.critical };
    const name = EXTENSION_NAMES[ext.oid];
    if (name) info.name = name;
    extensions.push(info);
    try {
      applyExtension(ext, fields);
    } catch (e) {
      extensionErrors.push({ oid: ext.oid, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  if (fields.sct?.error) extensionErrors.push({ oid: OID_SCT_LIST, reason: fields.sct.error });

  const selfIssued = isSelfIssued(s);
  const signature = signatureOf(s);
  let selfSigned = selfIssued;
  let selfSignatureChecked = false;
  // x509's verify() answers false (not an error) when WebCrypto cannot import the key, so only
  // ask it when the answer means something; otherwise fall back to the name comparison.
  if (selfIssued && webCryptoCanVerify(s, signature) && signatureDerIsSafe(s)) {
    try {
      selfSigned = await cert.verify({ signatureOnly: true }, crypto);
      selfSignatureChecked = true;
    } catch {
      selfSigned = selfIssued;
    }
  }

  const [sha256, sha1, publicKey] = await Promise.all([digest('SHA-256', der), digest('SHA-1', der), publicKeyInfo(s)]);

  return capOutput<CertDetails>({
    ok: true,
    derBase64,
    version: s.version,
    serialNumber,
    subject,
    issuer,
    notBefore,
    notAfter,
    sha256: colonHex(sha256),
    sha1: colonHex(sha1),
    publicKey,
    signature,
    ...fields,
    isCa: fields.basicConstraints?.ca === true,
    validationLevel: validationLevelOf(fields.policies),
    selfIssued,
    selfSigned,
    selfSignatureChecked,
    extensions,
    extensionErrors,
  });
}

/**
 * Parses one certificate given as base64 DER (whitespace allowed). Never throws: bad input,
 * or a certificate x509 rejects, comes back as `{ ok: false, reason }`.
 */
export async function parseCertificate(derBase64: string): Promise<CertParseResult> {
  try {
    if (typeof derBase64 !== 'string' || normaliseBase64(derBase64) === '') return fail('empty');
    // Cheap size check before any copying: base64 is 4/3 of the bytes, plus room for line breaks.
    if (derBase64.length > MAX_DER_BYTES * 1.5 + 4096) return fail('too-large');
    const der = base64ToBytes(derBase64);
    if (!der) return fail('not-base64');
    if (der.length === 0) return fail('empty');
    if (der.length > MAX_DER_BYTES) return fail('too-large');
    return await details(der, normaliseBase64(derBase64));
  } catch (e) {
    // Last resort: a library bug must not take the popup down with it.
    return fail('internal', e);
  }
}

function certificateBytes(derBase64: string): { der: Uint8Array; s: CertStructure } | undefined {
  if (typeof derBase64 !== 'string' || derBase64.length > MAX_DER_BYTES * 1.5 + 4096) return undefined;
  const der = base64ToBytes(derBase64);
  if (!der || der.length === 0 || der.length > MAX_DER_BYTES) return undefined;
  try {
    scanDer(der, MAX_OUTLINE_ELEMENTS);
    return { der, s: readStructure(der) };
  } catch {
    return undefined;
  }
}

/**
 * Checks that `signedDer` (base64) carries a signature made by the key of `issuerDer`: the link
 * between two certificates of a chain. Signature only, no names, dates or policies (the browser
 * did the real validation); no network. Never throws.
 */
export async function checkSignedBy(signedDer: string, issuerDer: string): Promise<SignatureCheck> {
  try {
    const signed = certificateBytes(signedDer);
    const issuer = certificateBytes(issuerDer);
    if (!signed || !issuer) return { status: 'unreadable' };
    const sig = signatureOf(signed.s);
    // An RSA key cannot have made an ECDSA signature, nor the reverse: no need to ask WebCrypto.
    const keyFamily =
      issuer.s.keyOid === OID_EC ? 'ec' : issuer.s.keyOid === OID_RSA || issuer.s.keyOid === OID_RSA_PSS ? 'rsa' : undefined;
    const sigFamily = sig.name.startsWith('ecdsa') ? 'ec' : sig.name.includes('RSA') || sig.name === 'rsassaPss' ? 'rsa' : undefined;
    if (keyFamily && sigFamily && keyFamily !== sigFamily) return { status: 'invalid', algorithm: sig.name };
    if (!webCryptoCanVerify(issuer.s, sig) || !signatureDerIsSafe(issuer.s, signed.s))
      return { status: 'unsupported', algorithm: sig.name };
    const cert = new X509Certificate(toBuffer(signed.der), PARSE_OPTIONS);
    const key = new X509Certificate(toBuffer(issuer.der), PARSE_OPTIONS);
    const ok = await cert.verify({ publicKey: key, signatureOnly: true }, crypto);
    return { status: ok ? 'valid' : 'invalid', algorithm: sig.name };
  } catch {
    return { status: 'unreadable' };
  }
}

/** Parses each certificate of a chain (leaf first) independently; one bad entry does not spoil the rest. */
export function parseChain(ders: readonly string[]): Promise<CertParseResult[]> {
  return Promise.all(ders.map((d) => parseCertificate(d)));
}

export type { CertDetails, CertParseError, CertParseResult, SanEntry, SignatureCheck };
