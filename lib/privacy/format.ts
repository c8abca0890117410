/**
 * How times, numbers and verdicts are shown on the page. Formatters are built once per
 * language: with 100k rows, creating an Intl.DateTimeFormat per row would dominate scrolling.
 */
import { safeLocale } from '@/lib/i18n/locale';
import type { VerdictKind } from '@/lib/report/types';

/** Formats for one language. */
export interface Formats {
  /** "20 Nov 2026, 14:03:12" */
  dateTime(ms: number): string;
  /** "20 Nov 2026" */
  date(ms: number): string;
  /** "12,345" */
  number(n: number): string;
  /** "87 %" from 0.87 */
  percent(fraction: number): string;
}

/** Formats in `lang` (a BCP 47 tag; an invalid tag falls back to the runtime default). */
export function createFormats(lang?: string): Formats {
  const locale = safeLocale(lang);
  const dateTime = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const date = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    dateTime: (ms) => formatTime(dateTime, ms),
    date: (ms) => formatTime(date, ms),
    number: (n) => number.format(n),
    percent: (f) => percent.format(f),
  };
}

/**
 * Largest |ms| a Date can hold (±100,000,000 days). `Intl.DateTimeFormat.format` throws a
 * RangeError beyond it; times come from backups too, so a bad one shows as empty, never throws.
 */
const MAX_DATE_MS = 8.64e15;

function formatTime(format: Intl.DateTimeFormat, ms: number): string {
  if (typeof ms !== 'number' || !(Math.abs(ms) <= MAX_DATE_MS)) return '';
  try {
    return format.format(ms);
  } catch {
    return '';
  }
}

/** ISO 8601 of a time for `<time datetime>`, or undefined when it is no valid date. */
export function isoTime(ms: number): string | undefined {
  return typeof ms === 'number' && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : undefined;
}

/** Colour family of a verdict label; the CSS maps it to theme variables. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info';

const TONES: Record<VerdictKind, Tone> = {
  secure: 'ok',
  weak: 'warn',
  http: 'bad',
  mixed: 'warn',
  overridden: 'bad',
  broken: 'bad',
  'custom-root': 'warn',
  local: 'info',
  unknown: 'info',
  unexpected: 'bad',
};

/** The colour family of a verdict (the text says the verdict; colour only repeats it). */
export function verdictTone(kind: VerdictKind): Tone {
  return TONES[kind];
}
