/**
 * Code that the harness sends into the browser (evalInBackground, page.evaluate in extension
 * pages) uses `chrome.*`: in MV3 it returns promises on both Chromium and Firefox. These are the
 * types for that code; it never runs in Node.
 */
import type { Browser } from 'webextension-polyfill';

declare global {
  const chrome: Browser;
}
