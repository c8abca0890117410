/**
 * What the popup knows about one certificate after parsing its DER.
 *
 * This file holds types only, so components can import it without pulling in @peculiar/x509
 * (~50 KB gzip); the parser itself (lib/cert/parse.ts) is loaded with `import()`.
 *
 * Every string below that comes from the certificate (names, SANs, URLs) is attacker-controlled:
 * display it as text through lib/safe-text.ts, never as HTML, never as a link target.
 */
import type { CertSummary } from '../report/types';
import type { OutputCuts } from './caps';
import type { CertBriefResult } from './summary';

/** One attribute of a distinguished name, in certificate order. */
export interface NameAttribute {
  /** Short name ("CN", "O", "OU", "C", "L", "ST", "E", …) or the dotted OID when unknown. */
  type: string;
  /** The value as text; non-string values appear as "#" + hex, as RFC 4514 writes them. */
  value: string;
}

/** A parsed subject or issuer name. */
export interface NameInfo {
  /** All attributes in the order the certificate lists them (RDNs flattened). */
  attributes: NameAttribute[];
  /** RFC 4514-style one-line form, for search and copy; attribute order is the certificate's. */
  text: string;
  /** First value of each common attribute, when present (a name may repeat attributes). */
  cn?: string;
  o?: string;
  ou?: string;
  c?: string;
  l?: string;
  st?: string;
}

/** A subjectAltName entry, in certificate order. */
export interface SanEntry {
  /** `other` covers otherName, x400Address, ediPartyName and names the parser cannot decode. */
  type: 'dns' | 'ip' | 'email' | 'uri' | 'dn' | 'rid' | 'other';
  value: string;
}

/** The subject public key. */
export interface PublicKeyInfo {
  /**
   * "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", "ML-DSA-44/65/87", or the dotted OID
   * of an algorithm Onlooker does not name.
   */
  algorithm: string;
  /** OID of the SubjectPublicKeyInfo algorithm. */
  oid: string;
  /** RSA modulus size, or the curve size for known EC curves. */
  bits?: number;
  /** EC only: "P-256", "P-384", "P-521", "brainpoolP256r1", … or the curve OID when unknown. */
  namedCurve?: string;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (same form as CertSummary.spkiSha256). */
  spkiSha256: string;
}

/** The algorithm the issuer used to sign this certificate. */
export interface SignatureInfo {
  oid: string;
  /** OpenSSL-style name: "sha256WithRSAEncryption", "ecdsa-with-SHA256", "rsassaPss", "Ed25519"; else the OID. */
  name: string;
  /** Digest used, when the algorithm names one ("SHA-256"; for RSA-PSS, from its parameters). */
  hash?: string;
  /** The signature relies on SHA-1, which browsers stopped accepting for TLS in 2017. */
  usesSha1: boolean;
  /** SHA-1, MD5 or MD2: collisions are practical, so the signature proves little. */
  weak: boolean;
}

/** basicConstraints. */
export interface BasicConstraintsInfo {
  ca: boolean;
  /** Maximum number of intermediates below this CA, when limited. */
  pathLen?: number;
  critical: boolean;
}

/** One Signed Certificate Timestamp embedded in the certificate (RFC 6962 §3.2). */
export interface SctInfo {
  /** 0 for v1; other values are listed but their content is not interpreted. */
  version: number;
  /** SHA-256 of the log's public key: base64 (as log lists publish it) and colon hex. */
  logIdBase64: string;
  logIdHex: string;
  /** When the log promised to include the certificate, ms since the epoch. */
  timestamp: number;
  /** TLS HashAlgorithm / SignatureAlgorithm code points of the log's signature (4 = SHA-256; 1 = RSA, 3 = ECDSA). */
  hashAlgorithm: number;
  signatureAlgorithm: number;
}

/** The embedded SCT list extension (1.3.6.1.4.1.11129.2.4.2). */
export interface SctListInfo {
  /** SCTs read before any error; `count` is their number. */
  scts: SctInfo[];
  count: number;
  /** Set when the TLS encoding was malformed; `scts` holds what was read before. */
  error?: string;
}

/** Summary of one extension, for the "all extensions" view and for unknown critical ones. */
export interface ExtensionInfo {
  oid: string;
  /** Short name when known ("subjectAltName", "keyUsage", …). */
  name?: string;
  critical: boolean;
}

/**
 * Validation level the CA asserts through certificate policies (CA/Browser Forum OIDs and the
 * EV OIDs of large CAs). `unknown` when no recognised policy is present.
 */
export type ValidationLevel = 'ev' | 'ov' | 'iv' | 'dv' | 'unknown';

