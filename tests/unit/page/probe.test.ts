/**
 * The probe's scan: which references count as plain HTTP, with which kind, however the page
 * writes them (whitespace, formaction, <base>, shadowed form properties, frames), bounded.
 */
import { describe, expect, it } from 'vitest';
import { LIMIT, MixedCollector, accessibleDocuments, probePage, secretKind, urlOf } from '../../../lib/page/probe';
import { MIXED_CONTENT_KINDS } from '../../../lib/report/types';
import { PAGE, attachFrame, dom, perf } from './fixtures';

const probe = (body: string, base?: string, href = PAGE) => probePage(dom(body, base).document, perf('h2'), href);

describe('probePage', () => {
  it('reports the protocol, and nothing mixed on a clean HTTPS page', () => {
    const result = probe(
      '<form action="/pay"><button formaction="https://shop.test/alt">Go</button></form><img src="/a.png"><script src="https://cdn.test/x.js"></script>',
    );
    expect(result).toEqual({ protocol: 'h2', mixed: [], secrets: [] });
  });

  it('finds form targets behind leading spaces and newlines', () => {
    const { mixed } = probe('<form action=" http://evil.test/a"></form><form action="\n\thttp://evil.test/b"></form>');
    expect(mixed).toEqual([
      { kind: 'form', url: 'http://evil.test/a' },
      { kind: 'form', url: 'http://evil.test/b' },
    ]);
  });

  it('finds formaction on submit buttons and inputs, not on buttons that cannot submit', () => {
    const { mixed } = probe(
      '<form action="/ok">' +
        '<button formaction="http://evil.test/button">a</button>' +
        '<input type="submit" formaction="http://evil.test/input">' +
        '<input type="image" formaction="http://evil.test/image">' +
        '<button type="button" formaction="http://evil.test/no">b</button>' +
        '<button type="reset" formaction="http://evil.test/no">c</button>' +
        '<input type="text" formaction="http://evil.test/no">' +
        '</form>',
    );
    expect(mixed.map((m) => m.url)).toEqual(['http://evil.test/button', 'http://evil.test/input', 'http://evil.test/image']);
    expect(mixed.every((m) => m.kind === 'form')).toBe(true);
  });

  it('resolves relative targets against a plain-HTTP <base>', () => {
    const { mixed } = probe('<form action="submit"></form><script src="lib.js"></script>', 'http://evil.test/dir/');
    expect(mixed).toEqual([
      { kind: 'form', url: 'http://evil.test/dir/submit' },
      { kind: 'subresource', url: 'http://evil.test/dir/lib.js' },
    ]);
  });

  it("is not fooled by controls that shadow the form's own properties", () => {
    const { document } = dom('<form action="http://evil.test/clobbered"><input name="action"></form>');
    const form = document.querySelector('form')!;
    // What <input name="action"> / <input name="getAttribute"> do to a form in a browser.
    Object.defineProperty(form, 'action', { value: form.querySelector('input') });
    Object.defineProperty(form, 'getAttribute', {
      value: () => {
        throw new Error('shadowed');
      },
    });
    expect(probePage(document, perf(), PAGE).mixed).toEqual([{ kind: 'form', url: 'http://evil.test/clobbered' }]);
  });

  it('gives each kind from MIXED_CONTENT_KINDS: forms, active subresources, upgraded media', () => {
    const { mixed } = probe(
      '<img src="http://h.test/i.png"><video src="http://h.test/v.webm"></video><script src="http://h.test/s.js"></script>' +
        '<iframe src="http://h.test/f"></iframe><link rel="stylesheet" href="http://h.test/c.css"><link rel="icon" href="http://h.test/i.ico">' +
        '<object data="http://h.test/o"></object><embed src="http://h.test/e"><form action="HTTP://H.test/f"></form>',
    );
    expect(mixed.map((m) => `${m.kind} ${m.url.replace('http://h.test/', '')}`)).toEqual([
      'form f',
      'subresource s.js',
      'subresource f',
      'subresource e',
      'subresource o',
      'subresource c.css',
      'upgraded i.png',
      'upgraded v.webm',
    ]);
    for (const m of mixed) expect(MIXED_CONTENT_KINDS).toContain(m.kind);
  });

  it('lists forms first and stops at LIMIT, each URL once', () => {
    const images = Array.from({ length: LIMIT * 2 }, (_, i) => `<img src="http://h.test/${i}.png"><img src="http://h.test/${i}.png">`).join(
      '',
    );
    const { mixed } = probe(`${images}<form action="http://evil.test/last"></form>`);
    expect(mixed).toHaveLength(LIMIT);
    expect(mixed[0]).toEqual({ kind: 'form', url: 'http://evil.test/last' });
    expect(new Set(mixed.map((m) => m.url)).size).toBe(LIMIT);
  });

  it('looks inside reachable frames (srcdoc, same-origin), forms of every frame first', () => {
    const top = dom('<img src="http://h.test/top.png"><iframe srcdoc="x"></iframe><iframe src="https://other.test/"></iframe>');
    const inner = dom('<iframe></iframe><form action="http://evil.test/srcdoc"></form>');
    const deeper = dom('<form action="http://evil.test/nested"></form>');
    const frames = top.document.querySelectorAll('iframe');
    attachFrame(frames[0]!, inner.document);
    attachFrame(inner.document.querySelector('iframe')!, deeper.document);
    // frames[1] is cross-origin: contentDocument is null, as in a browser.
    expect(accessibleDocuments(top.document)).toHaveLength(3);
    expect(probePage(top.document, perf(), PAGE).mixed).toEqual([
      { kind: 'form', url: 'http://evil.test/srcdoc' },
      { kind: 'form', url: 'http://evil.test/nested' },
      { kind: 'upgraded', url: 'http://h.test/top.png' },
    ]);
  });

  it('does not walk a frame cycle or an unbounded number of frames', () => {
    const a = dom('<iframe></iframe>');
    const b = dom('<iframe></iframe>');
    attachFrame(a.document.querySelector('iframe')!, b.document);
    attachFrame(b.document.querySelector('iframe')!, a.document);
    expect(accessibleDocuments(a.document)).toHaveLength(2);
    const many = dom('<iframe></iframe>'.repeat(100));
    for (const f of Array.from(many.document.querySelectorAll('iframe'))) attachFrame(f, dom('').document);
    expect(accessibleDocuments(many.document).length).toBeLessThanOrEqual(32);
  });

  it('scans nothing on a plain-HTTP page (no mixed content there), but still reads the protocol', () => {
    expect(probe('<form action="http://evil.test/a"></form>', undefined, 'http://shop.test/')).toEqual({
      protocol: 'h2',
      mixed: [],
      secrets: [],
    });
    expect(probePage(dom('').document, perf(), PAGE).protocol).toBe('');
  });
});

