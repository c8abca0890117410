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
 * State: one storage.session key per event, "e2e-tap:<kind>:<tabId>:<time>", holding its URL
 * (for 'judged', with what the tab held in place of the URL's fragment).
 */
import { browser } from 'wxt/browser';
import type { TabState } from '@/lib/report/types';
import { urlParts, withoutHash } from '@/lib/report/url';

/** The key prefix (tests/e2e/durability.e2e.ts reads it). */
const TAP_PREFIX = 'e2e-tap:';

/**
 * Marks that a listener ran for a top-frame navigation event (E2E builds only). 'judged': a
 * completion was found to be no missed commit, with what the tab held then after the URL's '#'
 * (the test prints it next to a lost page). 'logged' (a commit's visit) and 'replay' (a journal
 * note at a worker start): what became of it, after the '#'.
 */
export function tap(
  kind: 'commit' | 'complete' | 'judged' | 'logged' | 'replay',
  tabId: number,
  time: number,
  url: string,
  detail?: () => string,
): void {
  if (!import.meta.env.ONLOOKER_E2E) return;
  const value = detail ? `${withoutHash(url)}#${detail()}` : url;
  void browser.storage.session.set({ [`${TAP_PREFIX}${kind}:${tabId}:${Math.floor(time)}`]: value }).catch(() => undefined);
}

/** What the tab held when a completion of `documentId` was judged: host, navigation start, how it was known. */
export function heldByTab(state: TabState | undefined, documentId: string | undefined): string {
  if (!state) return 'nothing';
  const nav = state.nav;
  const doc = nav?.documentId === undefined ? 'no-doc' : nav.documentId === documentId ? 'same-doc' : 'other-doc';
  return `${urlParts(state.url).host}@${nav ? nav.start : 'no-nav'}${nav?.inferred ? '-inferred' : ''}-${doc}`;
}
