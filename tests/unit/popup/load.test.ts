/**
 * The popup's first requests (entrypoints/popup/load.ts) against WXT's fake browser: the view,
 * settings and expectations in one go, for the tab in ?tab= or the active tab, started as soon
 * as the module is evaluated.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
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

/** Evaluates the entry module afresh in a popup opened with `search`. */
async function openPopup(search: string) {
  vi.stubGlobal('location', { search });
  vi.resetModules();
  return import('../../../entrypoints/popup/load');
}

describe('loadPopup', () => {
  it('asks, on import, for the tab in ?tab=, with the settings (not the parsed-certificate cache: read only for details)', async () => {
    const view = viewOf(loadState('firefox-tls13-test-ca'));
    const seen = answerGetTab(view);
    await browser.storage.local.set({ settings: { localAsRemote: true } });
    const data = await (await openPopup('?tab=3')).loading;
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
    const { loading, loadPopup } = await openPopup('?harness');
    await expect(loading).resolves.toMatchObject({ tabId: 5 });
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    query.mockResolvedValueOnce([]);
    await expect(loadPopup('')).rejects.toThrow('no tab');
    query.mockRestore();
  });
});
