import { describe, expect, it } from 'vitest';
import { clearCommit, MAX_NOTES, noteCommit, pendingCommits, type CommitNote } from '../../../lib/history/journal';
import { createHistoryLogger, type HistoryLogger } from '../../../lib/history/logger';
import { memoryStore } from './memory-store';
import { recordVisit, replayCommits, type RecorderDeps } from '../../../lib/history/recorder';
import type { HistoryDb } from '../../../lib/history/schema';
import { REPORT_VERSION, type ConnectionReport, type TabState } from '../../../lib/report/types';
import { newPage } from '../../../lib/state/tracker';
import { MapArea } from '../state/fake-area';
import { freshDb, T0 } from './helpers';

/** A tab's state after a commit of `url` at `start`, with the facts webRequest gave (ip). */
function committed(tabId: number, url: string, start: number, ip = '192.0.2.7'): TabState {
  const u = new URL(url);
  const report: ConnectionReport = {
    v: REPORT_VERSION,
    engine: 'chromium',
    url,
    host: u.hostname,
    scheme: u.protocol === 'https:' ? 'https' : 'http',
    time: start,
    ip,
  };
  return { ...newPage(tabId, report), nav: { start, transition: 'other' } };
}

/** One worker's view: a logger over the shared stored queue and the shared journal. */
function worker(db: HistoryDb, queue: Map<string, unknown>, journal: MapArea, over: Partial<RecorderDeps> = {}) {
  const logger = createHistoryLogger({ db, store: memoryStore(queue), schedule: () => () => undefined });
  const deps: RecorderDeps = {
    logger: async () => logger,
    options: () => ({}),
    isIncognito: async () => false,
    journal,
    ...over,
  };
  return { logger, deps };
}

const never = <T>() => new Promise<T>(() => undefined);
const key = (tabId: number, start: number) => `hv:${tabId}:${start}`;

async function rows(db: HistoryDb, logger: HistoryLogger) {
  await logger.flush();
  return (await db.visits.toArray()).map((v) => ({ t: v.t, h: v.h }));
}

/**
 * A first worker stopped while asking whether the tab of a commit (a.test at T0) is private,
 * and the worker started after it, over the same stored queue and journal.
 */
function stoppedAfterCommit() {
  const db = freshDb();
  const queue = new Map<string, unknown>();
  const journal = new MapArea();
  const first = worker(db, queue, journal, { isIncognito: never });
  void recordVisit(first.deps, committed(1, 'http://a.test/', T0), true);
  first.logger.dispose();
  return { db, journal, second: worker(db, queue, journal) };
}