/** A certificate parsed from DER. Produced by `parseCertificate`. */
export interface CertDetails {
  ok: true;
  /** The DER this was parsed from, base64 (normalised: no whitespace), for "Download PEM". */
  derBase64: string;
  /** X.509 version: 1, 2 or 3. */
  version: number;
  /** Upper-case colon hex ("10:00"), the form Firefox and CertSummary use. */
  serialNumber: string;
  subject: NameInfo;
  issuer: NameInfo;
  /** Validity in ms since the epoch. */
  notBefore: number;
  notAfter: number;
  /** Fingerprints over the DER, upper-case colon hex ("9A:5B:…"). */
  sha256: string;
  sha1: string;
  publicKey: PublicKeyInfo;
  signature: SignatureInfo;
  /** subjectAltName entries; empty when the extension is absent. */
  san: SanEntry[];
  /** keyUsage bit names ("digitalSignature", "keyCertSign", …); undefined when absent. */
  keyUsages?: string[];
  /** extendedKeyUsage names ("serverAuth", "clientAuth", …) or OIDs; undefined when absent. */
  extendedKeyUsages?: string[];
  basicConstraints?: BasicConstraintsInfo;
  /** basicConstraints says CA. */
  isCa: boolean;
  /** Authority Information Access URLs. */
  ocspUrls: string[];
  caIssuersUrls: string[];
  /** CRL distribution point URLs. */
  crlUrls: string[];
  /** Certificate policy OIDs, in certificate order. */
  policies: string[];
  validationLevel: ValidationLevel;
  /** Embedded SCTs; undefined when the certificate has no SCT extension. */
  sct?: SctListInfo;
  /** TLS Feature extension asks for status_request (OCSP must-staple). */
  mustStaple: boolean;
  /** Carries the CT poison extension: a precertificate, never served by a real TLS server. */
  precertificate: boolean;
  /** Subject key identifier / authority key identifier, colon hex. */
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Subject and issuer names are equal. */
  selfIssued: boolean;
  /**
   * Self-issued and its own key verifies its signature. When the signature algorithm cannot be
   * checked here (`selfSignatureChecked` false), this falls back to `selfIssued`.
   */
  selfSigned: boolean;
  selfSignatureChecked: boolean;
  /** All extensions in certificate order. */
  extensions: ExtensionInfo[];
  /** Extensions present but not decodable; the rest of the certificate still parsed. */
  extensionErrors: { oid: string; reason: string }[];
  /**
   * Lists and texts the reader shortened to its caps (lib/cert/caps.ts); absent when nothing
   * was. The full values are in the DER (`derBase64`, the PEM download).
   */
  cut?: OutputCuts;
}

/** Why a certificate could not be parsed. Each has a `cert_error_<reason>` message. */
export type CertParseErrorReason =
  | 'empty'
  | 'not-base64'
  | 'too-large'
  /** Nested deeper or made of more parts than a real certificate (lib/cert/der.ts scanDer). */
  | 'too-complex'
  | 'not-der'
  | 'not-certificate'
  | 'internal';

/** Returned instead of throwing, so one bad certificate never breaks the popup. */
export interface CertParseError {
  ok: false;
  reason: CertParseErrorReason;
  /** Technical detail for logs and bug reports; not meant for display. */
  detail?: string;
}

export type CertParseResult = CertDetails | CertParseError;

/**
 * One certificate of the chain as the popup has it. Here rather than beside CertChain.tsx because
 * lib/popup builds these and lib/ never imports components/.
 */
export interface CertChainEntry {
  /**
   * Result of `parseCertificate` on this certificate's DER; undefined until the details are
   * parsed (the popup parses them when an entry is opened: see `onWantDetails`).
   */
  result?: CertParseResult;
  /** Result of the light `summariseCertificate`: enough for the entry's title and role. */
  brief?: CertBriefResult;
  /** What the browser said about it; the fallback title and DER when parsing failed. */
  summary?: CertSummary;
  /**
   * From CertSummary.isBuiltInRoot (Firefox sets it on the last certificate of a verified chain).
   * Shown for the last entry, or wherever it is true; `undefined` = the browser did not say.
   */
  isBuiltInRoot?: boolean;
}

/** Whether a certificate's signature was made with its issuer's key, checked here with WebCrypto. */
export type SignatureCheck =
  | { status: 'valid' | 'invalid'; algorithm: string }
  /** WebCrypto cannot check this algorithm or key here (Ed25519, brainpool curves, …). */
  | { status: 'unsupported'; algorithm: string }
  /** One of the two certificates could not be read. */
  | { status: 'unreadable' };
