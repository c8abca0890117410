import { beforeAll, describe, expect, it } from 'vitest';
import { parseChainEntries } from '../../../lib/popup/chain';
import { cachedChain, MAX_ENTRIES, MAX_ENTRY_CHARS, readCertCache, rememberChain } from '../../../lib/popup/cert-cache';
import type { CertSummary } from '../../../lib/report/types';
import { b64, ecKeys, makeLeaf, makeRoot } from '../cert/fixtures';

let chain: CertSummary[];
let huge: CertSummary;

beforeAll(async () => {
  const [rootKeys, leafKeys] = await Promise.all([ecKeys(), ecKeys()]);
  const root = await makeRoot('CN=Cache Root', rootKeys);
  const leaf = await makeLeaf({ keys: leafKeys, issuer: { name: 'CN=Cache Root', keys: rootKeys } });
  const big = await makeLeaf({
    subject: [{ CN: ['H'.repeat(20_000)] }],
    keys: leafKeys,
    issuer: { name: 'CN=Cache Root', keys: rootKeys },
  });
  // Browsers may wrap base64; the cache compares normalised DER.
  chain = [
    { subject: 'CN=leaf', issuer: 'CN=Cache Root', der: b64(leaf).replace(/(.{64})/g, '$1\n') },
    { subject: 'CN=Cache Root', issuer: 'CN=Cache Root', der: b64(root), isBuiltInRoot: false },
  ];
  huge = { subject: 'CN=huge', issuer: 'CN=Cache Root', der: b64(big) };
});

describe('parsed-certificate cache', () => {
  it('remembers a parsed chain and hands it back, with the current summaries', async () => {
    const entries = await parseChainEntries(chain);
    const cache = rememberChain([], entries);
    expect(cache).toHaveLength(2);
    const hit = cachedChain(readCertCache(JSON.parse(JSON.stringify(cache))), chain);
    expect(hit?.map((e) => e.result?.ok)).toEqual([true, true]);
    expect(hit?.[1]?.isBuiltInRoot).toBe(false);
    expect(hit?.[0]?.summary).toBe(chain[0]);
  });

  it('misses when any certificate with DER is unknown, and never for a chain without DER', async () => {
    const cache = rememberChain([], await parseChainEntries(chain.slice(0, 1)));
    expect(cachedChain(cache, chain)).toBeUndefined();
    expect(cachedChain(cache, [{ subject: 'CN=x', issuer: 'CN=y' }])).toBeUndefined();
  });

  it('skips parse errors and oversized results, and stays bounded', async () => {
    const broken = await parseChainEntries([{ subject: '', issuer: '', der: 'MIIBCg==' }]);
    expect(rememberChain([], broken)).toEqual([]);
    const big = await parseChainEntries([huge]);
    expect(big[0]?.result?.ok).toBe(true);
    expect(JSON.stringify(big[0]?.result).length).toBeGreaterThan(MAX_ENTRY_CHARS);
    expect(rememberChain([], big)).toEqual([]);
    const entries = await parseChainEntries(chain);
    let cache = rememberChain([], entries);
    const fake = cache[0]!;
    for (let i = 0; i < MAX_ENTRIES + 5; i++) cache = [...cache, { der: `x${i}`, details: { ...fake.details, derBase64: `x${i}` } }];
    cache = rememberChain(cache, entries);
    expect(cache).toHaveLength(MAX_ENTRIES);
    // The chain just parsed is the most recent, so it survives the bound.
    expect(cachedChain(cache, chain)).toBeDefined();
  });

  it('reads anything else from storage as an empty cache', () => {
    for (const junk of [undefined, null, 42, 'x', {}, [{}], [{ der: 'a', details: { ok: true, derBase64: 'b' } }]]) {
      expect(readCertCache(junk)).toEqual([]);
    }
  });
});
