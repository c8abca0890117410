/**
 * The popup's browser calls against WXT's fake browser: the cache round trip, "Try HTTPS" and
 * the PEM download (a Blob URL and <a download>). Loading is in load.test.ts.
 */
import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { downloadPem, fetchCertCache, openInTab, storeCertCache } from '../../../lib/popup/popup-io';
import { CERT_CACHE_KEY } from '../../../lib/popup/cert-cache';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

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
