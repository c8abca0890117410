/**
 * The light first-view reader (lib/cert/summary.ts) against the full x509 parser: every field
 * it gives must equal the full parser's field of the same name, on ordinary, unusual and hostile
 * certificates; on garbage it must return an error value, never throw.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_DER_BYTES } from '../../../lib/cert/bytes';
import { MAX_LIST_ITEMS, MAX_TEXT_CHARS } from '../../../lib/cert/caps';
import { parseCertificate } from '../../../lib/cert/parse';
import { summariseCertificate, type CertBrief } from '../../../lib/cert/summary';
import type { CertDetails, CertParseResult } from '../../../lib/cert/types';
import { expectedBrief } from './agreement';
import { DAY, b64, ecKeys, makeIntermediate, makeLeaf, makeRoot, rsaKeys, x509 } from './fixtures';

// Certificate generation (RSA keys, thousands of SANs) is slow on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const ROOT = 'CN=Summary Test Root, O=Summary Test CA, C=DE';
const INTER = 'CN=Summary Test Intermediate, O=Summary Test CA, C=DE';

let rootKeys: CryptoKeyPair;
let interKeys: CryptoKeyPair;
let rsaLeafKeys: CryptoKeyPair;
let ecLeafKeys: CryptoKeyPair;

beforeAll(async () => {
  [rootKeys, interKeys, rsaLeafKeys, ecLeafKeys] = await Promise.all([rsaKeys(), ecKeys('P-384'), rsaKeys(), ecKeys()]);
});

function ok(r: CertParseResult): CertDetails {
  if (!r.ok) throw new Error(`full parser failed: ${r.reason} ${r.detail ?? ''}`);
  return r;
}

async function agrees(cert: x509.X509Certificate | string): Promise<CertBrief> {
  const der = typeof cert === 'string' ? cert : b64(cert);
  const [brief, full] = await Promise.all([summariseCertificate(der), parseCertificate(der)]);
  expect(brief).toEqual(expectedBrief(ok(full)));
  return brief as CertBrief;
}

describe('summariseCertificate agrees with parseCertificate', () => {
  it('an RSA leaf with SANs of every kind and an OV policy', async () => {
    const b = await agrees(
      await makeLeaf({
        keys: rsaLeafKeys,
        issuer: { name: INTER, keys: interKeys },
        serialNumber: '00ff0a1b2c',
        san: [
          { type: 'dns', value: 'secure.test' },
          { type: 'dns', value: '*.secure.test' },
          { type: 'ip', value: '192.0.2.7' },
          { type: 'ip', value: '2001:db8::1' },
          { type: 'email', value: 'admin@secure.test' },
          { type: 'url', value: 'https://secure.test/' },
          { type: 'dn', value: 'CN=Nested, O=Example' },
        ],
        policies: ['2.23.140.1.2.2', '1.3.6.1.4.1.99999.1'],
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
      }),
    );
    expect(b.validationLevel).toBe('ov');
    expect(b.publicKey).toEqual({ algorithm: 'RSA', oid: '1.2.840.113549.1.1.1', bits: 2048 });
    expect(b.subject.cn).toBe('secure.test');
  });

  it('an EC leaf with an EV policy, and RSA keys of other sizes', async () => {
    const ev = await agrees(
      await makeLeaf({
        keys: ecLeafKeys,
        issuer: { name: ROOT, keys: rootKeys },
        policies: ['2.23.140.1.1'],
        san: [{ type: 'dns', value: 'ev.test' }],
      }),
    );
    expect(ev.validationLevel).toBe('ev');
    expect(ev.publicKey).toMatchObject({ algorithm: 'EC', namedCurve: 'P-256', bits: 256 });
    for (const size of [1024, 4096]) {
      const b = await agrees(await makeLeaf({ keys: await rsaKeys('SHA-256', size), issuer: { name: ROOT, keys: rootKeys } }));
      expect(b.publicKey.bits).toBe(size);
    }
  });

  it('a SHA-1 signature, GeneralizedTime validity and a DV policy', async () => {
    const sha1Keys = await rsaKeys('SHA-1');
    const b = await agrees(
      await makeLeaf({
        keys: rsaLeafKeys,
        issuer: { name: ROOT, keys: sha1Keys },
        policies: ['2.23.140.1.2.1'],
        notBefore: new Date(Date.UTC(2049, 0, 1)),
        notAfter: new Date(Date.UTC(2051, 5, 30, 12, 0, 1)),
      }),
    );
    expect(b.signature).toMatchObject({ name: 'sha1WithRSAEncryption', usesSha1: true, weak: true });
    expect(b.notAfter).toBe(Date.UTC(2051, 5, 30, 12, 0, 1));
    expect(b.validationLevel).toBe('dv');
  });

  it('roots and intermediates (self-issued, names with escapes and repeated attributes)', async () => {
    const root = await agrees(await makeRoot(ROOT, rootKeys));
    expect(root.selfIssued).toBe(true);
    const inter = await agrees(await makeIntermediate(INTER, interKeys, { name: ROOT, keys: rootKeys }));
    expect(inter.selfIssued).toBe(false);
    expect(inter.policies).toEqual(['2.5.29.32.0']);
    await agrees(
      await makeLeaf({
        subject: [
          { CN: ['a, "quoted" + <b>;\\ '] },
          { OU: ['one', 'two'] },
          { DC: ['example'] },
          { E: ['x@y.test'] },
          { '2.5.4.5': ['SN123'] },
        ],
        keys: ecLeafKeys,
        issuer: { name: ROOT, keys: rootKeys },
      }),
    );
    await agrees(
      await makeLeaf({
        subject: [{ CN: [' #leading'] }, { O: ['tab\there\r\n'] }],
        keys: ecLeafKeys,
        issuer: { name: ROOT, keys: rootKeys },
      }),
    );
  });
});

describe('the documented difference', () => {
  it('a UPN otherName: the full parser decodes it, the light reader names its type OID', async () => {
    const cert = b64(
      await makeLeaf({ keys: ecLeafKeys, issuer: { name: ROOT, keys: rootKeys }, san: [{ type: 'upn', value: 'user@summary.test' }] }),
    );
    const [brief, full] = await Promise.all([summariseCertificate(cert), parseCertificate(cert)]);
    expect(ok(full).san).toEqual([{ type: 'other', value: 'upn:user@summary.test' }]);
    expect(brief).toMatchObject({ san: [{ type: 'other', value: 'otherName:1.3.6.1.4.1.311.20.2.3' }] });
    expect(brief).toEqual(expectedBrief(ok(full)));
  });
});

describe('hostile certificates', () => {
  it('a 16 KB common name: both readers cut it to the same text and say how much they left out', async () => {
    const cn = 'W'.repeat(16 * 1024);
    const b = await agrees(await makeLeaf({ subject: [{ CN: [cn] }], keys: ecLeafKeys, issuer: { name: ROOT, keys: rootKeys } }));
    expect(b.subject.cn).toBe(cn.slice(0, MAX_TEXT_CHARS));
    expect(b.cut?.chars['subject.cn']).toBe(cn.length - MAX_TEXT_CHARS);
  });

  it('a certificate over 64 KB is too large for both readers', async () => {
    const cert = b64(
      await makeLeaf({ subject: [{ CN: ['W'.repeat(MAX_DER_BYTES)] }], keys: ecLeafKeys, issuer: { name: ROOT, keys: rootKeys } }),
    );
    expect(await summariseCertificate(cert)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await parseCertificate(cert)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('2000 SANs: both readers keep the first 256 and count the rest', async () => {
    const san = Array.from({ length: 2000 }, (_, i) => ({ type: 'dns' as const, value: `host${i}.many.test` }));
    const b = await agrees(await makeLeaf({ subject: 'CN=many.test', san, keys: ecLeafKeys, issuer: { name: ROOT, keys: rootKeys } }));
    expect(b.san).toHaveLength(MAX_LIST_ITEMS);
    expect(b.san[MAX_LIST_ITEMS - 1]).toEqual({ type: 'dns', value: `host${MAX_LIST_ITEMS - 1}.many.test` });
    expect(b.cut?.items['san']).toBe(2000 - MAX_LIST_ITEMS);
  });

  it('RTL overrides, markup, non-Latin text and bytes that are not IA5 stay as they are', async () => {
    const name = [...Buffer.from('evil'), 0xe2, 0x80, 0xae, ...Buffer.from('test'), 0x85];
    const sanDer = new Uint8Array([0x30, name.length + 2, 0x82, name.length, ...name]);
    const b = await agrees(
      await makeLeaf({
        subject: [{ CN: ['<img src=x onerror=alert(1)>\u202Egnp.exe'] }, { O: ['Evil\u202EOrg 日本 😀'] }],
        keys: ecLeafKeys,
        issuer: { name: ROOT, keys: rootKeys },
        extra: [new x509.Extension('2.5.29.17', false, sanDer)],
      }),
    );
    expect(b.subject.cn).toBe('<img src=x onerror=alert(1)>\u202Egnp.exe');
    expect(b.san).toEqual([{ type: 'dns', value: 'evil\u00e2\u0080\u00aetest\u0085' }]);
  });

  it('an undecodable policies extension leaves the level unknown, the rest readable', async () => {
    const cert = await makeLeaf({
      keys: ecLeafKeys,
      issuer: { name: ROOT, keys: rootKeys },
      extra: [new x509.Extension('2.5.29.32', false, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))],
    });
    const b = await summariseCertificate(b64(cert));
    expect(b.ok && b.validationLevel).toBe('unknown');
    expect(b.ok && b.subject.cn).toBe('secure.test');
  });
});

describe('malformed input gives an error value, never an exception', () => {
  let valid: Uint8Array;
  beforeAll(async () => {
    valid = new Uint8Array((await makeRoot('CN=Malformed Base', await ecKeys())).rawData);
  });
  const enc = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString('base64');

  it.each([
    ['empty string', '', 'empty'],
    ['whitespace only', ' \n\t', 'empty'],
    ['not base64', 'this is not base64!!', 'not-base64'],
    ['bad padding', 'abc', 'not-base64'],
    ['base64 of text', Buffer.from('hello world').toString('base64'), 'not-der'],
    ['indefinite length', enc([0x30, 0x80, 0, 0]), 'not-der'],
  ])('%s → %s, as the full parser says', async (_name, input, reason) => {
    const [brief, full] = await Promise.all([summariseCertificate(input), parseCertificate(input)]);
    expect(brief).toMatchObject({ ok: false, reason });
    expect(full).toMatchObject({ ok: false, reason });
  });

  it('rejects oversized and non-string input', async () => {
    expect(await summariseCertificate('A'.repeat(2 * 1024 * 1024))).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await summariseCertificate(undefined as unknown as string)).toMatchObject({ ok: false, reason: 'empty' });
    expect(await summariseCertificate({} as unknown as string)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('every truncation, and random bytes, are errors', async () => {
    for (let n = 0; n < valid.length; n += 7) {
      const r = await summariseCertificate(enc(valid.subarray(0, n)));
      expect(r.ok).toBe(false);
    }
    let seed = 7;
    for (let i = 0; i < 100; i++) {
      const bytes = Array.from({ length: 1 + ((i * 37) % 400) }, () => (seed = (seed * 1664525 + 1013904223) >>> 0) >>> 24);
      await expect(summariseCertificate(enc(bytes))).resolves.toMatchObject({ ok: false });
    }
  });

  it('bit flips anywhere never throw, and whatever still reads keeps its shape', async () => {
    let s = 42;
    const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 400; i++) {
      const copy = valid.slice();
      for (let f = 0; f < 1 + Math.floor(rnd() * 3); f++) {
        const at = Math.floor(rnd() * copy.length);
        copy[at] = (copy[at] as number) ^ (1 << Math.floor(rnd() * 8));
      }
      const r = await summariseCertificate(enc(copy));
      if (r.ok) expect(r.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      else expect(r.reason).toMatch(/^(not-der|not-certificate)$/);
    }
  });
});

it('dates at the UTCTime century boundary', async () => {
  const b = await agrees(
    await makeLeaf({
      keys: ecLeafKeys,
      issuer: { name: ROOT, keys: rootKeys },
      notBefore: new Date(Date.UTC(1950, 0, 1)),
      notAfter: new Date(Date.now() + DAY),
    }),
  );
  expect(b.notBefore).toBe(Date.UTC(1950, 0, 1));
});
