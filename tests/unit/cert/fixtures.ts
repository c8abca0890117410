/**
 * Certificates generated at test time with @peculiar/x509 on Node's WebCrypto, so no fixture
 * file can go stale and every case states what it builds.
 */
import '@abraham/reflection';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export async function rsaKeys(hash: 'SHA-256' | 'SHA-1' = 'SHA-256', modulusLength = 2048): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ ...RSA, modulusLength, hash }, true, ['sign', 'verify']);
}

export async function ecKeys(namedCurve: 'P-256' | 'P-384' = 'P-256'): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify']);
}

/** Minimal DER encoding for extensions x509 cannot build (SCT list, TLS Feature). */
export function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [0x80 | bytes.length, ...bytes];
}

export function der(tag: number, body: Uint8Array | number[]): Uint8Array<ArrayBuffer> {
  const b = Array.from(body);
  return new Uint8Array([tag, ...derLength(b.length), ...b]);
}

/** TLS Feature extension value: SEQUENCE OF INTEGER. */
export function tlsFeatureExtension(features: number[]): x509.Extension {
  const ints = features.flatMap((f) => Array.from(der(0x02, [f])));
  return new x509.Extension('1.3.6.1.5.5.7.1.24', false, der(0x30, ints));
}

export interface TestSct {
  logId: Uint8Array;
  timestamp: number;
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function u64(n: number): number[] {
  const out: number[] = [];
  for (let i = 7; i >= 0; i--) out.push(Math.floor(n / 2 ** (8 * i)) % 256);
  return out;
}

/** One SerializedSCT: v1, log id, timestamp, no extensions, SHA-256/ECDSA, a dummy signature. */
export function sctBytes(s: TestSct): number[] {
  const sig = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01];
  return [0, ...s.logId, ...u64(s.timestamp), ...u16(0), 4, 3, ...u16(sig.length), ...sig];
}

/** The TLS-encoded SignedCertificateTimestampList. */
export function sctListTls(scts: TestSct[]): Uint8Array<ArrayBuffer> {
  const items = scts.flatMap((s) => {
    const b = sctBytes(s);
    return [...u16(b.length), ...b];
  });
  return new Uint8Array([...u16(items.length), ...items]);
}

/** The SCT extension: extnValue holds an OCTET STRING that holds the TLS list. */
export function sctExtension(tls: Uint8Array): x509.Extension {
  return new x509.Extension('1.3.6.1.4.1.11129.2.4.2', false, der(0x04, tls));
}

export function logId(fill: number): Uint8Array {
  return new Uint8Array(32).map((_, i) => (fill + i) % 256);
}

export const DAY = 24 * 60 * 60 * 1000;

export interface LeafOptions {
  subject?: x509.JsonName | string;
  keys: CryptoKeyPair;
  issuer: { name: string; keys: CryptoKeyPair };
  san?: x509.JsonGeneralNames;
  policies?: string[];
  extra?: x509.Extension[];
  notBefore?: Date;
  notAfter?: Date;
  signingAlgorithm?: Algorithm | EcdsaParams;
  serialNumber?: string;
}

export async function makeLeaf(o: LeafOptions): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.AuthorityInfoAccessExtension({
      ocsp: ['http://ocsp.ca.test'],
      caIssuers: ['http://ca.test/ca.crt'],
    }),
    new x509.CRLDistributionPointsExtension(['http://crl.ca.test/ca.crl']),
    await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey),
  ];
  if (o.san) extensions.push(new x509.SubjectAlternativeNameExtension(o.san));
  if (o.policies) extensions.push(new x509.CertificatePolicyExtension(o.policies));
  extensions.push(...(o.extra ?? []));
  return x509.X509CertificateGenerator.create({
    serialNumber: o.serialNumber ?? '1000',
    subject: o.subject ?? 'CN=secure.test, O=Example Ltd, OU=Web, C=DE, L=Berlin, ST=Berlin',
    issuer: o.issuer.name,
    notBefore: o.notBefore ?? new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 90 * DAY),
    publicKey: o.keys.publicKey,
    signingKey: o.issuer.keys.privateKey,
    signingAlgorithm: o.signingAlgorithm,
    extensions,
  });
}

export async function makeRoot(name: string, keys: CryptoKeyPair): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    keys,
    notBefore: new Date(Date.now() - 365 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
}

export async function makeIntermediate(
  name: string,
  keys: CryptoKeyPair,
  issuer: { name: string; keys: CryptoKeyPair },
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: name,
    issuer: issuer.name,
    notBefore: new Date(Date.now() - 30 * DAY),
    notAfter: new Date(Date.now() + 1000 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      new x509.CertificatePolicyExtension(['2.5.29.32.0']),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
  });
}

export function b64(cert: x509.X509Certificate): string {
  return cert.toString('base64');
}

export { x509 };
