import { describe, expect, it } from 'vitest';
import {
  classifyCipher,
  compareTlsVersions,
  isSha1Signature,
  isShortPublicKey,
  keyExchangeForwardSecrecy,
  keyExchangeGroupInfo,
  normaliseTlsVersion,
  signatureSchemeName,
  signatureWeakHash,
  tlsVersionLabel,
  tlsVersionRank,
} from '@/lib/report/crypto-names';

describe('TLS versions', () => {
  it.each([
    ['TLSv1.3', 'TLSv1.3'],
    ['TLS 1.3', 'TLSv1.3'],
    ['tls1_3', 'TLSv1.3'],
    ['TLSv1', 'TLSv1.0'],
    ['TLS 1.0', 'TLSv1.0'],
    ['TLSv1.1', 'TLSv1.1'],
    ['SSLv3', 'SSLv3'],
    ['SSL 3.0', 'SSLv3'],
    ['QUIC', 'QUIC'],
  ])('%s → %s', (raw, canonical) => expect(normaliseTlsVersion(raw)).toBe(canonical));

  it.each(['', 'TLS 1.4', 'TLSv2.0', 'DTLS 1.2', 'unknown', 'SSL 3.1'])('%j is not a known version', (raw) => {
    expect(normaliseTlsVersion(raw)).toBeUndefined();
    expect(tlsVersionRank(raw)).toBeUndefined();
  });

  it('orders versions; unknown never compares', () => {
    expect(compareTlsVersions('TLSv1.2', 'TLSv1.3')).toBeLessThan(0);
    expect(compareTlsVersions('TLS 1.3', 'TLSv1.2')).toBeGreaterThan(0);
    expect(compareTlsVersions('TLSv1', 'TLS 1.0')).toBe(0);
    expect(compareTlsVersions('SSLv3', 'TLSv1')).toBeLessThan(0);
    expect(compareTlsVersions('QUIC', 'TLSv1.3')).toBe(0);
    expect(compareTlsVersions('TLSv1.2', 'bogus')).toBeUndefined();
    expect(compareTlsVersions(undefined, 'TLSv1.2')).toBeUndefined();
  });

  it('labels for people', () => {
    expect(tlsVersionLabel('TLSv1.2')).toBe('TLS 1.2');
    expect(tlsVersionLabel('TLSv1')).toBe('TLS 1.0');
    expect(tlsVersionLabel('QUIC')).toBe('QUIC (TLS 1.3)');
    expect(tlsVersionLabel('Whatever')).toBe('Whatever');
  });
});

describe('ciphers', () => {
  it.each([
    ['TLS_AES_256_GCM_SHA384', true, [], true],
    ['TLS_CHACHA20_POLY1305_SHA256', true, [], true],
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', true, [], true],
    ['TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', true, [], true],
    ['ECDHE-RSA-CHACHA20-POLY1305', true, [], true],
    ['AES_256_GCM', true, [], undefined],
    ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', false, ['cbc'], true],
    ['AES_128_CBC HMAC-SHA1', false, ['cbc'], undefined],
    ['ECDHE-RSA-AES128-SHA', false, ['cbc'], true],
    ['AES128-SHA', false, ['cbc'], false],
    ['TLS_RSA_WITH_AES_128_GCM_SHA256', true, [], false],
    ['TLS_RSA_WITH_RC4_128_SHA', false, ['rc4'], false],
    ['TLS_RSA_WITH_RC4_128_MD5', false, ['rc4', 'md5'], false],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', false, ['3des', 'cbc'], false],
    ['DES-CBC3-SHA', false, ['3des', 'cbc'], false],
    ['TLS_RSA_WITH_DES_CBC_SHA', false, ['des', 'cbc'], false],
    ['TLS_RSA_WITH_NULL_SHA256', false, ['null'], false],
    ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', false, ['export', 'rc4', 'md5'], false],
    ['EXP-RC4-MD5', false, ['export', 'rc4', 'md5'], undefined],
    ['TLS_DH_anon_WITH_AES_128_GCM_SHA256', true, ['anon'], false],
    ['ADH-AES128-SHA', false, ['anon', 'cbc'], undefined],
    ['TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', false, ['cbc'], false],
    ['TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC', false, ['not-aead'], false],
    ['AES_128_CTR HMAC-SHA256', false, ['not-aead'], undefined],
  ] as const)('%s: aead %s, problems %j, forward secrecy %s', (name, aead, problems, fs) => {
    const info = classifyCipher(name);
    expect(info.aead).toBe(aead);
    expect(info.problems).toEqual(problems);
    expect(info.forwardSecrecy).toBe(fs);
    expect(info.recognised).toBe(true);
  });

  it('unrecognised names are undefined, except on TLS 1.3 where every suite is AEAD', () => {
    expect(classifyCipher('FANCY')).toEqual({ aead: undefined, problems: [], forwardSecrecy: undefined, recognised: false });
    expect(classifyCipher('FANCY', 'TLSv1.3').aead).toBe(true);
    expect(classifyCipher(undefined, 'TLSv1.3')).toEqual({ aead: true, problems: [], forwardSecrecy: true, recognised: false });
    expect(classifyCipher(undefined, 'TLSv1.2').aead).toBeUndefined();
    expect(classifyCipher('  ').aead).toBeUndefined();
  });

  it('Chromium key exchange names', () => {
    expect(keyExchangeForwardSecrecy('ECDHE_RSA')).toBe(true);
    expect(keyExchangeForwardSecrecy('ECDHE_ECDSA')).toBe(true);
    expect(keyExchangeForwardSecrecy('DHE_RSA')).toBe(true);
    expect(keyExchangeForwardSecrecy('RSA')).toBe(false);
    expect(keyExchangeForwardSecrecy('')).toBeUndefined();
    expect(keyExchangeForwardSecrecy('PAKE')).toBeUndefined();
  });
});

