/**
 * Summary charts: share of HTTPS over time, TLS versions, top certificate issuers, and sites
 * still on plain HTTP. The first two are uPlot canvases (with their data as tables for
 * assistive technology); the last two are tables, which is what a ranked list reads best as.
 */
import { useMemo } from 'preact/hooks';
import type { HistoryStats } from '@/lib/history/queries';
import { httpsShareSeries, overallHttpsShare, tlsVersionBars } from '@/lib/privacy/charts';
import { safeText } from '@/lib/safe-text';
import { Chart, type ChartSpec } from './Chart';
import type { Lang } from './types';

/** Props of {@link ChartsSection}. */
export interface ChartsSectionProps extends Lang {
  /** undefined while computing. */
  stats: HistoryStats | undefined;
  siteHref: (host: string) => string;
}

export function ChartsSection({ stats, siteHref, t, f }: ChartsSectionProps) {
  const specs = useMemo(() => {
    if (!stats) return undefined;
    const share = httpsShareSeries(stats);
    const tls = tlsVersionBars(stats);
    const line: ChartSpec = { kind: 'percent-line', ...share, label: t('privacy_chart_https_share') };
    const bars: ChartSpec = { kind: 'bars', ...tls, label: t('privacy_chart_tls') };
    return { share, tls, line, bars };
  }, [stats]);

  if (!stats || !specs) {
    return (
      <p class="muted" role="status">
        {t('privacy_charts_computing')}
      </p>
    );
  }
  if (stats.visits === 0) return <p class="muted">{t('privacy_charts_empty')}</p>;
  const overall = overallHttpsShare(stats);
  const failed = t('privacy_chart_failed');
  const maxIssuer = Math.max(1, ...stats.topIssuers.map((i) => i.visits));

  return (
    <div class="charts" data-charts-ready="true">
      <p class="charts-summary">
        {t('privacy_charts_summary', [f.number(stats.visits), f.number(stats.sites), overall === undefined ? '—' : f.percent(overall)])}
      </p>
      <figure class="chart-figure" aria-labelledby="chart-https-title">
        <figcaption id="chart-https-title">{t('privacy_chart_https_share')}</figcaption>
        <Chart spec={specs.line} failedText={failed} />
        <details>
          <summary>{t('privacy_chart_data')}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy_chart_day')}</th>
                <th scope="col">{t('privacy_chart_https_visits')}</th>
                <th scope="col">{t('privacy_chart_all_visits')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.httpsShareByDay.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td>{f.number(d.https)}</td>
                  <td>{f.number(d.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>
      <figure class="chart-figure" aria-labelledby="chart-tls-title">
        <figcaption id="chart-tls-title">{t('privacy_chart_tls')}</figcaption>
        {specs.tls.labels.length > 0 ? <Chart spec={specs.bars} failedText={failed} /> : <p class="muted">{t('privacy_chart_tls_none')}</p>}
        <details>
          <summary>{t('privacy_chart_data')}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy_chart_tls_version')}</th>
                <th scope="col">{t('privacy_chart_https_visits')}</th>
              </tr>
            </thead>
            <tbody>
              {specs.tls.labels.map((name, i) => (
                <tr key={name}>
                  <th scope="row">{name === 'unknown' ? t('privacy_value_unknown') : name}</th>
                  <td>{f.number(specs.tls.counts[i] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>
      <section class="chart-figure" aria-labelledby="chart-issuers-title">
        <h3 id="chart-issuers-title">{t('privacy_chart_issuers')}</h3>
        {stats.topIssuers.length === 0 ? (
          <p class="muted">{t('privacy_chart_issuers_none')}</p>
        ) : (
          <table class="rank-table">
            <thead>
              <tr>
                <th scope="col">{t('privacy_chart_issuer')}</th>
                <th scope="col">{t('privacy_chart_all_visits')}</th>
                <th scope="col">{t('privacy_chart_sites')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.topIssuers.map((i) => (
                <tr key={i.issuer}>
                  <th scope="row">{safeText(i.issuer)}</th>
                  <td>
                    <span class="meter" style={{ width: `${(i.visits / maxIssuer) * 100}%` }} aria-hidden="true" />
                    {f.number(i.visits)}
                  </td>
                  <td>{f.number(i.sites)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="chart-figure" aria-labelledby="chart-http-title">
        <h3 id="chart-http-title">{t('privacy_chart_http_sites')}</h3>
        {stats.httpSites.length === 0 ? (
          <p class="muted">{t('privacy_chart_http_sites_none')}</p>
        ) : (
          <table class="rank-table">
            <thead>
              <tr>
                <th scope="col">{t('privacy_col_host')}</th>
                <th scope="col">{t('privacy_chart_http_visits')}</th>
                <th scope="col">{t('privacy_site_last_seen')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.httpSites.slice(0, 50).map((s) => (
                <tr key={s.host}>
                  <th scope="row">
                    <a href={siteHref(s.host)}>{safeText(s.host)}</a>
                  </th>
                  <td>{t('privacy_chart_http_of', [f.number(s.httpVisits), f.number(s.visits)])}</td>
                  <td>{f.date(s.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
