import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBadgePainter, type BadgeAction } from '@/lib/state/badge-painter';
import { newPage } from '@/lib/state/tracker';
import { REPORT_VERSION, type TabState } from '@/lib/report/types';

/** Records every action call; `run()` plays the scheduled paint (one frame passing). */
function setup() {
  const calls: string[] = [];
  const record = (name: string) => async (d: { tabId?: number }) => void calls.push(`${name}:${d.tabId ?? 'global'}`);
  const action: BadgeAction = {
    setBadgeText: record('text'),
    setBadgeBackgroundColor: record('color'),
    setTitle: record('title'),
    setBadgeTextColor: record('textColor'),
  };
  let scheduled: (() => void)[] = [];
  const paint = createBadgePainter(
    action,
    () => ({}),
    (run) => void scheduled.push(run),
  );
  const run = () => {
    const now = scheduled;
    scheduled = [];
    for (const fn of now) fn();
  };
  return { calls, paint, run, scheduledCount: () => scheduled.length };
}

const page = (url: string, committedAt?: number): TabState => {
  const u = new URL(url);
  const state = newPage(1, {
    v: REPORT_VERSION,
    engine: 'firefox',
    url,
    host: u.hostname,
    scheme: u.protocol === 'http:' ? 'http' : 'https',
    time: 1,
  });
  if (committedAt !== undefined) state.nav = { start: committedAt, transition: 'other' };
  return state;
};

describe('badge painter', () => {
  beforeAll(() => {
    // The painter's titles come from _locales; keys stand in for them here.
    (fakeBrowser.i18n as { getMessage: (key: string) => string }).getMessage = (key) => key;
  });

  it('sets the text colour once, globally, and paints a tab with three calls', () => {
    const { calls, paint, run } = setup();
    expect(calls).toEqual(['textColor:global']);
    paint(1, page('http://plain.test/', 10));
    expect(calls).toHaveLength(1); // nothing before the frame ends
    run();
    expect(calls.slice(1).sort()).toEqual(['color:1', 'text:1', 'title:1']);
  });

  it('merges the paints of a tab within one frame into one, of the latest state', () => {
    const { calls, paint, run, scheduledCount } = setup();
    const first = page('https://secure.test/', 10);
    paint(1, first);
    paint(1, page('http://plain.test/', 10), true);
    paint(2, page('http://plain.test/', 10));
    expect(scheduledCount()).toBe(1);
    run();
    expect(calls.filter((c) => c.startsWith('text:'))).toEqual(['text:1', 'text:2']);
  });

  it('skips a forced repaint of what the document already shows, and repaints after a new commit', () => {
    const { calls, paint, run } = setup();
    const state = page('http://plain.test/', 10);
    paint(1, state, true);
    run();
    const painted = calls.length;
    paint(1, state, true); // onCompleted: same document, same spec
    run();
    expect(calls).toHaveLength(painted);
    paint(1, page('http://plain.test/', 20), true); // a reload commits a new document: the browser reset the badge
    run();
    expect(calls).toHaveLength(painted + 3);
  });

  it('leaves an uncommitted response to its commit unless forced', () => {
    const { calls, paint, run } = setup();
    paint(1, page('http://plain.test/'));
    run();
    expect(calls).toEqual(['textColor:global']);
    paint(1, page('http://plain.test/'), true); // e.g. an error page, which never commits
    run();
    expect(calls).toContain('text:1');
  });

  it('forgets a closed tab, so a reused id is painted again', () => {
    const { calls, paint, run } = setup();
    const state = page('http://plain.test/', 10);
    paint(1, state);
    paint(1, undefined);
    run();
    expect(calls).toEqual(['textColor:global']);
    paint(1, state);
    run();
    paint(1, undefined);
    paint(1, state);
    run();
    expect(calls.filter((c) => c === 'text:1')).toHaveLength(2);
  });
});
