/**
 * E2E builds only (ONLOOKER_E2E=1; a constant false elsewhere, so production builds drop it):
 * a mark in storage.session for every top-frame navigation event a background listener ran.
 *
 * Why: the durability test stops the Chromium worker at random moments. A visit can then be
 * missing for two reasons that look alike from outside: Onlooker ran a listener for it and lost
 * it (a bug), or Chromium never ran one (events it had handed to a worker that was stopped
 * before running them are not delivered again; nothing an extension does can keep those). The
 * mark tells them apart. It is written in the listener's first turn, as the commit journal is
 * (journal.ts), and kept for the session.
 *
 * State: one storage.session key per event, "e2e-tap:<kind>:<tabId>:<time>", holding its URL.
 */
import { browser } from 'wxt/browser';

/** The key prefix (tests/e2e/durability.e2e.ts reads it). */
const TAP_PREFIX = 'e2e-tap:';

/** Marks that a listener ran for a top-frame navigation event (E2E builds only). */
export function tap(kind: 'commit' | 'complete', tabId: number, time: number, url: string): void {
  if (!import.meta.env.ONLOOKER_E2E) return;
  void browser.storage.session.set({ [`${TAP_PREFIX}${kind}:${tabId}:${Math.floor(time)}`]: url }).catch(() => undefined);
}
