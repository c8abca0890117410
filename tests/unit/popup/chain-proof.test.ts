import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ES module without types: the test PKI (real keys, real signatures)
import { createPki } from '../../fixtures/ca.mjs';
import { checkableChain, proveChain } from '../../../lib/popup/chain-proof';
import type { CertSummary } from '../../../lib/report/types';
import { loadTls } from '../report/fixtures';

interface Leaf {
  chainPem: string;
}
interface Pki {
  rootPem: string;
  leaves: Map<string, Leaf>;
  issueLeaf(host: string, opts?: object): Promise<Leaf>;
  dispose(): Promise<void>;
}

const ders = (pem: string) =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
/** `names` are the subjects, plus the last one's issuer when it is not a root. */
const summaries = (list: string[], names: string[]): CertSummary[] =>
  list.map((der, i) => ({ subject: `CN=${names[i]}`, issuer: `CN=${names[i + 1] ?? names[i]}`, subjectCN: names[i], der }));

describe('proveChain (real certificates from the test PKI)', () => {
  let pki: Pki;
  let rsaChain: string[];
  let ecdsaChain: string[];
  beforeAll(async () => {
    pki = (await createPki()) as Pki;
    const root = ders(pki.rootPem);
    rsaChain = [...ders(pki.leaves.get('secure.test')!.chainPem), ...root];
    ecdsaChain = [...ders((await pki.issueLeaf('ec.test', { key: 'ecdsa', issuer: 'alternate' })).chainPem), ...root];
  }, 60_000);
  afterAll(() => pki?.dispose());

  it('checks every link and the root signing itself, and says where the chain ends', async () => {
    const names = ['secure.test', 'Issuing CA', 'Onlooker Test Root CA'];
    const proof = await proveChain(summaries(rsaChain, names), false);
    expect(proof?.links.map((l) => [l.subject, l.signer, l.check.status])).toEqual([
      ['secure.test', 'Issuing CA', 'valid'],
      ['Issuing CA', 'Onlooker Test Root CA', 'valid'],
    ]);
    expect(proof?.root).toMatchObject({ name: 'Onlooker Test Root CA', check: { status: 'valid' } });
    expect(proof?.end).toBe('added');
    const ec = await proveChain(summaries(ecdsaChain, ['ec.test', 'Other CA', 'Onlooker Test Root CA']), true);
    expect(ec?.links.map((l) => l.check.status)).toEqual(['valid', 'valid']);
    expect(ec?.end).toBe('built-in');
  });

  it('a certificate not signed by the next one in the list fails the check', async () => {
    // The leaf presented as if the root had signed it directly (same key type, wrong key)…
    const skipped = await proveChain(summaries([rsaChain[0]!, rsaChain[2]!], ['secure.test', 'Onlooker Test Root CA']), undefined);
    expect(skipped?.links[0]?.check.status).toBe('invalid');
    expect(skipped?.end).toBe('unknown');
    // …and as if the ECDSA issuing CA had (a key that cannot make this signature at all).
    const forged = await proveChain(
      summaries([rsaChain[0]!, ecdsaChain[1]!], ['secure.test', 'Other CA', 'Onlooker Test Root CA']),
      undefined,
    );
    expect(forged?.links[0]?.check.status).toBe('invalid');
    expect(forged?.lastIssuer).toBe('CN=Onlooker Test Root CA'); // no CN in this summary: the DN as given
  });

  it('a corrupted certificate is "unreadable", and no DER means nothing to check', async () => {
    const broken = [rsaChain[0]!.slice(0, 200), rsaChain[1]!];
    const proof = await proveChain(summaries(broken, ['secure.test', 'Issuing CA']), undefined);
    expect(proof?.links[0]?.check.status).toBe('unreadable');
    expect(await proveChain([{ subject: 'CN=a', issuer: 'CN=b' }], true)).toBeUndefined();
    expect(
      checkableChain([
        { subject: 'CN=a', issuer: 'CN=b', der: 'AA==' },
        { subject: 'CN=b', issuer: 'CN=c' },
      ]),
    ).toHaveLength(1);
  });
});

describe('proveChain on the chain Firefox handed over (recorded secure.test)', () => {
  it('each link signed by the next, the root signing itself, ending in a root added to this computer', async () => {
    const tls = loadTls('firefox-tls13-test-ca');
    const proof = await proveChain(tls.certificates, tls.rootBuiltIn);
    expect(proof?.links.map((l) => [l.subject, l.signer, l.check.status])).toEqual([
      ['secure.test', 'Onlooker Test Intermediate CA', 'valid'],
      ['Onlooker Test Intermediate CA', 'Onlooker Test Root CA', 'valid'],
    ]);
    expect(proof?.root).toMatchObject({ name: 'Onlooker Test Root CA', check: { status: 'valid' } });
    expect(proof?.end).toBe('added');
  });
});