describe('the commit journal', () => {
  it('notes the commit before the first await and removes the note once the logger has the visit', async () => {
    const db = freshDb();
    const journal = new MapArea();
    let answer: (incognito: boolean) => void = () => undefined;
    const { logger, deps } = worker(db, new Map(), journal, { isIncognito: () => new Promise((r) => (answer = r)) });
    const done = recordVisit(deps, committed(1, 'http://a.test/', T0), true);
    // Synchronously after the call: the note is already handed to storage.
    expect(journal.data.get(key(1, T0))).toMatchObject({ tabId: 1, url: 'http://a.test/', nav: { start: T0 } });
    answer(false);
    await done;
    expect(journal.data.size).toBe(0);
    expect(logger.pending()).toBe(1);
  });

  it('a worker stopped between the commit and the logger: the next worker logs the visit once, with its facts', async () => {
    const { db, journal, second } = stoppedAfterCommit();
    expect(await replayCommits(second.deps, () => undefined, 'chromium')).toBe(1);
    expect(journal.data.size).toBe(0);
    // A second replay (another restart) finds nothing to do.
    expect(await replayCommits(second.deps, () => undefined, 'chromium')).toBe(0);
    expect(await rows(db, second.logger)).toEqual([{ t: T0, h: 'a.test' }]);
    expect((await db.visits.get(T0))?.ip).toBeDefined();
  });

  it('a note left after the visit was logged (stopped before the note was removed) is not a second visit', async () => {
    const db = freshDb();
    const queue = new Map<string, unknown>();
    const journal = new MapArea();
    const first = worker(db, queue, journal, {
      journal: { ...journal, get: journal.get.bind(journal), set: journal.set.bind(journal), remove: never },
    });
    await Promise.race([recordVisit(first.deps, committed(1, 'http://a.test/', T0), true), new Promise((r) => setTimeout(r, 20))]);
    expect(first.logger.pending()).toBe(1);
    expect(journal.data.has(key(1, T0))).toBe(true);

    const second = worker(db, queue, journal);
    expect(await replayCommits(second.deps, () => undefined, 'chromium')).toBe(0);
    expect(journal.data.size).toBe(0);
    expect(await rows(db, second.logger)).toEqual([{ t: T0, h: 'a.test' }]);
  });

  it('an earlier navigation replayed after a newer one was logged is its own visit and does not split the newer one', async () => {
    const { db, second } = stoppedAfterCommit();
    // The next worker is started by the next navigation of the same tab, handled before the replay.
    const b = committed(1, 'http://b.test/', T0 + 1000);
    await recordVisit(second.deps, b, true);
    expect(await replayCommits(second.deps, (tabId) => (tabId === 1 ? b : undefined), 'chromium')).toBe(1);
    // b completes: its facts merge into b's row, not into a new one.
    await recordVisit(second.deps, { ...b, main: { ...b.main!, httpVersion: 'HTTP/1.1' } });
    expect(await rows(db, second.logger)).toEqual([
      { t: T0, h: 'a.test' },
      { t: T0 + 1000, h: 'b.test' },
    ]);
  });

  it('a note written before the tab state was read back is replayed from the URL when nothing better is known', async () => {
    const db = freshDb();
    const queue = new Map<string, unknown>();
    const journal = new MapArea();
    noteCommit(journal, { tabId: 3, url: 'https://c.test/x', nav: { start: T0, transition: 'other' } });
    const { logger, deps } = worker(db, queue, journal);
    expect(await replayCommits(deps, () => undefined, 'firefox')).toBe(1);
    expect(await rows(db, logger)).toEqual([{ t: T0, h: 'c.test' }]);
  });

  it('the current tab state of the same navigation is preferred to the note', async () => {
    const db = freshDb();
    const journal = new MapArea();
    noteCommit(journal, { tabId: 3, url: 'http://c.test/', nav: { start: T0, transition: 'other' } });
    const { logger, deps } = worker(db, new Map(), journal);
    await replayCommits(deps, () => committed(3, 'http://c.test/', T0, '198.51.100.4'), 'chromium');
    await logger.flush();
    expect((await db.visits.get(T0))?.ip).toBe('198.51.100.4');
  });

  it('replays nothing for private tabs, closed tabs or pages that are not visits, and clears their notes', async () => {
    const db = freshDb();
    const journal = new MapArea();
    noteCommit(journal, { tabId: 1, url: 'http://private.test/', nav: { start: T0, transition: 'other' } });
    noteCommit(journal, { tabId: 2, url: 'chrome://newtab/', nav: { start: T0 + 1, transition: 'other' } });
    const { logger, deps } = worker(db, new Map(), journal, { isIncognito: async (tabId) => tabId === 1 });
    expect(await replayCommits(deps, () => undefined, 'chromium')).toBe(0);
    expect(journal.data.size).toBe(0);
    expect(await rows(db, logger)).toEqual([]);

    // A preexisting page's commit call clears the note the listener wrote.
    noteCommit(journal, { tabId: 4, url: 'http://old.test/', nav: { start: T0 + 2, transition: 'other' } });
    await recordVisit(deps, { ...committed(4, 'http://old.test/', T0 + 2), preexisting: true }, true);
    expect(journal.data.size).toBe(0);
  });

  it('a completion noted before the tab state was read back (the worker then stopped) is logged once as the page it names', async () => {
    const db = freshDb();
    const journal = new MapArea();
    noteCommit(journal, {
      tabId: 5,
      url: 'http://e.test/',
      nav: { start: T0 + 500, transition: 'other', documentId: 'DOC-E' },
      completion: true,
    });
    const { logger, deps } = worker(db, new Map(), journal);
    // The tab has moved on meanwhile: only the note names e.test.
    expect(await replayCommits(deps, () => committed(5, 'http://f.test/', T0 + 900), 'chromium')).toBe(1);
    expect(journal.data.size).toBe(0);
    expect(await rows(db, logger)).toEqual([{ t: T0 + 500, h: 'e.test' }]);
  });

  it('a completion note of a document whose commit was logged is not a second visit (same documentId, another start)', async () => {
    const db = freshDb();
    const queue = new Map<string, unknown>();
    const journal = new MapArea();
    const first = worker(db, queue, journal);
    const page = { ...committed(5, 'http://e.test/', T0), nav: { start: T0, transition: 'other' as const, documentId: 'DOC-E' } };
    await recordVisit(first.deps, page, true);
    noteCommit(journal, {
      tabId: 5,
      url: 'http://e.test/',
      nav: { start: T0 + 500, transition: 'other', documentId: 'DOC-E' },
      completion: true,
    });
    const second = worker(db, queue, journal);
    expect(await replayCommits(second.deps, () => page, 'chromium')).toBe(0);
    expect(journal.data.size).toBe(0);
    expect(await rows(db, second.logger)).toEqual([{ t: T0, h: 'e.test' }]);
  });

  it('a completion note of a certificate error page (Chromium completes it without a commit) is not a visit', async () => {
    const db = freshDb();
    const journal = new MapArea();
    noteCommit(journal, {
      tabId: 6,
      url: 'https://bad.test/',
      nav: { start: T0 + 500, transition: 'other', documentId: 'DOC-B' },
      completion: true,
    });
    const shown = committed(6, 'https://bad.test/', T0);
    const errorState: TabState = { ...shown, main: { ...shown.main!, error: 'net::ERR_CERT_DATE_INVALID', errorKind: 'cert-expired' } };
    const { logger, deps } = worker(db, new Map(), journal);
    expect(await replayCommits(deps, () => errorState, 'chromium')).toBe(0);
    expect(journal.data.size).toBe(0);
    expect(await rows(db, logger)).toEqual([]);
  });

  it('keeps at most MAX_NOTES notes and drops malformed ones', async () => {
    const journal = new MapArea();
    for (let i = 0; i < MAX_NOTES + 5; i++)
      noteCommit(journal, { tabId: 1, url: 'http://a.test/', nav: { start: T0 + i, transition: 'other' } });
    await journal.set({
      'hv:9:1': { tabId: 9, url: 'http://a.test/', nav: { start: 'soon', transition: 'other' } },
      'hv:1:5': { tabId: 2 },
    });
    const notes: CommitNote[] = await pendingCommits(journal);
    expect(notes).toHaveLength(MAX_NOTES);
    expect(notes[0]?.nav.start).toBe(T0 + 5);
    expect([...journal.data.keys()].every((k) => /^hv:1:\d+$/.test(k) && k !== 'hv:1:5')).toBe(true);
    await clearCommit(journal, 1, T0 + 5);
    expect(journal.data.size).toBe(MAX_NOTES - 1);
  });
});
