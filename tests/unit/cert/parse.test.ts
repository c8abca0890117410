import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, parseChain } from '../../../lib/cert/parse';
import type { CertDetails, CertParseResult } from '../../../lib/cert/types';
import {
  DAY,
  b64,
  ecKeys,
  logId,
  makeIntermediate,
  makeLeaf,
  makeRoot,
  rsaKeys,
  sctExtension,
  sctListTls,
  tlsFeatureExtension,
  x509,
} from './fixtures';

function ok(r: CertParseResult): CertDetails {
  if (!r.ok) throw new Error(`expected a parsed certificate, got ${r.reason}: ${r.detail ?? ''}`);
  return r;
}

const ROOT = 'CN=Onlooker Test Root, O=Onlooker Test CA, C=DE';
const INTER = 'CN=Onlooker Test Intermediate, O=Onlooker Test CA, C=DE';

let rootKeys: CryptoKeyPair;
let interKeys: CryptoKeyPair;
let leafRsaKeys: CryptoKeyPair;
let leafEcKeys: CryptoKeyPair;
let root: x509.X509Certificate;
let inter: x509.X509Certificate;

beforeAll(async () => {
  [rootKeys, interKeys, leafRsaKeys, leafEcKeys] = await Promise.all([rsaKeys(), ecKeys('P-384'), rsaKeys(), ecKeys()]);
  root = await makeRoot(ROOT, rootKeys);
  inter = await makeIntermediate(INTER, interKeys, { name: ROOT, keys: rootKeys });
});

