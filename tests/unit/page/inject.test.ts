/**
 * The background side of the probe: where it is injected, how, and what of its result is
 * believed (the result comes from the page's renderer).
 */
import { describe, expect, it, vi } from 'vitest';
import { PROBE_FILE, needsProbe, probeResult, probeTab, type ProbeDeps } from '../../../lib/page/inject';
import { PROBE_LIMITS } from '../../../lib/messages';
import { newPage } from '../../../lib/state/tracker';
import { REPORT_VERSION, type ConnectionReport, type TabState } from '../../../lib/report/types';

function state(url: string, extra: Partial<ConnectionReport> = {}): TabState {
  const { protocol, hostname } = new URL(url);
  const scheme = protocol === 'https:' ? 'https' : protocol === 'http:' ? 'http' : 'other';
  return newPage(7, { v: REPORT_VERSION, engine: 'chromium', url, host: hostname, scheme, time: 1, ...extra });
}

describe('needsProbe', () => {
  // Both engines alike: plain-HTTP pages are probed for secret fields even with the HTTP version known.
  const cases: [TabState | undefined, boolean][] = [
    [state('https://a.test/'), true],
    [state('http://a.test/'), true],
    [state('http://a.test/', { httpVersion: 'HTTP/1.1' }), true],
    [state('https://a.test/', { error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'cert-expired' }), false],
    [state('chrome://settings/'), false],
    [undefined, false],
  ];
  it.each(cases)('%j → %s', (s, expected) => expect(needsProbe(s)).toBe(expected));
});

describe('probeResult', () => {
  const good = { url: 'https://a.test/', protocol: 'h2', mixed: [{ kind: 'form', url: 'http://b.test/' }], secrets: ['password'] };
  it('accepts a well-formed result', () => {
    expect(probeResult({ ...good })).toEqual(good);
  });
  it.each([
    ['not an object', 'x'],
    ['an unknown kind', { ...good, mixed: [{ kind: '__proto__', url: 'http://b.test/' }] }],
    ['a non-string url', { ...good, mixed: [{ kind: 'form', url: 5 }] }],
    ['too many items', { ...good, mixed: Array.from({ length: PROBE_LIMITS.items + 1 }, () => good.mixed[0]) }],
    // Checked like a page-probe message: a field the probe never sends refuses the whole result.
    ['an unknown field', { ...good, extra: 1 }],
    ['a prototype key', JSON.parse(`{"url":"https://a.test/","protocol":"h2","mixed":[],"__proto__":{}}`)],
    ['an over-long URL', { ...good, url: `https://a.test/${'x'.repeat(5000)}` }],
    ['a missing protocol', { url: good.url, mixed: [], secrets: [] }],
    ['missing secrets', { url: good.url, protocol: 'h2', mixed: [] }],
    ['an unknown secret kind', { ...good, secrets: ['ssn'] }],
  ])('refuses %s', (_, value) => expect(probeResult(value)).toBeUndefined());
});

describe('probeTab', () => {
  const deps = (result: unknown) => {
    const apply = vi.fn();
    const executeScript = vi.fn(async () => [{ result }]);
    return { deps: { executeScript, apply } satisfies ProbeDeps, apply, executeScript };
  };

  it('injects the probe file into the top frame only and applies what it found', async () => {
    const { deps: d, apply, executeScript } = deps({ url: 'https://a.test/', protocol: 'h2', mixed: [], secrets: [] });
    await probeTab(d, 7, state('https://a.test/'));
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [0] }, files: [PROBE_FILE] });
    expect(apply).toHaveBeenCalledWith({ tabId: 7, url: 'https://a.test/', protocol: 'h2', mixed: [], secrets: [] });
  });

  it('probes a plain-HTTP page whose HTTP version is known (Firefox) and applies its secret fields', async () => {
    const { deps: d, apply } = deps({ url: 'http://a.test/', protocol: 'http/1.1', mixed: [], secrets: ['password', 'card'] });
    await probeTab(d, 7, state('http://a.test/', { httpVersion: 'HTTP/1.1' }));
    expect(apply).toHaveBeenCalledWith({ tabId: 7, url: 'http://a.test/', protocol: '', mixed: [], secrets: ['password', 'card'] });
  });

  it('does nothing where the facts are not needed, or when there is nothing new', async () => {
    const none = deps({ url: 'chrome://settings/', protocol: '', mixed: [], secrets: [] });
    await probeTab(none.deps, 7, state('chrome://settings/'));
    expect(none.executeScript).not.toHaveBeenCalled();
    const empty = deps({ url: 'https://a.test/', protocol: '', mixed: [], secrets: [] });
    await probeTab(empty.deps, 7, state('https://a.test/'));
    expect(empty.executeScript).toHaveBeenCalled();
    expect(empty.apply).not.toHaveBeenCalled();
    // Firefox knows the HTTP version from the status line: the probe's protocol is not news.
    const known = deps({ url: 'https://a.test/', protocol: 'h2', mixed: [], secrets: [] });
    await probeTab(known.deps, 7, state('https://a.test/', { httpVersion: 'HTTP/2' }));
    expect(known.apply).not.toHaveBeenCalled();
  });

  it('is silent when injection fails (tab closed, no host permission)', async () => {
    const { deps: d, apply } = deps(undefined);
    d.executeScript = vi.fn(async () => {
      throw new Error('Cannot access contents of the page');
    });
    await expect(probeTab(d, 7, state('https://a.test/'))).resolves.toBeUndefined();
    expect(apply).not.toHaveBeenCalled();
  });
});
