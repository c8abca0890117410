import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCertificate, parseChain } from '../../../lib/cert/parse';
import type { CertParseResult } from '../../../lib/cert/types';
import { ecKeys, makeRoot } from './fixtures';
import { prng } from '../../fixtures/prng';

// Certificate generation (RSA keys, thousands of SANs) is slow on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

let valid: Uint8Array;

beforeAll(async () => {
  valid = new Uint8Array((await makeRoot('CN=Malformed Base', await ecKeys())).rawData);
});

const b64 = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString('base64');

function reason(r: CertParseResult): string {
  return r.ok ? 'ok' : r.reason;
}

describe('malformed input gives an error value, never an exception', () => {
  it.each([
    ['empty string', '', 'empty'],
    ['whitespace only', ' \n\t', 'empty'],
    ['not base64', 'this is not base64!!', 'not-base64'],
    ['base64url characters', 'ab-_', 'not-base64'],
    ['bad padding', 'abc', 'not-base64'],
    ['base64 of text', Buffer.from('hello world').toString('base64'), 'not-der'],
  ])('%s → %s', async (_name, input, expected) => {
    const r = await parseCertificate(input);
    expect(r.ok).toBe(false);
    expect(reason(r)).toBe(expected);
  });

  it('rejects random bytes', async () => {
    const rnd = prng(1);
    for (let i = 0; i < 50; i++) {
      const bytes = Array.from({ length: 1 + Math.floor(rnd() * 600) }, () => Math.floor(rnd() * 256));
      const r = await parseCertificate(b64(bytes));
      expect(r.ok).toBe(false);
    }
  });

  it('rejects every truncation of a valid certificate', async () => {
    for (let n = 0; n < valid.length; n += 7) {
      const r = await parseCertificate(b64(valid.subarray(0, n)));
      expect(r.ok, `truncated to ${n}`).toBe(false);
    }
  });

  it('rejects trailing data, indefinite lengths and wrong outer tags', async () => {
    expect(reason(await parseCertificate(b64([...valid, 0x00])))).toBe('not-der');
    const indefinite = [0x30, 0x80, ...valid.subarray(4), 0x00, 0x00];
    expect(reason(await parseCertificate(b64(indefinite)))).toBe('not-der');
    expect(reason(await parseCertificate(b64([0x31, ...valid.subarray(1)])))).toBe('not-der');
    expect(reason(await parseCertificate(b64([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe('not-der');
  });

  it('rejects oversized input before decoding it', async () => {
    const r = await parseCertificate('A'.repeat(3 * 1024 * 1024));
    expect(reason(r)).toBe('too-large');
  });

  it('survives non-string input from a confused caller', async () => {
    const r = await parseCertificate(undefined as unknown as string);
    expect(reason(r)).toBe('empty');
  });

  it('survives bit flips anywhere in a valid certificate (fuzz)', async () => {
    const rnd = prng(42);
    let parsed = 0;
    for (let i = 0; i < 300; i++) {
      const copy = valid.slice();
      const flips = 1 + Math.floor(rnd() * 3);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(rnd() * copy.length);
        copy[at] = (copy[at] as number) ^ (1 << Math.floor(rnd() * 8));
      }
      const r = await parseCertificate(b64(copy));
      if (r.ok) parsed++;
      else expect(r.reason).toMatch(/^(not-der|not-certificate|internal)$/);
    }
    // Flips inside the signature or names still parse; the point is that nothing threw.
    expect(parsed).toBeGreaterThan(0);
  });

  it('parseChain never rejects', async () => {
    await expect(parseChain(['', '%%%', b64(valid)])).resolves.toHaveLength(3);
  });
});
