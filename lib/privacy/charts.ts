/**
 * Chart data from the history's summary statistics. Pure, so the shapes are unit-tested
 * without a canvas; components/privacy/Chart draws them with uPlot.
 */
import type { HistoryStats } from '@/lib/history/queries';
import { tlsVersionRank } from '@/lib/report/crypto-names';

/** Columns in uPlot's layout: x values, then one array per series. */
export interface SeriesData {
  /** x: seconds since the epoch (uPlot's time axis unit) or category indexes. */
  x: number[];
  /** One value per x. */
  y: number[];
}

/** Share of HTTPS visits per day, 0–100 %, x = local noon of the day in seconds. */
export function httpsShareSeries(stats: HistoryStats): SeriesData {
  const x: number[] = [];
  const y: number[] = [];
  for (const d of stats.httpsShareByDay) {
    const [year, month, day] = d.day.split('-').map(Number);
    if (year === undefined || month === undefined || day === undefined || d.total === 0) continue;
    x.push(new Date(year, month - 1, day, 12).getTime() / 1000);
    y.push(Math.round((d.https / d.total) * 1000) / 10);
  }
  return { x, y };
}

/** TLS versions with their visit counts: newest version first, unusual ones next, "unknown" last. */
export function tlsVersionBars(stats: HistoryStats): { labels: string[]; counts: number[] } {
  const entries = Object.entries(stats.tlsVersions).filter(([, n]) => n > 0);
  const rank = (name: string): number => {
    if (name === 'unknown') return 1000;
    const known = tlsVersionRank(name);
    return known === undefined ? 100 : -known;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return { labels: entries.map(([name]) => name), counts: entries.map(([, n]) => n) };
}

/** Overall share of HTTPS visits (0–1), or undefined without visits. */
export function overallHttpsShare(stats: HistoryStats): number | undefined {
  let https = 0;
  let total = 0;
  for (const d of stats.httpsShareByDay) {
    https += d.https;
    total += d.total;
  }
  return total === 0 ? undefined : https / total;
}
