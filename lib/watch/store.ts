/**
 * Where the watch features keep their data: storage.local, one key each, read through the
 * normalisers (a damaged value is dropped, never trusted).
 *  - "expectations": the user's per-site expectations (lib/watch/expectations.ts);
 *  - "alertsSent": when each site+kind notification was last shown, so "at most one per day"
 *    survives a worker restart (lib/watch/alerts.ts).
 */
import { browser } from 'wxt/browser';
import { normaliseExpectations, type Expectation } from './expectations';
import { normaliseSent, type SentAlerts } from './alerts';
import type { StorageChanged } from '@/lib/settings';

const EXPECTATIONS_KEY = 'expectations';
const ALERTS_SENT_KEY = 'alertsSent';

export async function loadExpectations(): Promise<Expectation[]> {
  try {
    return normaliseExpectations((await browser.storage.local.get(EXPECTATIONS_KEY))[EXPECTATIONS_KEY]);
  } catch {
    return [];
  }
}

export async function saveExpectations(list: readonly Expectation[]): Promise<Expectation[]> {
  const clean = normaliseExpectations(list);
  await browser.storage.local.set({ [EXPECTATIONS_KEY]: clean });
  return clean;
}

/** Calls `cb` with the new list whenever any context changes it. Register at top level. */
export function watchExpectations(cb: (list: Expectation[]) => void, onChanged: StorageChanged = browser.storage.onChanged): void {
  onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[EXPECTATIONS_KEY]) cb(normaliseExpectations(changes[EXPECTATIONS_KEY].newValue));
  });
}

export async function loadSentAlerts(): Promise<SentAlerts> {
  try {
    return normaliseSent((await browser.storage.local.get(ALERTS_SENT_KEY))[ALERTS_SENT_KEY]);
  } catch {
    return {};
  }
}

export async function saveSentAlerts(sent: SentAlerts): Promise<void> {
  await browser.storage.local.set({ [ALERTS_SENT_KEY]: sent });
}
