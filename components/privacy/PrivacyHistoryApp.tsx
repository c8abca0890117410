/**
 * The privacy-history page's container: holds the route, filters and loaded data, and makes
 * every database and browser call through lib/privacy/privacy-io. What it draws is presentational.
 *
 * Contract with the tests and the bench: the root gets data-ready="true" once the first page
 * of visits is rendered, and at that moment `window.__onlookerFirstPaint` records
 * performance.now() (ms since navigation start). After the rows (or the "no match" text) of
 * each query are in the DOM, the list's container carries data-query (the query's key) and
 * data-rendered-at (performance.now() of that commit).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n/t';
import * as actions from '@/lib/privacy/privacy-io';
import { EMPTY_FILTERS, toQuery, type FilterState } from '@/lib/privacy/filters';
import { createFormats } from '@/lib/privacy/format';
import { dismissHistoryNotice, watchHistoryNotice, type HistoryNotice } from '@/lib/privacy/notice';
import { routeHash, withoutVisit, type Route } from '@/lib/privacy/route';
import { useHistoryVersion } from './use-history-version';
import { useRoute } from './use-route';
import { useViewData } from './use-view-data';
import { useVisitSource } from './use-visit-source';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { ChartsSection } from './ChartsSection';
import { ConfirmDialog } from './ConfirmDialog';
import { EventList } from './EventList';
import { FilterBar } from './FilterBar';
import { Nav } from './Nav';
import { Notices } from './Notices';
import { SettingsSection } from './SettingsSection';
import { SiteView } from './SiteView';
import { useExpectations } from './use-watch-settings';
import { indexExpectations } from '@/lib/watch/expectations';
import { VisitDetails } from './VisitDetails';
import { usePageActions } from './use-page-actions';
import { VisitList } from './VisitList';

declare global {
  interface Window {
    /** performance.now() when the first page of visits was rendered (read by bench/privacy.bench.ts). */
    __onlookerFirstPaint?: number;
  }
}

const HOSTS_LIST = 'known-hosts';