describe('secret fields', () => {
  const http = (body: string) => probePage(dom(body, 'http://shop.test/').document, perf(), 'http://shop.test/login').secrets;

  it('finds a password by type or autocomplete, a card by any cc-* token; each kind once, in list order', () => {
    expect(http('<input name="q"><input type="PASSWORD">')).toEqual(['password']);
    expect(http('<input autocomplete="section-login current-password">')).toEqual(['password']);
    expect(http('<input autocomplete="new-password">')).toEqual(['password']);
    expect(http('<input autocomplete="billing cc-number"><select autocomplete="cc-exp-month"></select>')).toEqual(['card']);
    expect(http('<textarea autocomplete="cc-csc"></textarea><input type="password"><input type="password">')).toEqual(['password', 'card']);
  });

  it('does not guess from names or ids, and ignores hidden inputs and other autocomplete tokens', () => {
    expect(
      http(
        '<input name="password" id="pwd"><input name="card-number"><input type="hidden" autocomplete="cc-number">' +
          '<input autocomplete="username"><input autocomplete="one-time-code"><div autocomplete="cc-number"></div>',
      ),
    ).toEqual([]);
  });

  it('on a plain-HTTP page, counts every one, whatever its form posts to, and reports no mixed content', () => {
    const result = probePage(
      dom('<form action="https://secure.test/login"><input type="password"></form><img src="http://h.test/i.png">', 'http://shop.test/')
        .document,
      perf(),
      'http://shop.test/',
    );
    expect(result).toEqual({ protocol: '', mixed: [], secrets: ['password'] });
  });

  it('on an HTTPS page, counts only fields of a form that posts to plain HTTP (by action or a submit button)', () => {
    expect(probe('<form action="/login"><input type="password"></form><input autocomplete="cc-number">').secrets).toEqual([]);
    expect(probe('<form action="http://evil.test/login"><input type="password"></form>').secrets).toEqual(['password']);
    expect(
      probe('<form action="/pay"><input autocomplete="cc-number"><button formaction="http://evil.test/pay">Pay</button></form>').secrets,
    ).toEqual(['card']);
    expect(
      probe('<form action="/pay"><input autocomplete="cc-number"><button type="button" formaction="http://evil.test/pay">x</button></form>')
        .secrets,
    ).toEqual([]);
  });

  it('looks inside reachable frames', () => {
    const top = dom('<iframe srcdoc="x"></iframe>', 'http://shop.test/');
    attachFrame(top.document.querySelector('iframe')!, dom('<input autocomplete="cc-number">', 'http://shop.test/').document);
    expect(probePage(top.document, perf(), 'http://shop.test/').secrets).toEqual(['card']);
  });

  it('secretKind reads the attributes only', () => {
    const { document } = dom('<input type="password"><input autocomplete="CC-NAME"><input>');
    expect(Array.from(document.querySelectorAll('input')).map((el) => secretKind(el))).toEqual(['password', 'card', undefined]);
  });
});

describe('urlOf', () => {
  it("prefers the browser's reflected URL, and a form without action submits to its document", () => {
    const { document } = dom('<form></form><img src="x.png">');
    const img = document.querySelector('img')!;
    const proto = Object.create(Object.getPrototypeOf(img) as object) as object;
    Object.defineProperty(proto, 'src', { get: () => 'http://reflected.test/x.png' });
    Object.setPrototypeOf(img, proto);
    expect(urlOf(img, { prop: 'src', attr: 'src' })).toBe('http://reflected.test/x.png');
    expect(urlOf(document.querySelector('form')!, { prop: 'action', attr: 'action' })).not.toMatch(/^http:/);
  });
});

describe('MixedCollector', () => {
  it('hands out only what is new since the last take, never more than its limit', () => {
    const c = new MixedCollector(2);
    c.add('form', 'http://a/');
    c.add('form', 'http://a/');
    expect(c.take().mixed).toEqual([{ kind: 'form', url: 'http://a/' }]);
    expect(c.take().mixed).toEqual([]);
    c.add('upgraded', 'http://a/');
    c.add('form', 'http://b/');
    expect(c.take().mixed).toEqual([{ kind: 'upgraded', url: 'http://a/' }]);
    expect(c.full).toBe(true);
    // Full of mixed content, it can still find secret fields: not done until both are found.
    expect(c.done).toBe(false);
    c.addSecret('card');
    c.addSecret('password');
    c.addSecret('card');
    expect(c.take().secrets).toEqual(['password', 'card']);
    expect(c.take().secrets).toEqual([]);
    expect(c.done).toBe(true);
  });
});
