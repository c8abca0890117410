import { describe, expect, it } from 'vitest';
import {
  dateInputValue,
  dayEnd,
  dayStart,
  EMPTY_FILTERS,
  isFiltered,
  parseSort,
  parseVerdict,
  queryKey,
  toQuery,
} from '../../../lib/privacy/filters';

describe('filters → query', () => {
  it('empty filters ask for everything, newest first', () => {
    expect(toQuery(EMPTY_FILTERS)).toEqual({ sort: 'time-desc' });
    expect(isFiltered(EMPTY_FILTERS)).toBe(false);
  });

  it('trims and lower-cases text and site; a date covers the whole local day', () => {
    const q = toQuery({
      ...EMPTY_FILTERS,
      text: '  News ',
      site: ' A.Test ',
      verdict: 'weak',
      httpOnly: true,
      from: '2026-11-03',
      to: '2026-11-03',
    });
    expect(q).toMatchObject({ text: 'news', host: 'a.test', verdict: 'weak', httpOnly: true });
    expect(q.from).toBe(new Date(2026, 10, 3).getTime());
    expect(q.to).toBe(new Date(2026, 10, 4).getTime() - 1);
  });

  it('ignores malformed dates and unknown menu values', () => {
    expect(dayStart('3.11.2026')).toBeUndefined();
    expect(dayEnd('')).toBeUndefined();
    expect(parseSort('sideways')).toBe('time-desc');
    expect(parseSort('host')).toBe('host');
    expect(parseVerdict('evil')).toBe('');
    expect(parseVerdict('custom-root')).toBe('custom-root');
  });

  it('date input values are local days', () => {
    const ms = new Date(2026, 0, 5, 23, 59).getTime();
    expect(dateInputValue(ms)).toBe('2026-01-05');
    expect(dayStart(dateInputValue(ms))! <= ms && ms <= dayEnd(dateInputValue(ms))!).toBe(true);
  });

  it('the query key tells queries apart and equal ones together', () => {
    const a = toQuery({ ...EMPTY_FILTERS, text: 'x' });
    expect(queryKey(a)).toBe(queryKey(toQuery({ ...EMPTY_FILTERS, text: ' X ' })));
    expect(queryKey(a)).not.toBe(queryKey(toQuery({ ...EMPTY_FILTERS, text: 'x', sort: 'host' })));
  });
});
