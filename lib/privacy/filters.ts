/**
 * The filter bar's state and its translation into a history query. Dates come from
 * <input type="date"> as "YYYY-MM-DD" in the user's local calendar; a day filter covers that
 * whole local day, so "from 3 Nov to 3 Nov" is one day, not an empty instant.
 */
import type { VisitQuery, VisitSort } from '@/lib/history/queries';
import { VERDICTS } from '@/lib/history/codes';
import type { VerdictKind } from '@/lib/report/types';
import { withDefined } from '@/lib/optional';

/** What the filter controls hold; strings as the inputs give them. */
export interface FilterState {
  /** Search text: part of a host name. */
  text: string;
  /** A verdict, or '' for all. */
  verdict: VerdictKind | '';
  httpOnly: boolean;
  /** "YYYY-MM-DD" or ''. */
  from: string;
  to: string;
  /** Exactly this host, or ''. */
  site: string;
  sort: VisitSort;
}

export const EMPTY_FILTERS: Readonly<FilterState> = Object.freeze({
  text: '',
  verdict: '',
  httpOnly: false,
  from: '',
  to: '',
  site: '',
  sort: 'time-desc',
});

/** Sort orders the page offers, in menu order. */
export const SORTS: readonly VisitSort[] = ['time-desc', 'time-asc', 'host'];

/** Verdicts the verdict filter offers, in the order of the stored codes. */
export const VERDICT_OPTIONS: readonly VerdictKind[] = VERDICTS;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of "YYYY-MM-DD", ms; undefined for '' or a malformed date. */
export function dayStart(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? undefined : d.getTime();
}

/** The last millisecond of the local day "YYYY-MM-DD". */
export function dayEnd(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  return Number.isNaN(d.getTime()) ? undefined : d.getTime() - 1;
}

/** "YYYY-MM-DD" of a time in the local calendar (for date inputs). */
export function dateInputValue(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The history query for a filter state (without offset / limit). */
export function toQuery(f: FilterState): VisitQuery {
  const q: VisitQuery = { sort: f.sort };
  const text = f.text.trim().toLowerCase();
  if (text) q.text = text;
  const site = f.site.trim().toLowerCase();
  if (site) q.host = site;
  if (f.verdict) q.verdict = f.verdict;
  if (f.httpOnly) q.httpOnly = true;
  return withDefined(q, { from: dayStart(f.from), to: dayEnd(f.to) });
}

/** A stable text for a query: tells whether two filter states ask the same thing. */
export function queryKey(q: VisitQuery): string {
  return JSON.stringify([q.text ?? '', q.host ?? '', q.verdict ?? '', !!q.httpOnly, q.from ?? '', q.to ?? '', q.sort ?? 'time-desc']);
}

/** True when any filter (not the sort) narrows the list. */
export function isFiltered(f: FilterState): boolean {
  return !!(f.text.trim() || f.site.trim() || f.verdict || f.httpOnly || f.from || f.to);
}

/** Parses a sort menu value; anything unknown is the default. */
export function parseSort(value: string): VisitSort {
  return (SORTS as readonly string[]).includes(value) ? (value as VisitSort) : 'time-desc';
}

/** Parses a verdict menu value; '' and unknown values mean "all". */
export function parseVerdict(value: string): VerdictKind | '' {
  return (VERDICT_OPTIONS as readonly string[]).includes(value) ? (value as VerdictKind) : '';
}
