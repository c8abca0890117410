/**
 * The page's address: which view is shown lives in the URL hash, so the back button, reloads
 * and links from the popup ("#site=example.com") all work without a router library.
 *
 *   #visits (or empty)      the visit list           #events     events
 *   #visit=<key>            the list + one visit     #charts     summary charts
 *   #site=<host>[&visit=k]  one site's page          #settings   settings, deletion, backups
 */

/** The views of the page. */
export type View = 'visits' | 'site' | 'events' | 'charts' | 'settings';

/** A parsed hash. `visit` opens a visit's details over the list or the site page. */
export interface Route {
  view: View;
  /** For view 'site'. */
  host?: string;
  /** A visit key (its time in ms). */
  visit?: number;
}

const SIMPLE: readonly View[] = ['visits', 'events', 'charts', 'settings'];

function visitKey(value: string | null): number | undefined {
  if (value === null || !/^\d{1,16}$/.test(value)) return undefined;
  return Number(value);
}

/** Reads a hash ("#site=a.test&visit=17…"); anything unknown is the visit list. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if ((SIMPLE as readonly string[]).includes(raw)) return { view: raw as View };
  const params = new URLSearchParams(raw);
  const visit = visitKey(params.get('visit'));
  const host = params.get('site')?.trim().toLowerCase();
  if (host) return visit === undefined ? { view: 'site', host } : { view: 'site', host, visit };
  return visit === undefined ? { view: 'visits' } : { view: 'visits', visit };
}

/** The hash for a route (with the leading "#"). */
export function routeHash(route: Route): string {
  const params = new URLSearchParams();
  if (route.view === 'site' && route.host) params.set('site', route.host);
  else if (route.view !== 'visits' && route.view !== 'site') return `#${route.view}`;
  if (route.visit !== undefined) params.set('visit', String(route.visit));
  const s = params.toString();
  return s ? `#${s}` : '#visits';
}

/** The same route without an open visit (closing the details panel). */
export function withoutVisit(route: Route): Route {
  const { visit: _visit, ...rest } = route;
  return rest;
}
