/**
 * The data of the views other than the list, read when a view is shown and read again when
 * the history changes (`version`). A re-read keeps the old data on screen until the new
 * arrives, so a background write never makes a panel flash "Loading…".
 */
import { useEffect, useState } from 'preact/hooks';
import type { HistoryStats, SiteView } from '@/lib/history/queries';
import type { HistoryEventRecord } from '@/lib/history/schema';
import * as actions from '@/lib/privacy/privacy-io';
import type { Route } from '@/lib/privacy/route';

/** undefined while loading; null when the thing does not exist (any more). */
export interface ViewData {
  detail?: actions.VisitDetail | null;
  site?: SiteView | null;
  events?: HistoryEventRecord[];
  stats?: HistoryStats;
  /** Host names for the site fields' suggestions. */
  hosts: string[];
}

/** Runs `load` when `deps` change and hands its result to `set` unless a newer run started. */
function useLoad<T>(load: (() => Promise<T>) | undefined, set: (value: T) => void, deps: unknown[]): void {
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (value) => live && set(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, deps);
}

/** `listShown`: the first page of visits is on screen (suggestions wait for it). */
export function useViewData(route: Route, version: number, listShown: boolean): ViewData {
  const [detail, setDetail] = useState<actions.VisitDetail | null>();
  const [site, setSite] = useState<SiteView | null>();
  const [events, setEvents] = useState<HistoryEventRecord[]>();
  const [stats, setStats] = useState<HistoryStats>();
  const [hosts, setHosts] = useState<string[]>([]);

  // Another visit or site: the old one's data must not show as the new one's.
  useEffect(() => setDetail(undefined), [route.visit]);
  useEffect(() => setSite(undefined), [route.host]);

  const visit = route.visit;
  useLoad(visit === undefined ? undefined : () => actions.loadVisit(visit).then((d) => d ?? null), setDetail, [visit, version]);
  const host = route.view === 'site' ? route.host : undefined;
  useLoad(host === undefined ? undefined : () => actions.loadSite(host).then((s) => s ?? null), setSite, [host, version]);
  useLoad(route.view === 'events' ? actions.loadEvents : undefined, setEvents, [route.view, version]);
  useLoad(route.view === 'charts' ? actions.loadStats : undefined, setStats, [route.view, version]);
  useLoad(listShown ? actions.knownHosts : undefined, setHosts, [listShown, version]);

  return { detail, site, events, stats, hosts };
}
