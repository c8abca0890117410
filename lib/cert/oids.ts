/**
 * OID tables: names for what the popup shows, and the policy OIDs that tell the validation level.
 * No dependencies, so display code may use it too.
 */
import type { ValidationLevel } from './types';

export const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
export const OID_CT_POISON = '1.3.6.1.4.1.11129.2.4.3';
export const OID_TLS_FEATURE = '1.3.6.1.5.5.7.1.24';
export const OID_SAN = '2.5.29.17';
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_AIA = '1.3.6.1.5.5.7.1.1';
export const OID_CRL_DP = '2.5.29.31';
export const OID_POLICIES = '2.5.29.32';
export const OID_SKI = '2.5.29.14';
export const OID_AKI = '2.5.29.35';

export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_RSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC = '1.2.840.10045.2.1';

/** Extension names for the extension list. */
export const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  [OID_SKI]: 'subjectKeyIdentifier',
  [OID_KEY_USAGE]: 'keyUsage',
  [OID_SAN]: 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  [OID_BASIC_CONSTRAINTS]: 'basicConstraints',
  '2.5.29.30': 'nameConstraints',
  [OID_CRL_DP]: 'cRLDistributionPoints',
  [OID_POLICIES]: 'certificatePolicies',
  '2.5.29.33': 'policyMappings',
  [OID_AKI]: 'authorityKeyIdentifier',
  '2.5.29.36': 'policyConstraints',
  [OID_EXT_KEY_USAGE]: 'extendedKeyUsage',
  '2.5.29.54': 'inhibitAnyPolicy',
  [OID_AIA]: 'authorityInfoAccess',
  [OID_TLS_FEATURE]: 'tlsFeature',
  [OID_SCT_LIST]: 'signedCertificateTimestampList',
  [OID_CT_POISON]: 'ctPrecertificatePoison',
};

/** Signature algorithms: OpenSSL names, their digest, and whether that digest is broken. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash?: string }>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'MD2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'SHA-224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  [OID_RSA_PSS]: { name: 'rsassaPss' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'SHA-1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', hash: 'SHA-256' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
  '2.16.840.1.101.3.4.3.17': { name: 'ML-DSA-44' },
  '2.16.840.1.101.3.4.3.18': { name: 'ML-DSA-65' },
  '2.16.840.1.101.3.4.3.19': { name: 'ML-DSA-87' },
};

/** Hash algorithm OIDs, for RSASSA-PSS parameters. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export const WEAK_HASHES: ReadonlySet<string> = new Set(['SHA-1', 'MD5', 'MD2']);

/** SubjectPublicKeyInfo algorithms. */
export const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  [OID_RSA]: 'RSA',
  [OID_RSA_PSS]: 'RSA-PSS',
  [OID_EC]: 'EC',
  '1.2.840.10040.4.1': 'DSA',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '2.16.840.1.101.3.4.3.17': 'ML-DSA-44',
  '2.16.840.1.101.3.4.3.18': 'ML-DSA-65',
  '2.16.840.1.101.3.4.3.19': 'ML-DSA-87',
};

/** Named curves with their size in bits. */
export const EC_CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

/** Extended key usage names (RFC 5280 and common vendor purposes). */
export const EKU_NAMES: Readonly<Record<string, string>> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '1.3.6.1.4.1.311.10.3.3': 'msSGC',
  '2.16.840.1.113730.4.1': 'nsSGC',
  '1.3.6.1.4.1.11129.2.4.4': 'ctPrecertificateSigning',
};

/** keyUsage bits, in bit order (bit 0 first); x509 exposes them as flags 1 << n. */
export const KEY_USAGE_NAMES: readonly string[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** CA/Browser Forum reserved policy OIDs (Baseline Requirements §7.1.6.1). */
const POLICY_EV = '2.23.140.1.1';
const POLICY_DV = '2.23.140.1.2.1';
const POLICY_OV = '2.23.140.1.2.2';
const POLICY_IV = '2.23.140.1.2.3';

/**
 * EV policy OIDs of CAs that issued EV certificates before (or alongside) the CA/B Forum OID.
 * Browsers keep their own lists; these are the large, long-standing ones.
 */
const CA_EV_POLICIES: ReadonlySet<string> = new Set([
  '2.16.840.1.114412.2.1', // DigiCert
  '2.16.840.1.114412.1.3.0.2', // DigiCert (legacy)
  '1.3.6.1.4.1.6449.1.2.1.5.1', // Sectigo / Comodo
  '2.16.840.1.114028.10.1.2', // Entrust
  '1.3.6.1.4.1.4146.1.1', // GlobalSign
  '2.16.840.1.114413.1.7.23.3', // GoDaddy
  '2.16.840.1.114414.1.7.23.3', // Starfield
  '2.16.756.1.89.1.2.1.1', // SwissSign
  '1.3.6.1.4.1.8024.0.2.100.1.2', // QuoVadis
  '2.16.578.1.26.1.3.3', // Buypass
  '1.3.6.1.4.1.4788.2.202.1', // D-TRUST
  '1.3.6.1.4.1.7879.13.24.1', // T-Systems TeleSec
  '1.3.159.1.17.1', // Actalis
  '1.2.616.1.113527.2.5.1.1', // Certum
  '1.2.392.200091.100.721.1', // SECOM
]);

/** The strongest level the policies assert; EV wins over OV over IV over DV. */
export function validationLevelOf(policies: readonly string[]): ValidationLevel {
  if (policies.some((p) => p === POLICY_EV || CA_EV_POLICIES.has(p))) return 'ev';
  if (policies.includes(POLICY_OV)) return 'ov';
  if (policies.includes(POLICY_IV)) return 'iv';
  if (policies.includes(POLICY_DV)) return 'dv';
  return 'unknown';
}
