/**
 * The message gate (lib/messages.ts): who may send what, and what a payload may contain.
 * Sender shapes are those the engines hand to runtime.onMessage (seen in the e2e suite,
 * tests/e2e/trust.e2e.ts, which also sends the forged messages for real).
 */
import { describe, expect, it } from 'vitest';
import { admit, allowed, MESSAGES, parsePageProbe, PROBE_LIMITS, trustSender, type RawSender, type SelfIdentity } from '../../lib/messages';
import { MIXED_CONTENT_KINDS, SECRET_FIELD_KINDS } from '../../lib/report/types';

const CHROMIUM: SelfIdentity = { id: 'abcdefghijklmnopabcdefghijklmnop', base: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const FIREFOX: SelfIdentity = { id: 'onlooker@onlooker.test', base: 'moz-extension://0d1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b/' };
const page = (self: SelfIdentity, path: string, extra: RawSender = {}): RawSender => ({
  id: self.id,
  url: `${self.base}${path.replace(/^\//, '')}`,
  ...extra,
});
const content = (self: SelfIdentity, url: string, extra: RawSender = {}): RawSender => ({
  id: self.id,
  url,
  tab: { id: 7 },
  frameId: 0,
  ...extra,
});

describe('trustSender', () => {
  it.each([
    ['Chromium action popup', CHROMIUM, page(CHROMIUM, '/popup.html', { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' })],
    ['Chromium popup opened in a tab', CHROMIUM, page(CHROMIUM, '/popup.html?tab=3', { tab: { id: 9 }, frameId: 0 })],
    [
      'Firefox popup',
      FIREFOX,
      page(FIREFOX, '/popup.html', { envType: 'addon_child', origin: 'moz-extension://0d1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b' }),
    ],
    ['Firefox popup opened in a tab', FIREFOX, page(FIREFOX, '/popup.html?tab=3', { tab: { id: 9 }, frameId: 0 })],
  ])('recognises an extension page: %s', (_, self, sender) => {
    expect(trustSender(sender, self)).toEqual({ kind: 'extension-page', path: '/popup.html' });
  });

  it("takes a content script's tab, frame, URL and document from the sender", () => {
    const sender = content(CHROMIUM, 'https://a.test/x?session=1', {
      origin: 'https://a.test',
      frameId: 2,
      documentId: 'D1',
      documentLifecycle: 'active',
    });
    expect(trustSender(sender, CHROMIUM)).toEqual({
      kind: 'content-script',
      tabId: 7,
      frameId: 2,
      url: 'https://a.test/x?session=1',
      documentId: 'D1',
    });
    expect(trustSender(content(FIREFOX, 'http://plain.test/', { envType: 'content_child' }), FIREFOX)).toMatchObject({
      kind: 'content-script',
      tabId: 7,
    });
  });

  it.each<[string, RawSender | undefined]>([
    ['no sender', undefined],
    ['another extension', { ...page(CHROMIUM, '/popup.html'), id: 'other' }],
    ['no id', { url: `${CHROMIUM.base}popup.html` }],
    ['no URL', { id: CHROMIUM.id, tab: { id: 1 }, frameId: 0 }],
    ['an unparseable URL', { id: CHROMIUM.id, url: 'not a url', tab: { id: 1 }, frameId: 0 }],
    ["another extension's pages", page({ id: CHROMIUM.id, base: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/' }, '/popup.html')],
    ['an extension URL with a web origin', page(CHROMIUM, '/popup.html', { origin: 'https://evil.test' })],
    [
      'a web URL claiming the extension origin',
      content(CHROMIUM, 'https://evil.test/', { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' }),
    ],
    ['a content script without a tab', { id: CHROMIUM.id, url: 'https://a.test/', frameId: 0 }],
    ['a negative tab id', content(CHROMIUM, 'https://a.test/', { tab: { id: -1 } })],
    ['a fractional frame id', content(CHROMIUM, 'https://a.test/', { frameId: 0.5 })],
    ['a prerendered document', content(CHROMIUM, 'https://a.test/', { documentLifecycle: 'prerender' })],
    ['a back-forward-cached document', content(CHROMIUM, 'https://a.test/', { documentLifecycle: 'cached' })],
  ])('refuses %s', (_, sender) => {
    expect(trustSender(sender, CHROMIUM)).toBeUndefined();
  });

  it('refuses a Firefox sender whose envType contradicts its URL', () => {
    expect(trustSender(page(FIREFOX, '/popup.html', { envType: 'content_child' }), FIREFOX)).toBeUndefined();
    expect(trustSender(content(FIREFOX, 'https://a.test/', { envType: 'addon_child' }), FIREFOX)).toBeUndefined();
  });
});

describe('allowed', () => {
  const popup = { kind: 'extension-page', path: '/popup.html' } as const;
  const privacy = { kind: 'extension-page', path: '/privacy.html' } as const;
  const script = { kind: 'content-script', tabId: 1, frameId: 0, url: 'https://a.test/' } as const;
  it('lets extension pages ask for tab state, only the popup inspect, only content scripts probe', () => {
    expect([allowed('extension-page', popup), allowed('extension-page', privacy), allowed('extension-page', script)]).toEqual([
      true,
      true,
      false,
    ]);
    expect([allowed('popup', popup), allowed('popup', privacy), allowed('popup', script)]).toEqual([true, false, false]);
    expect([allowed('content-script', popup), allowed('content-script', script)]).toEqual([false, true]);
  });
  it('declares a sender rule and a validator for every message type', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(['get-tab', 'inspect', 'page-probe']);
    for (const spec of Object.values(MESSAGES)) {
      expect(['extension-page', 'popup', 'content-script']).toContain(spec.from);
      expect(spec.parse(null)).toBeUndefined();
    }
  });
});

describe('parsePageProbe', () => {
  const ok = { type: 'page-probe', protocol: 'h2', mixed: [{ kind: 'form', url: 'http://x.test/submit' }], secrets: ['password'] };

  it('accepts the probe as the content script sends it, and returns a clean copy', () => {
    const parsed = parsePageProbe(ok);
    expect(parsed).toEqual({ protocol: 'h2', mixed: [{ kind: 'form', url: 'http://x.test/submit' }], secrets: ['password'] });
    expect(parsed).not.toBe(ok);
    expect(parsed?.secrets).not.toBe(ok.secrets);
    expect(parsePageProbe({ type: 'page-probe', protocol: '', mixed: [], secrets: [] })).toEqual({ protocol: '', mixed: [], secrets: [] });
  });

  it('accepts every kind of the one list in report/types', () => {
    for (const kind of MIXED_CONTENT_KINDS) {
      expect(parsePageProbe({ ...ok, mixed: [{ kind, url: 'http://x.test/' }] })?.mixed[0]?.kind).toBe(kind);
    }
    expect(parsePageProbe({ ...ok, secrets: [...SECRET_FIELD_KINDS] })?.secrets).toEqual(SECRET_FIELD_KINDS);
  });

  const long = (n: number) => 'x'.repeat(n);
  const item = (over: Record<string, unknown>) => ({ ...ok, mixed: [{ kind: 'form', url: 'http://x.test/', ...over }] });
  it.each<[string, unknown]>([
    ['not an object', 'page-probe'],
    ['an array', [ok]],
    ['an unknown kind', item({ kind: 'script' })],
    ['the kind __proto__', item({ kind: '__proto__' })],
    ['the kind constructor', item({ kind: 'constructor' })],
    ['a kind that is not a string', item({ kind: ['form'] })],
    ['an own __proto__ key (as JSON.parse makes it)', JSON.parse('{"type":"page-probe","protocol":"h2","mixed":[],"__proto__":{"x":1}}')],
    ['an own __proto__ key in an item', { ...ok, mixed: [JSON.parse('{"kind":"form","url":"http://x.test/","__proto__":{}}')] }],
    ['an unknown field', { ...ok, tabId: 3 }],
    ['an unknown field in an item', item({ tabId: 3 })],
    ['a URL that is not a string', item({ url: 42 })],
    ['a URL over the limit', item({ url: `http://x.test/${long(PROBE_LIMITS.url)}` })],
    ['a protocol over the limit', { ...ok, protocol: long(PROBE_LIMITS.protocol + 1) }],
    ['a protocol with control characters', { ...ok, protocol: 'h2\n' }],
    ['a protocol that is not a string', { ...ok, protocol: 2 }],
    ['mixed not a list', { ...ok, mixed: { 0: { kind: 'form', url: 'http://x.test/' }, length: 1 } }],
    [
      'a list over the limit',
      { ...ok, mixed: Array.from({ length: PROBE_LIMITS.items + 1 }, () => ({ kind: 'form', url: 'http://x.test/' })) },
    ],
    // eslint-disable-next-line no-sparse-arrays -- the hole is what this case tests
    ['a list with a hole', { ...ok, mixed: [, { kind: 'form', url: 'http://x.test/' }] }],
    ['a list with an extra property', { ...ok, mixed: Object.assign([{ kind: 'form', url: 'http://x.test/' }], { extra: 1 }) }],
    ['a null item', { ...ok, mixed: [null] }],
    ['a class instance', Object.assign(Object.create({ inherited: 1 }), ok)],
    ['a getter', Object.defineProperty({ type: 'page-probe', mixed: [] }, 'protocol', { get: () => 'h2', enumerable: true })],
    ['a symbol key', { ...ok, [Symbol('x')]: 1 }],
    // The secret kinds: a list of known kinds, each once, no more than there are kinds.
    ['no secrets field', { type: 'page-probe', protocol: 'h2', mixed: [] }],
    ['secrets not a list', { ...ok, secrets: 'password' }],
    ['secrets as an array-like object', { ...ok, secrets: { 0: 'password', length: 1 } }],
    ['an unknown secret kind', { ...ok, secrets: ['ssn'] }],
    ['a secret kind in another case', { ...ok, secrets: ['Password'] }],
    ['the secret kind __proto__', { ...ok, secrets: ['__proto__'] }],
    ['the secret kind constructor', { ...ok, secrets: ['constructor'] }],
    ['the secret kind toString', { ...ok, secrets: ['toString'] }],
    ['a secret kind that is not a string', { ...ok, secrets: [{ kind: 'password' }] }],
    ['a null secret kind', { ...ok, secrets: [null] }],
    ['a repeated secret kind', { ...ok, secrets: ['card', 'card'] }],
    ['more secret kinds than there are', { ...ok, secrets: [...SECRET_FIELD_KINDS, 'password'] }],
    ['a secrets list over the limit', { ...ok, secrets: Array.from({ length: 1000 }, () => 'password') }],
    // eslint-disable-next-line no-sparse-arrays -- the hole is what this case tests
    ['a secrets list with a hole', { ...ok, secrets: [, 'card'] }],
    ['a secrets list with an extra property', { ...ok, secrets: Object.assign(['card'], { extra: 1 }) }],
    ['a secrets list with an own __proto__', { ...ok, secrets: JSON.parse('{"__proto__":[],"0":"card","length":1}') }],
  ])('refuses %s', (_, raw) => {
    expect(parsePageProbe(raw)).toBeUndefined();
  });

  it('accepts the longest allowed values', () => {
    const max = {
      type: 'page-probe',
      protocol: long(PROBE_LIMITS.protocol),
      mixed: Array.from({ length: PROBE_LIMITS.items }, () => ({ kind: 'upgraded', url: long(PROBE_LIMITS.url) })),
      secrets: [...SECRET_FIELD_KINDS],
    };
    expect(parsePageProbe(max)?.mixed).toHaveLength(PROBE_LIMITS.items);
    expect(parsePageProbe(max)?.secrets).toHaveLength(PROBE_LIMITS.secrets);
  });
});

describe('admit', () => {
  const popup = page(CHROMIUM, '/popup.html');
  const privacy = page(CHROMIUM, '/privacy.html');
  const script = content(CHROMIUM, 'https://a.test/', { origin: 'https://a.test' });

  it("leaves messages that are not Onlooker's to other listeners", () => {
    for (const m of [null, 'get-tab', {}, { type: 'other' }, { type: 'toString' }, { type: '__proto__' }]) {
      expect(admit(m, popup, CHROMIUM)).toBeUndefined();
    }
  });

  it('answers extension pages and refuses content scripts asking for a tab or an inspection', () => {
    expect(admit({ type: 'get-tab', tabId: 3 }, popup, CHROMIUM)).toEqual({
      type: 'get-tab',
      req: { tabId: 3 },
      sender: { kind: 'extension-page', path: '/popup.html' },
    });
    expect(admit({ type: 'get-tab', tabId: 3 }, privacy, CHROMIUM)).toMatchObject({ type: 'get-tab' });
    expect(admit({ type: 'get-tab', tabId: 3 }, script, CHROMIUM)).toEqual({ refused: 'sender', type: 'get-tab' });
    expect(admit({ type: 'inspect', tabId: 3 }, script, CHROMIUM)).toEqual({ refused: 'sender', type: 'inspect' });
    expect(admit({ type: 'inspect', tabId: 3 }, privacy, CHROMIUM)).toEqual({ refused: 'sender', type: 'inspect' });
    expect(admit({ type: 'inspect', tabId: 3 }, popup, CHROMIUM)).toMatchObject({ type: 'inspect', req: { tabId: 3 } });
  });

  it.each([-1, 1.5, '3', null, 2 ** 31, Number.NaN])('refuses the tab id %s', (tabId) => {
    expect(admit({ type: 'get-tab', tabId }, popup, CHROMIUM)).toEqual({ refused: 'payload', type: 'get-tab' });
  });

  it('refuses extra fields in tab requests', () => {
    expect(admit({ type: 'inspect', tabId: 3, url: 'https://a.test/' }, popup, CHROMIUM)).toEqual({ refused: 'payload', type: 'inspect' });
  });

  it("takes a probe's tab and frame from the sender, never from the payload; pages may not probe", () => {
    const forged = { type: 'page-probe', protocol: 'h2', mixed: [], secrets: [], tabId: 99, frameId: 0 };
    expect(admit(forged, script, CHROMIUM)).toEqual({ refused: 'payload', type: 'page-probe' });
    const probe = { type: 'page-probe', protocol: 'h2', mixed: [], secrets: ['card'] };
    const real = admit(probe, script, CHROMIUM);
    expect(real).toMatchObject({
      req: { secrets: ['card'] },
      sender: { kind: 'content-script', tabId: 7, frameId: 0, url: 'https://a.test/' },
    });
    expect(admit(probe, popup, CHROMIUM)).toEqual({ refused: 'sender', type: 'page-probe' });
  });
});
