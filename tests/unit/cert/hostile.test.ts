import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_LIST_ITEMS, MAX_TEXT_CHARS } from '../../../lib/cert/caps';
import { capList, displayText, hasInvisible, neutralise } from '../../../lib/safe-text';
import { parseCertificate } from '../../../lib/cert/parse';
import type { CertDetails } from '../../../lib/cert/types';
import { b64, ecKeys, makeLeaf, x509 } from './fixtures';

// Certificate generation (RSA keys, thousands of SANs) is slow on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const ISSUER = 'CN=Hostile Test CA';
let keys: CryptoKeyPair;
let caKeys: CryptoKeyPair;

beforeAll(async () => {
  [keys, caKeys] = await Promise.all([ecKeys(), ecKeys()]);
});

async function leafWith(subject: x509.JsonName, san?: x509.JsonGeneralNames): Promise<CertDetails> {
  const cert = await makeLeaf({ subject, keys, issuer: { name: ISSUER, keys: caKeys }, san });
  const r = await parseCertificate(b64(cert));
  if (!r.ok) throw new Error(r.reason);
  return r;
}

describe('neutralise', () => {
  it('makes every bidi control visible', () => {
    const controls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f];
    for (const cp of controls) {
      const out = neutralise(`a${String.fromCharCode(cp)}b`);
      expect(out).toBe(`a⟨U+${cp.toString(16).toUpperCase()}⟩b`);
      expect(hasInvisible(out)).toBe(false);
    }
  });

  it('makes zero-width, control and separator characters visible', () => {
    expect(neutralise('pay\u200Bpal')).toBe('pay⟨U+200B⟩pal');
    expect(neutralise('a\u0000b\nc\u2028d\uFEFF')).toBe('a⟨U+0000⟩b⟨U+000A⟩c⟨U+2028⟩d⟨U+FEFF⟩');
    expect(neutralise('\u061C')).toBe('⟨U+061C⟩');
  });

  it('leaves ordinary text, including non-Latin scripts and emoji, alone', () => {
    for (const s of ['example.com', 'Bücher GmbH', 'שלום', '例え.テスト', '🔒 lock']) {
      expect(neutralise(s)).toBe(s);
      expect(hasInvisible(s)).toBe(false);
    }
  });

  it('is idempotent and has no /g lastIndex state', () => {
    const once = neutralise('\u202Eabc');
    expect(neutralise(once)).toBe(once);
    expect(hasInvisible('\u202E')).toBe(true);
    expect(hasInvisible('\u202E')).toBe(true);
  });
});

describe('displayText and capList', () => {
  it('caps long text with an honest count and keeps the full value', () => {
    const long = 'x'.repeat(1000);
    const d = displayText(long, 100);
    expect(d.text).toBe('x'.repeat(100));
    expect(d.omitted).toBe(900);
    expect(d.full).toBe(long);
    expect(displayText('short', 100)).toEqual({ text: 'short', omitted: 0, full: 'short' });
  });

  it('never splits a surrogate pair', () => {
    const s = `${'a'.repeat(9)}😀tail`;
    const d = displayText(s, 10);
    expect(d.text).toBe('a'.repeat(9));
    expect(d.omitted).toBe(s.length - 9);
  });

  it('caps lists', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(capList(items, 10)).toEqual({ shown: items.slice(0, 10), hidden: 15, total: 25 });
    expect(capList([1, 2], 10)).toEqual({ shown: [1, 2], hidden: 0, total: 2 });
  });
});

describe('hostile certificates parse, and the helpers neutralise them', () => {
  it('keeps markup in a CN as plain text', async () => {
    const cn = '<img src=x onerror=alert(1)>';
    const d = await leafWith([{ CN: [cn] }, { O: ['<script>alert(2)</script>'] }]);
    expect(d.subject.cn).toBe(cn);
    expect(d.subject.o).toBe('<script>alert(2)</script>');
    // Text, not markup: display helpers change nothing here; the renderer escapes it.
    expect(displayText(cn).text).toBe(cn);
  });

  it('shows an RTL override instead of obeying it', async () => {
    const cn = 'secure.\u202Emoc.knab';
    const d = await leafWith([{ CN: [cn] }]);
    expect(d.subject.cn).toBe(cn);
    expect(displayText(d.subject.cn ?? '').text).toBe('secure.⟨U+202E⟩moc.knab');
  });

  it('keeps non-ASCII bytes in an IA5 SAN visible', async () => {
    // dNSName is IA5String, but nothing stops a CA from putting UTF-8 (here U+202E) or C1 bytes there.
    const name = [...Buffer.from('evil'), 0xe2, 0x80, 0xae, ...Buffer.from('test'), 0x85];
    const sanDer = new Uint8Array([0x30, name.length + 2, 0x82, name.length, ...name]);
    const cert = await makeLeaf({
      subject: 'CN=san.test',
      keys,
      issuer: { name: ISSUER, keys: caKeys },
      extra: [new x509.Extension('2.5.29.17', false, sanDer)],
    });
    const r = await parseCertificate(b64(cert));
    if (!r.ok) throw new Error(r.reason);
    expect(r.san).toHaveLength(1);
    const shown = displayText(r.san[0]?.value ?? '').text;
    expect(shown).toBe('evilâ⟨U+0080⟩®test⟨U+0085⟩');
    expect(hasInvisible(shown)).toBe(false);
  });

  it('parses a 16 KB CN, keeps 1024 characters with a count, and displays a bounded part', async () => {
    const cn = 'A'.repeat(16 * 1024);
    const d = await leafWith([{ CN: [cn] }]);
    expect(d.subject.cn).toBe(cn.slice(0, MAX_TEXT_CHARS));
    expect(d.cut?.chars['subject.cn']).toBe(cn.length - MAX_TEXT_CHARS);
    const shown = displayText(d.subject.cn ?? '');
    expect(shown.text.length).toBe(200);
    expect(shown.omitted).toBe(MAX_TEXT_CHARS - 200);
  });

  it('parses 2000 SANs, keeps 256 with a count, and collapses them', async () => {
    const san = Array.from({ length: 2000 }, (_, i) => ({ type: 'dns' as const, value: `host${i}.many.test` }));
    const d = await leafWith([{ CN: ['many.test'] }], san);
    expect(d.san).toHaveLength(MAX_LIST_ITEMS);
    expect(d.cut?.items['san']).toBe(2000 - MAX_LIST_ITEMS);
    const capped = capList(d.san);
    expect(capped.shown).toHaveLength(10);
    expect(capped.hidden).toBe(MAX_LIST_ITEMS - 10);
  });
});
