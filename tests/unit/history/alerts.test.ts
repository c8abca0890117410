/**
 * History alerts reach the page of the navigation that raised them: the logger names the visit
 * (tab, navigation start) of every event it reports, and `alertsFor` (lib/history/recorder.ts)
 * groups alerts by it. (The recorder's journal and replay are in recorder.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createHistoryLogger, type EventVisit } from '../../../lib/history/logger';
import { memoryStore } from './memory-store';
import { alertsFor } from '../../../lib/history/recorder';
import type { HistoryEventRecord } from '../../../lib/history/schema';
import { DAY, freshDb, T0, visit } from './helpers';

describe('alertsFor', () => {
  it('groups alerts by the visit that raised them and leaves other event kinds out', () => {
    const events: HistoryEventRecord[] = [
      { time: 10, host: 'a.test', kind: 'https-downgrade', from: 'https', to: 'http' },
      { time: 20, host: 'a.test', kind: 'expiring' },
      { time: 20, host: 'a.test', kind: 'cert-changed' },
      { time: 20, host: 'a.test', kind: 'issuer-changed', from: 'R11', to: 'E5' },
    ];
    const visits: EventVisit[] = [
      { tabId: 1, navStart: 10 },
      { tabId: 2, navStart: 20 },
      { tabId: 2, navStart: 20 },
      { tabId: 2, navStart: 20 },
    ];
    expect(alertsFor(events, visits)).toEqual([
      { tabId: 1, navStart: 10, host: 'a.test', alerts: [{ kind: 'https-downgrade', time: 10, from: 'https', to: 'http' }] },
      {
        tabId: 2,
        navStart: 20,
        host: 'a.test',
        alerts: [
          { kind: 'cert-changed', time: 20 },
          { kind: 'issuer-changed', time: 20, from: 'R11', to: 'E5' },
        ],
      },
    ]);
  });

  it('drops an event whose visit is unknown rather than guessing a page for it', () => {
    expect(alertsFor([{ time: 1, host: 'a.test', kind: 'cert-changed' }], [])).toEqual([]);
  });

  it('gets from the logger the tab and navigation of the visit that raised each event', async () => {
    const reported: { events: HistoryEventRecord[]; visits: EventVisit[] }[] = [];
    const logger = createHistoryLogger({
      db: freshDb(),
      store: memoryStore(),
      now: () => T0,
      schedule: () => () => undefined,
      onEvents: (events, visits) => reported.push({ events, visits }),
    });
    // HTTPS in tab 1, then plain HTTP of the same host in tab 3, then HTTPS again in tab 3.
    await logger.log(visit());
    await logger.log(visit({ tabId: 3, navStart: T0 + DAY, scheme: 'http', url: 'http://site.test/' }));
    await logger.log(visit({ tabId: 3, navStart: T0 + DAY + 500 }));
    await logger.flush();
    const found = reported.flatMap((r) => alertsFor(r.events, r.visits));
    expect(found).toEqual([
      { tabId: 3, navStart: T0 + DAY, host: 'site.test', alerts: [expect.objectContaining({ kind: 'https-downgrade' })] },
    ]);
    logger.dispose();
  });
});