describe('parseCertificate: RSA-2048 leaf with every extension', () => {
  const t1 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  const t2 = Date.UTC(2026, 0, 2, 3, 4, 6, 0);
  let cert: x509.X509Certificate;
  let d: CertDetails;

  beforeAll(async () => {
    cert = await makeLeaf({
      keys: leafRsaKeys,
      issuer: { name: ROOT, keys: rootKeys },
      serialNumber: '0a1b2c',
      san: [
        { type: 'dns', value: 'secure.test' },
        { type: 'dns', value: '*.secure.test' },
        { type: 'ip', value: '192.0.2.7' },
        { type: 'ip', value: '2001:db8::1' },
        { type: 'email', value: 'admin@secure.test' },
        { type: 'url', value: 'https://secure.test/' },
      ],
      policies: ['2.23.140.1.2.2', '1.3.6.1.4.1.99999.1'],
      extra: [
        tlsFeatureExtension([5]),
        sctExtension(
          sctListTls([
            { logId: logId(1), timestamp: t1 },
            { logId: logId(100), timestamp: t2 },
          ]),
        ),
      ],
    });
    d = ok(await parseCertificate(b64(cert)));
  });

  it('reads subject and issuer as attribute lists plus convenience fields', () => {
    expect(d.subject).toMatchObject({ cn: 'secure.test', o: 'Example Ltd', ou: 'Web', c: 'DE', l: 'Berlin', st: 'Berlin' });
    expect(d.subject.attributes).toEqual([
      { type: 'CN', value: 'secure.test' },
      { type: 'O', value: 'Example Ltd' },
      { type: 'OU', value: 'Web' },
      { type: 'C', value: 'DE' },
      { type: 'L', value: 'Berlin' },
      { type: 'ST', value: 'Berlin' },
    ]);
    expect(d.issuer).toMatchObject({ cn: 'Onlooker Test Root', o: 'Onlooker Test CA', c: 'DE' });
    expect(d.issuer.ou).toBeUndefined();
  });

  it('reads serial, version and validity', () => {
    expect(d.version).toBe(3);
    expect(d.serialNumber).toBe('0A:1B:2C');
    expect(d.notBefore).toBe(cert.notBefore.getTime());
    expect(d.notAfter).toBe(cert.notAfter.getTime());
  });

  it('computes fingerprints over the DER, matching node:crypto', () => {
    const raw = Buffer.from(cert.rawData);
    const hex = (alg: string) => createHash(alg).update(raw).digest('hex').toUpperCase().match(/../g)?.join(':');
    expect(d.sha256).toBe(hex('sha256'));
    expect(d.sha1).toBe(hex('sha1'));
    expect(d.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('describes the key and the signature', async () => {
    expect(d.publicKey).toMatchObject({ algorithm: 'RSA', oid: '1.2.840.113549.1.1.1', bits: 2048 });
    const spki = Buffer.from(cert.publicKey.rawData);
    expect(d.publicKey.spkiSha256).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(d.signature).toEqual({
      oid: '1.2.840.113549.1.1.11',
      name: 'sha256WithRSAEncryption',
      hash: 'SHA-256',
      usesSha1: false,
      weak: false,
    });
  });

  it('lists SANs of every kind in certificate order', () => {
    expect(d.san).toEqual([
      { type: 'dns', value: 'secure.test' },
      { type: 'dns', value: '*.secure.test' },
      { type: 'ip', value: '192.0.2.7' },
      { type: 'ip', value: '2001:db8::1' },
      { type: 'email', value: 'admin@secure.test' },
      { type: 'uri', value: 'https://secure.test/' },
    ]);
  });

  it('names key usages and extended key usages', () => {
    expect(d.keyUsages).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(d.extendedKeyUsages).toEqual(['serverAuth', 'clientAuth']);
  });

  it('reads basic constraints, AIA, CRL, policies and the validation level', () => {
    expect(d.basicConstraints).toEqual({ ca: false, critical: true });
    expect(d.isCa).toBe(false);
    expect(d.ocspUrls).toEqual(['http://ocsp.ca.test']);
    expect(d.caIssuersUrls).toEqual(['http://ca.test/ca.crt']);
    expect(d.crlUrls).toEqual(['http://crl.ca.test/ca.crl']);
    expect(d.policies).toEqual(['2.23.140.1.2.2', '1.3.6.1.4.1.99999.1']);
    expect(d.validationLevel).toBe('ov');
  });

  it('reads the hand-built SCT list and must-staple', () => {
    expect(d.mustStaple).toBe(true);
    expect(d.sct?.count).toBe(2);
    expect(d.sct?.error).toBeUndefined();
    const [a, b] = d.sct?.scts ?? [];
    expect(a).toEqual({
      version: 0,
      logIdBase64: Buffer.from(logId(1)).toString('base64'),
      logIdHex: Array.from(logId(1), (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(':'),
      timestamp: t1,
      hashAlgorithm: 4,
      signatureAlgorithm: 3,
    });
    expect(b?.timestamp).toBe(t2);
    expect(b?.logIdBase64).toBe(Buffer.from(logId(100)).toString('base64'));
  });

  it('reads key identifiers and lists every extension', () => {
    expect(d.subjectKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(d.authorityKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(d.extensions.map((e) => e.name ?? e.oid)).toEqual([
      'basicConstraints',
      'keyUsage',
      'extendedKeyUsage',
      'authorityInfoAccess',
      'cRLDistributionPoints',
      'subjectKeyIdentifier',
      'authorityKeyIdentifier',
      'subjectAltName',
      'certificatePolicies',
      'tlsFeature',
      'signedCertificateTimestampList',
    ]);
    expect(d.extensions[0]?.critical).toBe(true);
    expect(d.extensionErrors).toEqual([]);
    expect(d.precertificate).toBe(false);
  });

  it('is neither self-issued nor self-signed, and keeps its DER', () => {
    expect(d.selfIssued).toBe(false);
    expect(d.selfSigned).toBe(false);
    expect(d.derBase64).toBe(b64(cert));
  });
});

describe('parseCertificate: other keys and algorithms', () => {
  it('reads an ECDSA P-256 leaf signed by a P-384 intermediate', async () => {
    const cert = await makeLeaf({
      keys: leafEcKeys,
      issuer: { name: INTER, keys: interKeys },
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
      san: [{ type: 'dns', value: 'ec.test' }],
    });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.publicKey).toMatchObject({ algorithm: 'EC', oid: '1.2.840.10045.2.1', namedCurve: 'P-256', bits: 256 });
    expect(d.signature).toMatchObject({ name: 'ecdsa-with-SHA384', hash: 'SHA-384', usesSha1: false });
    expect(d.mustStaple).toBe(false);
    expect(d.sct).toBeUndefined();
    expect(d.validationLevel).toBe('unknown');
  });

  it('flags a SHA-1 RSA signature', async () => {
    const sha1Keys = await rsaKeys('SHA-1');
    const cert = await makeLeaf({ keys: leafRsaKeys, issuer: { name: 'CN=Old CA', keys: sha1Keys } });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.signature).toEqual({
      oid: '1.2.840.113549.1.1.5',
      name: 'sha1WithRSAEncryption',
      hash: 'SHA-1',
      usesSha1: true,
      weak: true,
    });
  });

  it('flags a SHA-1 ECDSA signature', async () => {
    const cert = await makeLeaf({
      keys: leafEcKeys,
      issuer: { name: INTER, keys: interKeys },
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-1' } as EcdsaParams,
    });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.signature).toMatchObject({ name: 'ecdsa-with-SHA1', usesSha1: true, weak: true });
  });
});

describe('validation level from policies', () => {
  const cases: [string[], string][] = [
    [['2.23.140.1.2.1'], 'dv'],
    [['2.23.140.1.2.2'], 'ov'],
    [['2.23.140.1.2.3'], 'iv'],
    [['2.23.140.1.1'], 'ev'],
    [['2.16.840.1.114412.2.1'], 'ev'],
    [['2.23.140.1.2.1', '2.23.140.1.1'], 'ev'],
    [['1.3.6.1.4.1.44947.1.1.1'], 'unknown'],
  ];
  it.each(cases)('%j → %s', async (policies, level) => {
    const cert = await makeLeaf({ keys: leafEcKeys, issuer: { name: INTER, keys: interKeys }, policies });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.policies).toEqual(policies);
    expect(d.validationLevel).toBe(level);
  });
});

describe('parseChain', () => {
  it('parses a leaf → intermediate → root chain', async () => {
    const leaf = await makeLeaf({ keys: leafEcKeys, issuer: { name: INTER, keys: interKeys } });
    const [l, i, r] = (await parseChain([b64(leaf), b64(inter), b64(root)])).map(ok);
    expect(l?.isCa).toBe(false);
    expect(l?.issuer.cn).toBe(i?.subject.cn);
    expect(i).toMatchObject({ isCa: true, basicConstraints: { ca: true, pathLen: 0, critical: true }, selfSigned: false });
    expect(i?.keyUsages).toEqual(['keyCertSign', 'cRLSign']);
    expect(i?.publicKey).toMatchObject({ algorithm: 'EC', namedCurve: 'P-384', bits: 384 });
    expect(i?.policies).toEqual(['2.5.29.32.0']);
    expect(r).toMatchObject({ isCa: true, selfIssued: true, selfSigned: true, selfSignatureChecked: true });
    expect(r?.basicConstraints?.pathLen).toBe(1);
  });

  it('keeps going when one entry is bad', async () => {
    const results = await parseChain([b64(root), 'garbage!', '']);
    expect(results.map((x) => x.ok)).toEqual([true, false, false]);
  });
});

describe('self-issued is not self-signed', () => {
  it('a certificate naming itself as issuer but signed by another key', async () => {
    const other = await ecKeys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: '05',
      subject: 'CN=Fake Root',
      issuer: 'CN=Fake Root',
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date(Date.now() + DAY),
      publicKey: leafEcKeys.publicKey,
      signingKey: other.privateKey,
    });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d).toMatchObject({ selfIssued: true, selfSigned: false, selfSignatureChecked: true });
  });
});

