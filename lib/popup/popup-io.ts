/**
 * The popup's browser calls besides its messages (lib/messages.ts's `send`) and its first
 * requests (entrypoints/popup/load.ts), in one file, so the components stay props-in/markup-out
 * and a reader finds the side effects of the popup's buttons here.
 */
import { downloadText } from '@/lib/ui/download';
import { browser } from 'wxt/browser';
import { loadExpectations, saveExpectations } from '@/lib/watch/store';
import { withExpectation, type Expectation } from '@/lib/watch/expectations';
import { CERT_CACHE_KEY, readCertCache, type CertCache } from './cert-cache';

/** Adds (or replaces) one expectation; resolves to the stored list, or undefined on failure. */
export async function addExpectation(e: Expectation): Promise<Expectation[] | undefined> {
  try {
    return await saveExpectations(withExpectation(await loadExpectations(), e));
  } catch {
    return undefined;
  }
}

/** The parsed-certificate cache from storage.session; empty when missing or unreadable. */
export async function fetchCertCache(): Promise<CertCache> {
  try {
    return readCertCache((await browser.storage.session.get(CERT_CACHE_KEY))[CERT_CACHE_KEY]);
  } catch {
    return [];
  }
}

/** Stores the parsed-certificate cache; a failed write only costs a parse next time. */
export async function storeCertCache(cache: CertCache): Promise<void> {
  try {
    await browser.storage.session.set({ [CERT_CACHE_KEY]: cache });
  } catch {
    // Quota or a closing popup: nothing to do.
  }
}

/**
 * Asks for the optional `debugger` permission. Must be called synchronously from the click
 * handler: browsers grant permission prompts only during a user gesture, and an `await`
 * before this call would end the gesture.
 */
export function requestDebugger(): Promise<boolean> {
  return browser.permissions.request({ permissions: ['debugger'] });
}

/** Asks for host permission for one origin (Firefox MV3 may not have granted it). Same gesture rule. */
export function requestOrigin(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [`${origin}/*`] });
}

/** Opens `url` in the described tab (the "Try HTTPS" button). */
export async function openInTab(tabId: number, url: string): Promise<void> {
  await browser.tabs.update(tabId, { url });
}

/** Copies text; resolves false when the clipboard refused (no focus, no permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Saves a PEM file (the chain or one certificate). */
export function downloadPem(pem: string, fileName: string): void {
  downloadText(pem, fileName, 'application/x-pem-file');
}
