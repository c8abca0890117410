/**
 * The privacy-history page's container: holds the route, filters and loaded data, and makes
 * every database and browser call through lib/privacy/actions. What it draws is presentational.
 *
 * Contract with the tests and the bench: the root gets data-ready="true" once the first page
 * of visits is rendered, and at that moment `window.__onlookerFirstPaint` records
 * performance.now() (ms since navigation start). After the rows (or the "no match" text) of
 * each query are in the DOM, the list's container carries data-query (the query's key) and
 * data-rendered-at (performance.now() of that commit).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HistoryStats, SiteView as SiteData } from '@/lib/history/queries';
import type { HistoryEventRecord } from '@/lib/history/schema';
import { t } from '@/lib/i18n/t';
import * as actions from '@/lib/privacy/actions';
import { EMPTY_FILTERS, toQuery, type FilterState } from '@/lib/privacy/filters';
import { createFormats } from '@/lib/privacy/format';
import { dismissHistoryNotice, watchHistoryNotice, type HistoryNotice } from '@/lib/privacy/notice';
import { routeHash, withoutVisit, type Route } from '@/lib/privacy/route';
import { useHistoryVersion } from '@/lib/privacy/use-history-version';
import { useRoute } from '@/lib/privacy/use-route';
import { useVisitSource } from '@/lib/privacy/use-visit-source';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { ChartsSection } from './ChartsSection';
import { ConfirmDialog } from './ConfirmDialog';
import { confirmation, type Pending } from './confirmations';
import type { DeleteRequest } from './DeleteHistory';
import { EventList } from './EventList';
import { FilterBar } from './FilterBar';
import { Nav } from './Nav';
import { Notices, type StatusMessage } from './Notices';
import { SettingsSection } from './SettingsSection';
import { SiteView } from './SiteView';
import { VisitDetails } from './VisitDetails';
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
  const { f } = lang;
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
  const [status, setStatus] = useState<StatusMessage>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  const [hosts, setHosts] = useState<string[]>([]);
  const [detail, setDetail] = useState<actions.VisitDetail | null>();
  const [site, setSite] = useState<SiteData | null>();
  const [events, setEvents] = useState<HistoryEventRecord[]>();
  const [stats, setStats] = useState<HistoryStats>();

  useEffect(() => {
    void actions.loadSettings().then(setSettings);
    actions.watchSettings(setSettings);
    return watchHistoryNotice(setNotice);
  }, []);

  // Suggestions for the site fields: after the first paint, never before it.
  useEffect(() => {
    if (list.source) void actions.knownHosts().then(setHosts, () => undefined);
  }, [!!list.source, version]);

  useEffect(() => {
    setDetail(undefined);
    if (route.visit !== undefined) void actions.loadVisit(route.visit).then((d) => setDetail(d ?? null));
  }, [route.visit, version]);

  useEffect(() => {
    if (route.view !== 'site' || !route.host) return;
    let live = true;
    void actions.loadSite(route.host).then((s) => live && setSite(s ?? null));
    return () => {
      live = false;
    };
  }, [route.view, route.host, version]);
  useEffect(() => setSite(undefined), [route.host]);

  useEffect(() => {
    if (route.view === 'events') void actions.loadEvents().then(setEvents);
  }, [route.view, version]);

  useEffect(() => {
    if (route.view !== 'charts') return;
    let live = true;
    void actions.loadStats().then((s) => live && setStats(s));
    return () => {
      live = false;
    };
  }, [route.view, version]);

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
  const say = (text: string, error = false) => setStatus({ text, error });
  /** Runs a user action; its result (or failure) goes to the status line. */
  const run = async (work: () => Promise<StatusMessage | string>) => {
    setBusy(true);
    try {
      const result = await work();
      setStatus(typeof result === 'string' ? { text: result } : result);
    } catch (err) {
      say(t('privacy_action_failed', err instanceof Error ? err.message : String(err)), true);
    } finally {
      setBusy(false);
    }
  };

  const saveSettings = (patch: Partial<Settings>) =>
    void run(async () => {
      setSettings(await actions.saveSettings(patch));
      return t('privacy_settings_saved');
    });
  const onRetention = (days: number) => {
    const apply = () =>
      run(async () => {
        setSettings(await actions.saveSettings({ retentionDays: days }));
        const { visits } = await actions.retain(days);
        bump();
        return t('privacy_retention_applied', [f.number(days), f.number(visits)]);
      });
    if (days < settings.retentionDays) setPending(confirmation({ kind: 'retention', days }, lang, apply));
    else void apply();
  };
  const onDelete = (request: DeleteRequest) => {
    setPending(
      confirmation(request, lang, () =>
        run(async () => {
          const { visits } =
            request.kind === 'site'
              ? await actions.removeSite(request.host)
              : request.kind === 'range'
                ? await actions.removeRange(request.from, request.to)
                : await actions.removeAll();
          bump();
          if (request.kind === 'site' && route.view === 'site' && route.host === request.host) go({ view: 'visits' });
          return t('privacy_deleted', f.number(visits));
        }),
      ),
    );
  };
  const onExport = (kind: 'json' | 'csv') =>
    void run(async () => {
      await actions.downloadExport(kind);
      return t(kind === 'json' ? 'privacy_exported_json' : 'privacy_exported_csv');
    });
  const onImport = (file: File) =>
    void run(async () => {
      const outcome = await actions.importFile(file);
      if (outcome.ok) {
        bump();
        const r = outcome.result;
        return t('privacy_imported', [f.number(r.visitsAdded), f.number(r.visitsSkipped), f.number(r.certificatesAdded), f.number(r.eventsAdded)]);
      }
      return {
        error: true,
        text: outcome.reason === 'invalid' ? t('privacy_import_invalid', outcome.message) : t(`privacy_import_${outcome.reason}`),
      };
    });
  const onMarkSeen = (ids: number[]) => void actions.markEventsSeen(ids).then(bump);

  const visitHref = (key: number) => hrefOf(route.view === 'site' && route.host ? { view: 'site', host: route.host, visit: key } : { view: 'visits', visit: key });
  const details = route.visit !== undefined && (
    <VisitDetails detail={detail} siteHref={siteHref} onClose={closeDetails} {...lang} />
  );

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
        status={status}
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
              onMarkSeen={onMarkSeen}
              onShowAll={() => {
                setFilters({ ...EMPTY_FILTERS, site: route.host ?? '' });
                go({ view: 'visits' });
              }}
              onDelete={() => onDelete({ kind: 'site', host: route.host ?? '' })}
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
              <EventList events={events} onMarkSeen={onMarkSeen} siteHref={siteHref} labelledBy="events-title" {...lang} />
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
            onSettings={saveSettings}
            onRetention={onRetention}
            onDelete={onDelete}
            onExport={onExport}
            onImport={onImport}
            busy={busy}
            hostsListId={HOSTS_LIST}
            {...lang}
          />
        )}
      </main>
      <ConfirmDialog
        request={pending?.request}
        onConfirm={() => {
          const p = pending;
          setPending(undefined);
          void p?.run();
        }}
        onCancel={() => setPending(undefined)}
        t={t}
      />
    </div>
  );
}
