import { describe, expect, it } from 'vitest';
import { nextHistoryNotice, parseHistoryNotice } from '../../../lib/privacy/notice';

describe('the history storage notice', () => {
  it('adds up what was lost until dismissed, and forgets the failure once writes work again', () => {
    let n = nextHistoryNotice(undefined, { kind: 'failing', since: 100, quota: true, dropped: 0 });
    expect(n).toEqual({ failingSince: 100 });
    n = nextHistoryNotice(n, { kind: 'failing', since: 100, quota: true, dropped: 1 });
    n = nextHistoryNotice(n, { kind: 'failing', since: 100, quota: true, dropped: 1 });
    n = nextHistoryNotice(n, { kind: 'pruned', at: 200, count: 90, beyondRetention: 90 });
    expect(n).toEqual({ failingSince: 100, dropped: 2, quotaPrunedAt: 200, quotaPruned: 90 });
    n = nextHistoryNotice(n, { kind: 'recovered', at: 300, dropped: 2 });
    expect(n).toEqual({ dropped: 2, quotaPrunedAt: 200, quotaPruned: 90 });
  });

  it('has nothing to say after a recovery that lost nothing', () => {
    const failing = nextHistoryNotice(undefined, { kind: 'failing', since: 100, quota: false, dropped: 0 });
    expect(nextHistoryNotice(failing, { kind: 'recovered', at: 300, dropped: 0 })).toBeUndefined();
  });

  it('reads the older shape and drops damaged fields', () => {
    expect(parseHistoryNotice({ quotaPrunedAt: 5, quotaPruned: 3 })).toEqual({ quotaPrunedAt: 5, quotaPruned: 3 });
    expect(parseHistoryNotice({ failingSince: 1e300, dropped: -4 })).toBeUndefined();
    expect(parseHistoryNotice({ failingSince: 7, dropped: 'x', quotaPruned: 2 })).toEqual({ failingSince: 7 });
  });
});
