/**
 * The watch after the first scan: forms added or retargeted later, a <base> changed, frames
 * loaded; debounced, each item reported once, bounded, paused while hidden. linkedom's
 * MutationObserver delivers real mutation records; timers are faked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MixedCollector, collectorFor, probePage, type Found } from '../../../lib/page/probe';
import { DEBOUNCE_MS, MAX_REPORTS, PageWatch } from '../../../lib/page/watch';
import type { MixedContentItem, SecretFieldKind } from '../../../lib/report/types';
import { PAGE, attachFrame, dom, perf } from './fixtures';

const flushMutations = () => new Promise<void>((r) => queueMicrotask(r));

function watched(body: string) {
  const page = dom(body);
  vi.stubGlobal('MutationObserver', page.MutationObserver);
  const out = new MixedCollector();
  const first = probePage(page.document, perf(), PAGE, out).mixed;
  const reports: MixedContentItem[][] = [];
  const secrets: SecretFieldKind[][] = [];
  const watch = new PageWatch(page.document, out, {
    report: (found) => {
      if (found.mixed.length) reports.push(found.mixed);
      if (found.secrets.length) secrets.push(found.secrets);
    },
  });
  watch.start();
  const settle = async () => {
    await flushMutations();
    vi.advanceTimersByTime(DEBOUNCE_MS);
  };
  return { ...page, first, reports, secrets, watch, settle };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('PageWatch', () => {
  it('reports a form added after the scan, once, after the burst', async () => {
    const { document, reports, settle } = watched('<main></main>');
    const main = document.querySelector('main')!;
    main.innerHTML = '<div><form action="http://evil.test/added"></form></div>';
    main.append(document.createElement('p'));
    await flushMutations();
    expect(reports).toEqual([]); // debounced
    await settle();
    expect(reports).toEqual([[{ kind: 'form', url: 'http://evil.test/added' }]]);
    main.append(document.createElement('p'));
    await settle();
    expect(reports).toHaveLength(1);
  });

  it('reports a form or button retargeted to plain HTTP, not what was already reported', async () => {
    const { document, first, reports, settle } = watched('<img src="http://h.test/i.png"><form action="/ok"><button>a</button></form>');
    expect(first).toEqual([{ kind: 'upgraded', url: 'http://h.test/i.png' }]);
    document.querySelector('form')!.setAttribute('action', ' http://evil.test/retarget');
    document.querySelector('button')!.setAttribute('formaction', 'http://evil.test/button');
    await settle();
    expect(reports).toEqual([
      [
        { kind: 'form', url: 'http://evil.test/retarget' },
        { kind: 'form', url: 'http://evil.test/button' },
      ],
    ]);
  });

  it('rescans everything when <base> changes (relative targets move with it)', async () => {
    const { document, reports, settle } = watched('<form action="submit"></form>');
    document.querySelector('base')!.setAttribute('href', 'http://evil.test/');
    await settle();
    expect(reports).toEqual([[{ kind: 'form', url: 'http://evil.test/submit' }]]);
  });

  it('scans a frame once it loads, and watches it', async () => {
    const { document, reports, settle } = watched('<main></main>');
    const frame = document.createElement('iframe');
    const inner = dom('<form action="http://evil.test/srcdoc"></form>');
    attachFrame(frame, inner.document);
    document.querySelector('main')!.append(frame);
    frame.dispatchEvent(new (document.defaultView as unknown as { Event: typeof Event }).Event('load'));
    await settle();
    expect(reports).toEqual([[{ kind: 'form', url: 'http://evil.test/srcdoc' }]]);
    // Changes inside the frame later: linkedom's observer sees only its own document (a
    // browser's sees any same-origin one), so that is covered in tests/e2e/mixed.e2e.ts.
  });

  it('stops after MAX_REPORTS reports however often the page changes', async () => {
    const { document, reports, settle } = watched('<main></main>');
    for (let i = 0; i < MAX_REPORTS + 5; i++) {
      document.querySelector('main')!.innerHTML = `<form action="http://evil.test/${i}"></form>`;
      await settle();
    }
    expect(reports).toHaveLength(MAX_REPORTS);
  });

  it('is disconnected while the page is hidden and rescans when it is shown again', async () => {
    const { document, window, reports, settle } = watched('<main></main>');
    window.dispatchEvent(new window.Event('pagehide'));
    document.querySelector('main')!.innerHTML = '<form action="http://evil.test/while-hidden"></form>';
    await settle();
    expect(reports).toEqual([]);
    window.dispatchEvent(new window.Event('pageshow'));
    await settle();
    expect(reports).toEqual([[{ kind: 'form', url: 'http://evil.test/while-hidden' }]]);
  });

  it('back from the back-forward cache, reports everything again (the tab state was reset)', async () => {
    const { window, first, reports, settle } = watched('<form action="http://evil.test/old"></form>');
    expect(first).toHaveLength(1);
    window.dispatchEvent(Object.assign(new window.Event('pagehide'), { persisted: true }));
    window.dispatchEvent(Object.assign(new window.Event('pageshow'), { persisted: true }));
    await settle();
    expect(reports).toEqual([[{ kind: 'form', url: 'http://evil.test/old' }]]);
  });

  it('reports a secret field added or declared later, each kind once', async () => {
    const { document, reports, secrets, settle } = watched('<main><form action="http://evil.test/login"><input name="u"></form></main>');
    document.querySelector('input')!.setAttribute('autocomplete', 'current-password');
    await settle();
    document.querySelector('form')!.insertAdjacentHTML('beforeend', '<input type="password"><input autocomplete="cc-number">');
    await settle();
    expect(secrets).toEqual([['password'], ['card']]);
    expect(reports).toEqual([]);
  });

  it('finds the secret fields of a form retargeted to plain HTTP', async () => {
    const { document, secrets, settle } = watched('<form action="/login"><input type="password"><button>Go</button></form>');
    expect(secrets).toEqual([]);
    document.querySelector('button')!.setAttribute('formaction', 'http://evil.test/login');
    await settle();
    expect(secrets).toEqual([['password']]);
  });

  it('on a plain-HTTP page watches for secret fields only', async () => {
    const page = dom('<main></main>', 'http://shop.test/');
    vi.stubGlobal('MutationObserver', page.MutationObserver);
    const out = collectorFor('http://shop.test/');
    probePage(page.document, perf(), 'http://shop.test/', out);
    const found: Found[] = [];
    new PageWatch(page.document, out, { report: (f) => found.push(f) }).start();
    page.document.querySelector('main')!.innerHTML = '<form action="/login"><input type="password"></form><img src="http://h.test/i.png">';
    await flushMutations();
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(found).toEqual([{ mixed: [], secrets: ['password'] }]);
  });

  it('stop() ends all observing', async () => {
    const { document, reports, watch, settle } = watched('<main></main>');
    watch.stop();
    document.querySelector('main')!.innerHTML = '<form action="http://evil.test/x"></form>';
    await settle();
    expect(reports).toEqual([]);
  });
});
