/**
 * How times, numbers and verdicts are shown on the page. Formatters are built once per
 * language: with 100k rows, creating an Intl.DateTimeFormat per row would dominate scrolling.
 */
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
    dateTime: (ms) => (Number.isFinite(ms) ? dateTime.format(ms) : ''),
    date: (ms) => (Number.isFinite(ms) ? date.format(ms) : ''),
    number: (n) => number.format(n),
    percent: (f) => percent.format(f),
  };
}

function safeLocale(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  try {
    return Intl.getCanonicalLocales(lang.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
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
};

/** The colour family of a verdict (the text says the verdict; colour only repeats it). */
export function verdictTone(kind: VerdictKind): Tone {
  return TONES[kind];
}