export function PrivacyHistoryApp() {
  const lang = useMemo(() => ({ t, f: createFormats(t('privacy_lang')) }), []);
  const [route, go] = useRoute();
  const { version, tick, bump } = useHistoryVersion();
  const [filters, setFiltersState] = useState<FilterState>(EMPTY_FILTERS);
  const list = useVisitSource(toQuery(EMPTY_FILTERS), version);
  // The query starts in the same turn as the input event: no frame is lost to an effect.
  const setFilters = (next: FilterState) => {
    setFiltersState(next);
    list.request(toQuery(next));
  };

  const [settings, setSettings] = useState<Settings>({ ...DEFAULT_SETTINGS, excludedHosts: [] });
  const [notice, setNotice] = useState<HistoryNotice>();
  useEffect(() => {
    void actions.loadSettings().then(setSettings);
    actions.watchSettings(setSettings);
    return watchHistoryNotice(setNotice);
  }, []);
  const { detail, site, events, stats, hosts } = useViewData(route, version, list.source !== undefined);
  const expectations = useExpectations();
  const page = usePageActions({ settings, setSettings, route, go, bump, ...lang });

  // Focus follows a change of view (not the first one), so keyboard users start at its heading.
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h2')?.focus();
  }, [route.view, route.host]);

  const ready = list.source !== undefined || list.error === true;
  useLayoutEffect(() => {
    if (ready && window.__onlookerFirstPaint === undefined) window.__onlookerFirstPaint = performance.now();
  }, [ready]);
  const body = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !list.source || list.key === undefined) return;
    el.dataset['query'] = list.key;
    el.dataset['renderedAt'] = String(performance.now());
  }, [list.source, list.key, route.view]);
  const counted = list.source?.counted === true;
  useLayoutEffect(() => {
    const el = body.current;
    if (el && counted && list.key !== undefined) el.dataset['countedAt'] = `${list.key} ${performance.now()}`;
  }, [counted, list.source, list.key]);

  const hrefOf = (r: Route) => routeHash(r);
  const siteHref = (host: string) => hrefOf({ view: 'site', host });
  const closeDetails = () => {
    const key = route.visit;
    go(withoutVisit(route));
    // Back to the row the details were opened from, when it is still on screen.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`a[href$="visit=${key}"]`)?.focus());
  };
  const visitHref = (key: number) =>
    hrefOf(route.view === 'site' && route.host ? { view: 'site', host: route.host, visit: key } : { view: 'visits', visit: key });
  const details = route.visit !== undefined && <VisitDetails detail={detail} siteHref={siteHref} onClose={closeDetails} {...lang} />;

  return (
    <div class="privacy-page" data-ready={ready ? 'true' : 'false'} data-view={route.view}>
      <header class="page-header">
        <h1>{t('privacy_title')}</h1>
        <Nav current={route.view} unseen={tick?.unseen ?? 0} {...lang} />
      </header>
      <Notices
        quota={notice}
        onDismissQuota={() => void dismissHistoryNotice()}
        historyOff={!settings.historyEnabled}
        settingsHref="#settings"
        status={page.status}
        {...lang}
      />
      <datalist id={HOSTS_LIST}>
        {hosts.map((h) => (
          <option key={h} value={h} />
        ))}
      </datalist>
      <main class={`page-main view-${route.view}`}>
        {route.view === 'visits' && (
          <div class="visits-view">
            <h2 id="visits-title" tabIndex={-1} class="visually-hidden">
              {t('privacy_nav_visits')}
            </h2>
            <FilterBar
              filters={filters}
              onChange={(patch) => setFilters({ ...filters, ...patch })}
              onClear={() => setFilters({ ...EMPTY_FILTERS, sort: filters.sort })}
              hosts={hosts}
              total={list.source?.counted ? list.source.count : undefined}
              {...lang}
            />
            <div class={`visits-body${details ? ' has-details' : ''}`} ref={body}>
              {list.error ? (
                <p class="is-error">{t('privacy_load_failed')}</p>
              ) : !list.source ? (
                <p class="muted">{t('privacy_loading')}</p>
              ) : list.source.count === 0 ? (
                <p class="empty">{t(tick && tick.newest === undefined ? 'privacy_empty' : 'privacy_no_match')}</p>
              ) : (
                <VisitList
                  source={list.source}
                  version={list.version}
                  queryKey={list.key ?? ''}
                  onRange={list.onRange}
                  hrefOf={(v) => visitHref(v.key)}
                  selected={route.visit}
                  labelledBy="visits-title"
                  {...lang}
                />
              )}
              {details}
            </div>
          </div>
        )}
        {route.view === 'site' && route.host && (
          <div class={`site-layout${details ? ' has-details' : ''}`}>
            <SiteView
              host={route.host}
              data={site}
              hrefOf={(v) => visitHref(v.key)}
              onMarkSeen={page.onMarkSeen}
              onShowAll={() => {
                setFilters({ ...EMPTY_FILTERS, site: route.host ?? '' });
                go({ view: 'visits' });
              }}
              onDelete={() => page.onDelete({ kind: 'site', host: route.host ?? '' })}
              expectations={indexExpectations(expectations.list).forHost(route.host ?? '')}
              onExpect={expectations.add}
              {...lang}
            />
            {details}
          </div>
        )}
        {route.view === 'events' && (
          <section aria-labelledby="events-title">
            <h2 id="events-title" tabIndex={-1}>
              {t('privacy_events_heading')}
            </h2>
            {events === undefined ? (
              <p class="muted">{t('privacy_loading')}</p>
            ) : (
              <EventList events={events} onMarkSeen={page.onMarkSeen} siteHref={siteHref} labelledBy="events-title" {...lang} />
            )}
          </section>
        )}
        {route.view === 'charts' && (
          <section aria-labelledby="charts-title">
            <h2 id="charts-title" tabIndex={-1}>
              {t('privacy_charts_heading')}
            </h2>
            <ChartsSection stats={stats} siteHref={siteHref} {...lang} />
          </section>
        )}
        {route.view === 'settings' && (
          <SettingsSection
            settings={settings}
            onSettings={page.onSettings}
            onRetention={page.onRetention}
            onDelete={page.onDelete}
            onExport={page.onExport}
            onImport={page.onImport}
            busy={page.busy}
            progress={page.importProgress}
            hostsListId={HOSTS_LIST}
            {...lang}
          />
        )}
      </main>
      <ConfirmDialog request={page.pending?.request} onConfirm={page.confirm} onCancel={page.cancel} t={t} />
    </div>
  );
}