describe('damaged extensions do not spoil the certificate', () => {
  it('reports an undecodable keyUsage and still reads the rest', async () => {
    const cert = await makeLeaf({
      keys: leafEcKeys,
      issuer: { name: INTER, keys: interKeys },
      san: [{ type: 'dns', value: 'still.test' }],
      extra: [new x509.Extension('2.5.29.32', false, new Uint8Array([0x01, 0x02, 0x03]))],
    });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.extensionErrors.map((e) => e.oid)).toEqual(['2.5.29.32']);
    expect(d.policies).toEqual([]);
    expect(d.san).toEqual([{ type: 'dns', value: 'still.test' }]);
  });

  it('reads an unknown otherName next to DNS names, and a UPN', async () => {
    // SAN built by hand: dNSName "a.test", otherName { 1.2.3.4, [0] UTF8String "x" }.
    const dns = [0x82, 0x06, ...Buffer.from('a.test')];
    const other = [0xa0, 0x0a, 0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x03, 0x0c, 0x01, 0x78];
    const seq = [0x30, dns.length + other.length, ...dns, ...other];
    const cert = await makeLeaf({
      keys: leafEcKeys,
      issuer: { name: INTER, keys: interKeys },
      extra: [new x509.Extension('2.5.29.17', false, new Uint8Array(seq))],
    });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.san).toEqual([
      { type: 'dns', value: 'a.test' },
      { type: 'other', value: 'otherName:1.2.3.4' },
    ]);

    const upn = await makeLeaf({
      keys: leafEcKeys,
      issuer: { name: INTER, keys: interKeys },
      san: [
        { type: 'upn', value: 'user@corp.test' },
        { type: 'dn', value: 'CN=Inner, O=Org' },
      ],
    });
    expect(ok(await parseCertificate(b64(upn))).san).toEqual([
      { type: 'other', value: 'upn:user@corp.test' },
      { type: 'dn', value: 'CN=Inner, O=Org' },
    ]);
  });

  it('keeps a partial SCT list and reports the damage', async () => {
    const full = sctListTls([{ logId: logId(7), timestamp: 1_700_000_000_000 }]);
    // Claim a second SCT that is not there.
    const broken = new Uint8Array([...full.subarray(2), 0x00, 0x40, 0x00]);
    const len = broken.length;
    const tls = new Uint8Array([len >> 8, len & 0xff, ...broken]);
    const cert = await makeLeaf({ keys: leafEcKeys, issuer: { name: INTER, keys: interKeys }, extra: [sctExtension(tls)] });
    const d = ok(await parseCertificate(b64(cert)));
    expect(d.sct?.count).toBe(1);
    expect(d.sct?.scts[0]?.timestamp).toBe(1_700_000_000_000);
    expect(d.sct?.error).toMatch(/truncated/);
    expect(d.extensionErrors.map((e) => e.oid)).toEqual(['1.3.6.1.4.1.11129.2.4.2']);
  });

  it('must-staple is false when the TLS Feature lacks status_request', async () => {
    const cert = await makeLeaf({ keys: leafEcKeys, issuer: { name: INTER, keys: interKeys }, extra: [tlsFeatureExtension([17])] });
    expect(ok(await parseCertificate(b64(cert))).mustStaple).toBe(false);
  });

  it('recognises a precertificate by the CT poison extension', async () => {
    const poison = new x509.Extension('1.3.6.1.4.1.11129.2.4.3', true, new Uint8Array([0x05, 0x00]));
    const cert = await makeLeaf({ keys: leafEcKeys, issuer: { name: INTER, keys: interKeys }, extra: [poison] });
    expect(ok(await parseCertificate(b64(cert))).precertificate).toBe(true);
  });
});