describe('key-exchange groups', () => {
  it.each([
    ['X25519MLKEM768', 'X25519MLKEM768', true, true, false],
    ['mlkem768x25519', 'X25519MLKEM768', true, true, false],
    ['SecP256r1MLKEM768', 'SecP256r1MLKEM768', true, true, false],
    ['SecP384r1MLKEM1024', 'SecP384r1MLKEM1024', true, true, false],
    ['X25519Kyber768Draft00', 'X25519Kyber768Draft00', true, true, true],
    ['xyber768d00', 'X25519Kyber768Draft00', true, true, true],
    ['MLKEM1024', 'MLKEM1024', true, false, false],
    ['x25519', 'X25519', false, false, false],
    ['X25519', 'X25519', false, false, false],
    ['P-256', 'P-256', false, false, false],
    ['secp384r1', 'P-384', false, false, false],
    ['ffdhe2048', 'ffdhe2048', false, false, false],
  ] as const)('%s → %s (pq %s, hybrid %s, draft %s)', (raw, name, pq, hybrid, draft) => {
    expect(keyExchangeGroupInfo(raw)).toEqual({ name, postQuantum: pq, hybrid, draft, recognised: true });
  });

  it('unknown groups keep their name and still reveal a PQ component', () => {
    expect(keyExchangeGroupInfo('X448MLKEM1024')).toEqual({
      name: 'X448MLKEM1024',
      postQuantum: true,
      hybrid: true,
      draft: false,
      recognised: false,
    });
    expect(keyExchangeGroupInfo('brainpoolP256r1')?.postQuantum).toBe(false);
    expect(keyExchangeGroupInfo('')).toBeUndefined();
    expect(keyExchangeGroupInfo(undefined)).toBeUndefined();
  });
});

describe('signatures and keys', () => {
  it.each([
    ['RSA-PKCS1-SHA1', 'sha1'],
    ['ECDSA-SHA1', 'sha1'],
    ['rsa_pkcs1_sha1', 'sha1'],
    ['sha1WithRSAEncryption', 'sha1'],
    ['ecdsa-with-SHA1', 'sha1'],
    ['SHA-1', 'sha1'],
    ['md5WithRSAEncryption', 'md5'],
    [0x0201, 'sha1'],
    [0x0203, 'sha1'],
    [513, 'sha1'],
    ['0x0201', 'sha1'],
    ['513', 'sha1'],
    [0x0101, 'md5'],
  ] as const)('%s signs with %s', (scheme, hash) => expect(signatureWeakHash(scheme)).toBe(hash));

  it.each([
    'RSA-PSS-SHA256',
    'rsa_pkcs1_sha256',
    'ECDSA-P384-SHA384',
    'ecdsa_secp521r1_sha512',
    'ED25519',
    'sha256WithRSAEncryption',
    2052,
    0x0401,
    0x0807,
    '0x0804',
    '',
  ])('%s is not SHA-1 or MD5', (scheme) => {
    expect(signatureWeakHash(scheme)).toBeUndefined();
    expect(isSha1Signature(scheme)).toBe(false);
  });

  it('names code points', () => {
    expect(signatureSchemeName(2052)).toBe('RSA-PSS-SHA256');
    expect(signatureSchemeName(0x0201)).toBe('RSA-PKCS1-SHA1');
    expect(signatureSchemeName(0x0905)).toBe('ML-DSA-65');
    expect(signatureSchemeName(0x1234)).toBeUndefined();
  });

  it('short public keys', () => {
    expect(isShortPublicKey('RSA', 1024)).toBe(true);
    expect(isShortPublicKey('RSA', 2048)).toBe(false);
    expect(isShortPublicKey('rsaEncryption', 1536)).toBe(true);
    expect(isShortPublicKey('DSA', 1024)).toBe(true);
    expect(isShortPublicKey('EC', 192)).toBe(true);
    expect(isShortPublicKey('ECDSA', 256)).toBe(false);
    expect(isShortPublicKey('Ed25519', 256)).toBeUndefined();
    expect(isShortPublicKey('RSA', undefined)).toBeUndefined();
    expect(isShortPublicKey(undefined, 512)).toBeUndefined();
  });
});
