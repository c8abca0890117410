/**
 * Both certificate readers against certificates nobody wrote for them: the odd-certificate
 * corpus OpenSSL made (tests/fixtures/certs/corpus, scripts/make-cert-corpus.sh: v1, every key
 * kind, SHA-1, multi-valued and Unicode names, empty subjects, policy qualifiers, unknown
 * critical extensions, GeneralizedTime, 20-byte serials…) and every certificate of the e2e
 * matrix (tests/fixtures/matrix.mjs, issued by ca.mjs as the e2e run does: RSA-4096, P-384,
 * 10,000 SANs, no subject, no CN, EV/OV/DV, untrusted and unserved issuers). Neither reader may
 * throw; the light reader must give exactly the full parser's names, validity, key, SANs and
 * the rest of its fields (agreement.ts), and both must read what OpenSSL says is there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_DER_BYTES } from '../../../lib/cert/bytes';
import { MAX_LIST_ITEMS } from '../../../lib/cert/caps';
import { parseCertificate } from '../../../lib/cert/parse';
import { summariseCertificate } from '../../../lib/cert/summary';
import type { CertDetails } from '../../../lib/cert/types';
// @ts-expect-error -- plain ES module without types: the e2e test PKI (real keys, real signatures)
import { createPki, DEFAULT_LEAVES } from '../../fixtures/ca.mjs';
// @ts-expect-error -- plain ES module without types: the matrix table the e2e tests read
import { MATRIX_LEAVES } from '../../fixtures/matrix.mjs';
import { expectedBrief } from './agreement';

// RSA-4096 key generation and a 10,000-name certificate take a while on a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const CORPUS = new URL('../../fixtures/certs/corpus/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', CORPUS), 'utf8')) as Record<string, string>;
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.der'))
  .map((f) => ({ name: f.slice(0, -4), der: readFileSync(new URL(f, CORPUS)).toString('base64') }));

/**
 * Both readers on one certificate: neither throws; either both refuse it for the same reason
 * (returned as `undefined`), or the full parser reads it and the light reader agrees.
 */
async function bothRead(der: string): Promise<CertDetails | undefined> {
  const [full, brief] = await Promise.all([parseCertificate(der), summariseCertificate(der)]);
  if (!full.ok) {
    expect(brief, 'the light reader refuses what the full parser refused').toMatchObject({ ok: false, reason: full.reason });
    return undefined;
  }
  expect(brief).toEqual(expectedBrief(full));
  return full;
}

describe('the odd-certificate corpus (OpenSSL)', () => {
  it('has every certificate its index lists, and nothing else', () => {
    expect(corpus.map((c) => c.name).sort()).toEqual(Object.keys(index).sort());
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s: both readers read it and agree', async (_name, { name, der }) => {
    const d = await bothRead(der);
    if (!d) throw new Error(`${name}: both readers refused it`);
    expect(d.issuer.attributes.map((a) => a.value)).toContain('Corpus Test Root');
    // What OpenSSL was asked to write, read back.
    const checks: Record<string, () => void> = {
      'v1-no-extensions': () => expect(d.extensions).toEqual([]),
      'rsa-8192': () => expect(d.publicKey).toMatchObject({ bits: 8192 }),
      'ec-p521': () => expect(JSON.stringify(d.publicKey)).toContain('P-521'),
      'empty-subject': () => expect(d.subject.attributes).toEqual([]),
      'serial-20-bytes': () => expect(d.serialNumber.replace(/:/g, '').toUpperCase()).toContain('FFEEDDCCBBAA99887766554433221100FFEEDDCC'),
      'generalized-time': () => expect(new Date(d.notAfter).getUTCFullYear()).toBeGreaterThan(2049),
      // Capped for the screen, and the cut said.
      'san-500': () => {
        expect(d.san.length).toBe(MAX_LIST_ITEMS);
        expect(d.cut?.items['san']).toBeDefined();
      },
      'unicode-names': () => expect(JSON.stringify(d.subject)).toContain('株式会社'),
      'policies-qualified': () => expect(d.validationLevel).toBe('ev'),
    };
    checks[name]?.();
  });
});

describe('every certificate of the e2e matrix', () => {
  let pki: { leaves: Map<string, { chainPem: string }>; rootPem: string; dispose(): Promise<void> };
  beforeAll(async () => {
    pki = await createPki({ leaves: { ...DEFAULT_LEAVES, ...MATRIX_LEAVES } });
  });
  afterAll(() => pki?.dispose());

  it('both readers read every leaf, intermediate and root and agree', async () => {
    const pems = [pki.rootPem, ...[...pki.leaves.values()].map((l) => l.chainPem)].join('\n');
    const ders = [...new Set([...pems.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END/g)].map((m) => m[1]!.replace(/\s+/g, '')))];
    expect(ders.length).toBeGreaterThan(Object.keys(MATRIX_LEAVES).length);
    const refused: number[] = [];
    for (const der of ders) if (!(await bothRead(der))) refused.push(Math.round((der.length * 3) / 4));
    // Only the 10,000-name certificate is over the readers' size limit (as it is over the browsers').
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeGreaterThan(MAX_DER_BYTES);
  });
});
