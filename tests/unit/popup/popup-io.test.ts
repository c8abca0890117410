/**
 * The popup's browser calls against WXT's fake browser: loading (view, settings, cache in one
 * go), the cache round trip, "Try HTTPS" and the PEM download (a Blob URL and <a download>).
 */
import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { downloadPem, fetchCertCache, loadPopup, openInTab, storeCertCache } from '../../../lib/popup/popup-io';
import { CERT_CACHE_KEY } from '../../../lib/popup/cert-cache';
import type { TabView } from '../../../lib/messages';
import { loadState, viewOf } from './fixtures';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

function answerGetTab(view: TabView) {
  const seen: unknown[] = [];
  browser.runtime.onMessage.addListener(((message: { type?: string }) => {
    seen.push(message);
    return message.type === 'get-tab' ? Promise.resolve(view) : undefined;
  }) as never);
  return seen;
}

describe('loadPopup', () => {
  it('asks for the tab in ?tab=, with the settings (not the parsed-certificate cache: read only for details)', async () => {
    const view = viewOf(loadState('firefox-tls13-test-ca'));
    const seen = answerGetTab(view);
    await browser.storage.local.set({ settings: { localAsRemote: true } });
    const data = await loadPopup('?tab=3');
    expect(seen).toEqual([{ type: 'get-tab', tabId: 3 }]);
    expect(data.tabId).toBe(3);
    expect(data.view).toEqual(view);
    expect(data.settings?.localAsRemote).toBe(true);
    expect(data).not.toHaveProperty('certCache');
  });

  it('without ?tab= it describes the active tab, and fails when there is none', async () => {
    answerGetTab(viewOf(null));
    // tabs.query is overloaded (promise and callback forms): pin the promise form for the mock.
    const query = vi.spyOn(browser.tabs, 'query') as unknown as MockInstance<(q: object) => Promise<{ id?: number }[]>>;
    query.mockResolvedValueOnce([{ id: 5 }]);
    await expect(loadPopup('?harness')).resolves.toMatchObject({ tabId: 5 });
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    query.mockResolvedValueOnce([]);
    await expect(loadPopup('')).rejects.toThrow('no tab');
    query.mockRestore();
  });
});

describe('cache storage', () => {
  it('round-trips through storage.session and reads junk as empty', async () => {
    await browser.storage.session.set({ [CERT_CACHE_KEY]: 'junk' });
    expect(await fetchCertCache()).toEqual([]);
    const details = { ok: true, derBase64: 'AAAA' } as never;
    await storeCertCache([{ der: 'AAAA', details }]);
    expect(await fetchCertCache()).toEqual([{ der: 'AAAA', details }]);
  });
});

describe('openInTab', () => {
  it('navigates the described tab', async () => {
    const tab = await browser.tabs.create({ url: 'http://plain.example/x' });
    await openInTab(tab.id!, 'https://plain.example/x');
    expect((await browser.tabs.get(tab.id!)).url).toBe('https://plain.example/x');
  });
});

describe('downloadPem', () => {
  it('saves through a Blob URL and a temporary <a download>, then revokes the URL', async () => {
    vi.useFakeTimers();
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const clicks: { href: string; download: string; rel: string }[] = [];
    const created: Blob[] = [];
    vi.stubGlobal('document', document);
    vi.stubGlobal('URL', {
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return 'blob:test/1';
      },
      revokeObjectURL: vi.fn(),
    });
    const proto = Object.getPrototypeOf(document.createElement('a')) as { click: () => void };
    const click = vi.spyOn(proto, 'click').mockImplementation(function (this: { href: string; download: string; rel: string }) {
      clicks.push({ href: this.href, download: this.download, rel: this.rel });
    });
    downloadPem('-----BEGIN CERTIFICATE-----\n', 'site.pem');
    expect(clicks).toEqual([{ href: 'blob:test/1', download: 'site.pem', rel: 'noopener' }]);
    expect(await created[0]?.text()).toBe('-----BEGIN CERTIFICATE-----\n');
    expect(created[0]?.type).toBe('application/x-pem-file');
    expect(document.querySelector('a')).toBeNull();
    vi.runAllTimers();
    expect((URL as unknown as { revokeObjectURL: ReturnType<typeof vi.fn> }).revokeObjectURL).toHaveBeenCalledWith('blob:test/1');
    click.mockRestore();
    vi.useRealTimers();
  });
});
